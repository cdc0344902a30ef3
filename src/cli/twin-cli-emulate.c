/* twin-cli-emulate.c: `twinctl emulate`, which plays a project's physical system over MQTT.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl emulate FILE --broker HOST:PORT [--speed X] [--noise SIGMA] [--seed N]
 *                   [--fault SPEC]… [--duration S] [--replay] [--user U] [--qos N]
 *
 * The work is TwinEmulator's (src/core/feeds/twin-emulator.c): for every topic
 * binding of FILE it publishes a plain number, simulated from the project's
 * first scenario (else a default one) from its start, or with --replay the
 * bound signal's recorded history. --duration is emulated time (default: the
 * scenario's duration, or the whole history). SIGINT and SIGTERM stop it
 * cleanly (exit 0). The password for --user comes from TWIN_FEED_PASSWORD.
 * Obeying command topics waits for command bindings.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-emulator.h"
#include "sim/twin-sim-scenario.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#define TICK_US (50 * 1000)

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal (int signal_number)
{
  stop_requested = 1;
}

typedef struct
{
  TwinEmulator *emulator;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
  gint          finished;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  job->ok = twin_emulator_run (job->emulator, job->cancellable, &job->error);
  g_atomic_int_set (&job->finished, 1);
  return NULL;
}

static gboolean
parse_broker (const char *text,
              char      **host,
              int        *port,
              GError    **error)
{
  const char *colon = strrchr (text, ':');
  guint64     value = 1883;

  if (colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &value, NULL))
    colon = text; /* refused below */
  *host = colon != NULL ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
  if (**host == '\0')
    {
      g_clear_pointer (host, g_free);
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not a broker address: give HOST or HOST:PORT (with a port from 1 to 65535), such as "
                      "localhost:1883."),
                   text);
      return FALSE;
    }
  *port = (int) value;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              const char *option,
              double      minimum,
              gboolean    strict,
              double     *value,
              GError    **error)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || *end != '\0' || !isfinite (*value) || *value < minimum || (strict && *value == minimum))
    {
      /* TRANSLATORS: an option, its value, the lowest value allowed. */
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("%s “%s”: give a number (with a dot) %s %g."),
                   option, text, strict ? _ ("above") : _ ("of at least"), minimum);
      return FALSE;
    }
  return TRUE;
}

gboolean
twin_cli_emulate (char  ***args,
                  GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinEmulator) emulator = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) faults = NULL;
  g_autofree char   *broker = NULL;
  g_autofree char   *host = NULL;
  g_autofree char   *speed = NULL;
  g_autofree char   *noise = NULL;
  g_autofree char   *duration = NULL;
  g_autofree char   *user = NULL;
  g_autofree char   *display = NULL;
  struct sigaction   action = { 0 };
  GThread           *thread;
  GPtrArray         *notes;
  Job                job = { 0 };
  double             speed_value = 1.0;
  double             sigma = 0.0;
  double             duration_s = 0.0;
  gboolean           replay = FALSE;
  int                qos = 1;
  int                seed = 0;
  int                port = 0;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "broker", 'b', 0, G_OPTION_ARG_STRING, &broker, N_ ("The MQTT broker to publish to (port 1883 by default)"),
      N_ ("HOST[:PORT]") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &speed, N_ ("Emulated seconds per real second (default 1)"), N_ ("X") },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &noise,
      N_ ("Add gaussian noise of this standard deviation to every value, in the payload’s unit"), N_ ("SIGMA") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_ ("The seed of the noise (default 0: the same noise every run)"),
      N_ ("N") },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      N_ ("stuck:TOPIC (repeats its first value), drop:TOPIC (never sent) or offset:TOPIC=V (repeatable)"),
      N_ ("SPEC") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration,
      N_ ("How much emulated time to play (default: the scenario’s duration, or the whole history)"),
      N_ ("DURATION") },
    { "replay", 0, 0, G_OPTION_ARG_NONE, &replay, N_ ("Publish the bound signals’ recorded history instead"), NULL },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_ ("The broker user; the password comes from TWIN_FEED_PASSWORD"),
      N_ ("USER") },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, N_ ("The QoS of the messages: 0, 1 (default) or 2"), N_ ("N") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Play the physical system of the project file FILE: publish, on every bound "
                                     "topic, the simulated value of its property (the first scenario, from its "
                                     "start, at --speed) or with --replay its recorded history, as plain numbers. "
                                     "Stops at the end of --duration, on Ctrl+C or SIGTERM. Command topics are not "
                                     "obeyed yet (that waits for command bindings). See docs/feeds.md."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (broker == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("emulate needs --broker HOST:PORT; see twinctl emulate --help"));
      return FALSE;
    }
  if (!parse_broker (broker, &host, &port, error) || !parse_number (speed, "--speed", 0.0, TRUE, &speed_value, error) || !parse_number (noise, "--noise", 0.0, FALSE, &sigma, error))
    return FALSE;
  if (duration != NULL && !twin_sim_parse_duration (duration, &duration_s, &local_error))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "--duration: %s", local_error->message);
      return FALSE;
    }
  if (qos < 0 || qos > 2)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("--qos %d: use 0, 1 or 2."), qos);
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  emulator = twin_emulator_new ((*args)[1], host, port);
  twin_emulator_set_speed (emulator, speed_value);
  twin_emulator_set_noise (emulator, sigma, (guint32) seed);
  twin_emulator_set_duration (emulator, duration_s);
  twin_emulator_set_replay (emulator, replay);
  twin_emulator_set_qos (emulator, qos);
  if (user != NULL)
    twin_emulator_set_credentials (emulator, user, g_getenv ("TWIN_FEED_PASSWORD"));
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!twin_emulator_add_fault (emulator, faults[i], &local_error))
      {
        g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
        return FALSE;
      }
  if (!twin_emulator_prepare (emulator, error))
    return FALSE;
  notes = twin_emulator_get_notes (emulator);
  for (guint i = 0; i < notes->len; i++)
    twin_cli_print_warning (g_ptr_array_index (notes, i));

  stop_requested = 0;
  action.sa_handler = on_stop_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  job.emulator = emulator;
  job.cancellable = cancellable;
  thread = g_thread_new ("twin-emulate", run_job, &job);
  while (!g_atomic_int_get (&job.finished))
    {
      if (stop_requested)
        g_cancellable_cancel (cancellable);
      g_usleep (TICK_US);
    }
  g_thread_join (thread);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (!job.ok)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  /* TRANSLATORS: a count of messages, a project file, a broker host and its port. */
  g_print (_ ("Published %" G_GUINT64_FORMAT " messages from “%s” to %s:%d.\n"),
           twin_emulator_get_n_published (emulator), display, host, port);
  if (twin_emulator_get_n_commands (emulator) > 0)
    /* TRANSLATORS: a count of setpoints received on command topics. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Obeyed %" G_GUINT64_FORMAT " setpoint.\n", "Obeyed %" G_GUINT64_FORMAT " setpoints.\n",
                          twin_emulator_get_n_commands (emulator)),
             twin_emulator_get_n_commands (emulator));
  return TRUE;
}
