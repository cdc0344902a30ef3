/* twin-recorder.c: being written (issue 7). */
