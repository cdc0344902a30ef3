/* twin-command.c: placeholder until its owner writes it (issue 7, second part). */
