/* twin-sim-scenario.c: being written (issue 6). */
