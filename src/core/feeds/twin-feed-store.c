/* twin-feed-store.c: being written (issue 7). */
