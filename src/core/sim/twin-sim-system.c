/* twin-sim-system.c: being written (issue 6). */
