/* twin-store.c: being written. */
