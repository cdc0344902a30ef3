/* feeds-test-broker.c: a real mosquitto for the feed tests, on a free loopback port with its own config.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The config keeps sessions on disk (so a restart keeps queued QoS 1 messages),
 * never drops queued messages (max_queued_messages 0) and allows 50 messages
 * in flight. As root, mosquitto would drop to the user mosquitto and fail to
 * write its persistence file in our folder: `user root` keeps it root.
 */

#include "config.h"

#include "feeds-test-broker.h"

#include "history/twin-historian.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

static int
free_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_open (int port)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);

  return g_socket_connect (socket, address, NULL, NULL);
}

static void
spawn (FeedsTestBroker *broker)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *log = g_build_filename (broker->dir, "mosquitto.log", NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  broker->process = g_subprocess_launcher_spawn (launcher, &error, "mosquitto", "-c", broker->conf_path, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 500; i++)
    {
      if (port_open (broker->port))
        return;
      g_usleep (10000);
    }
  g_error ("mosquitto did not start on port %d (see %s)", broker->port, log);
}

FeedsTestBroker *
feeds_test_broker_start (const char *extra)
{
  FeedsTestBroker *broker;
  g_autofree char *path = NULL;
  g_autoptr (GString) conf = g_string_new (NULL);

  path = g_find_program_in_path ("mosquitto");
  if (path == NULL)
    return NULL;
  broker = g_new0 (FeedsTestBroker, 1);
  broker->dir = g_dir_make_tmp ("twin-broker-XXXXXX", NULL);
  g_assert_nonnull (broker->dir);
  broker->port = free_port ();
  broker->conf_path = g_build_filename (broker->dir, "mosquitto.conf", NULL);
  if (geteuid () == 0)
    g_string_append (conf, "user root\n");
  g_string_append_printf (conf,
                          "per_listener_settings false\n"
                          "persistence true\n"
                          "persistence_location %s/\n"
                          "max_queued_messages 0\n"
                          "max_inflight_messages 50\n"
                          "log_dest stderr\n"
                          "listener %d 127.0.0.1\n",
                          broker->dir, broker->port);
  if (extra != NULL)
    g_string_append (conf, extra);
  else
    g_string_append (conf, "allow_anonymous true\n");
  twin_test_write_file (broker->conf_path, conf->str, conf->len);
  spawn (broker);
  return broker;
}

void
feeds_test_broker_stop (FeedsTestBroker *broker,
                        gboolean         kill)
{
  if (broker->process == NULL)
    return;
  g_subprocess_send_signal (broker->process, kill ? SIGKILL : SIGTERM);
  g_subprocess_wait (broker->process, NULL, NULL);
  g_clear_object (&broker->process);
}

void
feeds_test_broker_restart (FeedsTestBroker *broker)
{
  g_assert_null (broker->process);
  spawn (broker);
}

void
feeds_test_broker_free (FeedsTestBroker *broker)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  feeds_test_broker_stop (broker, TRUE);
  dir = g_dir_open (broker->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (broker->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (broker->dir);
  g_free (broker->dir);
  g_free (broker->conf_path);
  g_free (broker);
}

void
feeds_test_pub (FeedsTestBroker *broker,
                const char      *first_arg,
                ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (argv, g_strdup ("mosquitto_pub"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", broker->port));
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

char *
feeds_test_new_project (const char *basename)
{
  char *path = twin_test_tmp_path (basename);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TWINCTL"), "new", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  return path;
}

void
feeds_test_wait_recorder (TwinRecorder *recorder,
                          guint64       n,
                          double        timeout_s)
{
  gint64            deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  TwinRecorderStats stats;

  do
    {
      twin_recorder_get_stats (recorder, &stats);
      if (stats.received + stats.rejected >= n)
        return;
      g_usleep (5000);
    }
  while (g_get_monotonic_time () < deadline);
  g_error ("the recorder handled %" G_GUINT64_FORMAT " payloads in %g s, expected %" G_GUINT64_FORMAT,
           stats.received + stats.rejected, timeout_s, n);
}

gint64
feeds_test_count_samples (const char *path,
                          const char *signal)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, &error);
  g_autoptr (TwinSignalInfo) info = NULL;

  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, signal, NULL);
  return info != NULL ? info->n_samples : 0;
}
