/* twin-history.c: being written. */
