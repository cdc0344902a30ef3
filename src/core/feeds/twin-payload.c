/* twin-payload.c: being written (issue 7). */
