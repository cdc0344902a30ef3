/* twin-sim-run.c: being written (issue 6). */
