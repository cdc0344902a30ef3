/* twin-feed-config.c: being written (issue 7). */
