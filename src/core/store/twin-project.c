/* twin-project.c: being written. */
