/* twin-sim-solver.c: being written (issue 6). */
