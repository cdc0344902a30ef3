/* twin-command.c: being written. */
