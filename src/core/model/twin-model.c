/* twin-model.c: being written. */
