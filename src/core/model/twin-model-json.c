/* twin-model-json.c: being written. */
