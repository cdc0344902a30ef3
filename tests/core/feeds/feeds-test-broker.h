/* feeds-test-broker.h: a real mosquitto for the feed tests, on a free loopback port with its own config.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "feeds/twin-feed-config.h"
#include "feeds/twin-recorder.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  int          port;
  char        *dir;
  char        *conf_path;
} FeedsTestBroker;

/* NULL (the test is skipped) when mosquitto is not installed. @extra: more lines for the listener. */
FeedsTestBroker *feeds_test_broker_start (const char *extra);
/* SIGTERM (mosquitto saves its persistent sessions) or SIGKILL; waits for the exit. */
void             feeds_test_broker_stop (FeedsTestBroker *broker,
                                         gboolean         kill);
void             feeds_test_broker_restart (FeedsTestBroker *broker);
void             feeds_test_broker_free (FeedsTestBroker *broker);
/* Runs mosquitto_pub with @args (NULL-terminated) against @broker; asserts success. */
void             feeds_test_pub (FeedsTestBroker *broker,
                                 const char      *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;
/* A new empty project file. */
char            *feeds_test_new_project (const char *basename);
/* Waits until @recorder has handled @n payloads (received + rejected); asserts within @timeout_s. */
void             feeds_test_wait_recorder (TwinRecorder *recorder,
                                           guint64       n,
                                           double        timeout_s);
/* The number of samples of @signal in @path (0 when the signal does not exist). */
gint64           feeds_test_count_samples (const char *path,
                                           const char *signal);

G_END_DECLS
