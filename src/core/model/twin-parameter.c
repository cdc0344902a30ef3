/* twin-parameter.c: being written. */
