/* twin-sim-model.c: being written (issue 6). */
