/* twin-mqtt-feed.c: being written (issue 7). */
