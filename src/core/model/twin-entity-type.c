/* twin-entity-type.c: being written. */
