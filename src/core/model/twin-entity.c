/* twin-entity.c: being written. */
