/* twin-sim-builder.c: being written (issue 6). */
