/* twin-sim-archive.c: being written (issue 6). */
