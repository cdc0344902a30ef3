/* twin-live-page.c: the window's Live page: the connection manager (feeds, topics seen), alarm rules and logs.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page shows a TwinLiveSession the window owns: at the top, every feed
 * of the project with its status, messages per second and last error (the
 * Connect toggle starts and stops the session); below, tabs with the topics
 * seen since the start (last payload, value, rate, rejects and why, what
 * they are bound to, a stale mark), the alarm rules with the alarms raised
 * now, the alarm log and the command log.
 *
 * Lists are GtkStringLists of keys (feed name, topic, rule name, log index)
 * beside hash tables of what to show; a cell remembers its key, and every
 * cell on screen is refreshed in place when the session says ::changed (at
 * most 10 times a second), so rows keep their selection and nothing is
 * rebuilt per sample.
 *
 * Edits (feeds, topic bindings, alarm rules) go to the project file through
 * the page's own store connections, then the session rereads them
 * (twin_live_session_reload). Passwords are never written to the project:
 * they go to the session, and when asked, to the desktop keyring through
 * libsecret (the Secret portal in Flatpak), keyed by broker and user; the
 * page looks them up there before it connects.
 *
 * A topic row is a drag source of the topic's name as text: the inspector
 * binds a topic dropped on a property.
 */

#define G_LOG_DOMAIN "twin-live-page"

#include "config.h"

#include "twin-live-page.h"

#include "feeds/twin-alarm-store.h"
#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "history/twin-historian.h"
#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <math.h>
#include <string.h>

/* The logs show this many of their newest entries. */
#define LOG_LIMIT 500
#define US_PER_S G_GINT64_CONSTANT (1000000)

typedef enum
{
  LIST_FEEDS,
  LIST_TOPICS,
  LIST_RULES,
  LIST_ALARM_LOG,
  LIST_COMMAND_LOG,
} ListKind;

enum
{
  RULE_NAME,
  RULE_SIGNAL,
  RULE_KIND,
  RULE_LIMITS,
  RULE_ENABLED,
};

enum
{
  EVENT_TIME,
  EVENT_KIND,
  EVENT_RULE,
  EVENT_SIGNAL,
  EVENT_VALUE,
  EVENT_MESSAGE,
};

enum
{
  COMMAND_TIME,
  COMMAND_TARGET,
  COMMAND_VALUE,
  COMMAND_TOPIC,
  COMMAND_PAYLOAD,
  COMMAND_ORIGIN,
  COMMAND_RESULT,
};

struct _TwinLivePage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkToggleButton    *connect_button;
  GtkLabel           *status_label;
  GtkLabel           *message_label;
  GtkColumnView      *feeds_view;
  GtkStack           *tab_stack;
  GtkColumnView      *topics_view;
  GtkListBox         *raised_list;
  GtkColumnView      *rules_view;
  GtkColumnView      *alarm_log_view;
  GtkColumnView      *command_log_view;
  GtkDialog          *feed_dialog;
  GtkEntry           *feed_name_entry;
  GtkEntry           *feed_host_entry;
  GtkSpinButton      *feed_port_spin;
  GtkEntry           *feed_topics_entry;
  GtkEntry           *feed_payload_entry;
  GtkDropDown        *feed_qos_dropdown;
  GtkEntry           *feed_client_entry;
  GtkDropDown        *feed_protocol_dropdown;
  GtkCheckButton     *feed_clean_check;
  GtkEntry           *feed_ca_entry;
  GtkEntry           *feed_cert_entry;
  GtkEntry           *feed_key_entry;
  GtkEntry           *feed_user_entry;
  GtkPasswordEntry   *feed_password_entry;
  GtkCheckButton     *feed_remember_check;
  GtkLabel           *feed_error_label;
  GtkDialog          *bind_dialog;
  GtkLabel           *bind_topic_label;
  GtkLabel           *bind_entity_label;
  GtkDropDown        *bind_property_dropdown;
  GtkEntry           *bind_unit_entry;
  GtkEntry           *bind_scale_entry;
  GtkEntry           *bind_offset_entry;
  GtkLabel           *bind_error_label;
  GtkDialog          *rule_dialog;
  GtkEntry           *rule_name_entry;
  GtkEntry           *rule_signal_entry;
  GtkDropDown        *rule_kind_dropdown;
  GtkEntry           *rule_high_entry;
  GtkEntry           *rule_low_entry;
  GtkEntry           *rule_deadband_entry;
  GtkEntry           *rule_window_entry;
  GtkCheckButton     *rule_enabled_check;
  GtkLabel           *rule_error_label;

  /* Owned references */
  TwinProject        *project;
  TwinLiveSession    *session;
  TwinEntity         *entity;     /* the window's selection, for Bind to… */
  TwinFeedStore      *feed_store; /* NULL without a project */
  TwinAlarmStore     *alarm_store;
  TwinCommandStore   *command_store;
  GtkStringList      *feed_keys;    /* feed names, as configured */
  GHashTable         *feed_configs; /* name → TwinFeedConfig */
  GHashTable         *feed_status;  /* name → TwinLiveFeedStatus */
  GtkStringList      *topic_keys;
  GHashTable         *topics; /* topic → TwinLiveTopic */
  GtkStringList      *rule_keys;
  GHashTable         *rules;      /* name → TwinAlarmRule */
  GtkStringList      *event_keys; /* index into events, newest first */
  GPtrArray          *events;     /* TwinAlarmEvent, oldest first */
  GtkStringList      *command_keys;
  GPtrArray          *commands;     /* TwinCommandRecord, oldest first */
  GHashTable         *bound_cells;  /* GtkLabel → NULL: every cell on screen */
  GHashTable         *acknowledged; /* rule ids (gint64 *) acknowledged while raised */
  GtkSingleSelection *feed_selection;
  GtkSingleSelection *topic_selection;
  GtkSingleSelection *rule_selection;
  GtkStringList      *property_names; /* the bind dialog's choices */
  GtkStringList      *rule_kinds;
  GCancellable       *cancellable; /* keyring look-ups and stores */
  GtkPopoverMenu     *topic_menu;

  /* State */
  char               *editing_feed;  /* the feed dialog's feed (NULL: a new one) */
  char               *binding_topic; /* the bind dialog's topic */
  gint64              editing_rule;  /* the rule dialog's rule id (0: a new one) */
  gulong              changed_handler;
  gulong              alarm_handler;
  guint               pending_lookups; /* keyring look-ups before a start */
  guint               log_source;
  gint64              raised_stamp; /* sum of the raised rules' ids and times, to skip rebuilds */
  gboolean            connecting;   /* Connect was asked; look-ups are running */
  gboolean            syncing;      /* the toggle is being set, not clicked */
};

G_DEFINE_FINAL_TYPE (TwinLivePage, twin_live_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ERROR,
  SIGNAL_ACKNOWLEDGED,
  SIGNAL_CONNECTION_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void  refresh (TwinLivePage *self);
static void  start_session (TwinLivePage *self);

/* Passwords in the desktop keyring, one per broker account. */
static const SecretSchema *
feed_password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.twinstudio.TwinStudio.FeedPassword",
    SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
emit_error (TwinLivePage *self,
            const char   *message)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

static gboolean
is_writable (TwinLivePage *self)
{
  return self->project != NULL && self->feed_store != NULL && !twin_project_get_is_read_only (self->project);
}

static gboolean
check_writable (TwinLivePage *self,
                GError      **error)
{
  if (is_writable (self))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                       self->project == NULL ? _ ("No twin is open.")
                                             : _ ("This twin is open read-only: its feeds and alarms cannot be changed."));
  return FALSE;
}

/* A number typed by the user: a dot or the locale's decimal mark; empty gives @empty. */
static gboolean
parse_number (const char *text,
              double      empty,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char            *end = NULL;

  if (*copy == '\0')
    {
      *value = empty;
      return TRUE;
    }
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*value);
}

static char *
format_time (gint64 t_us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (t_us / US_PER_S);
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL || t_us <= 0)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
format_rate (double per_s)
{
  /* TRANSLATORS: messages per second, as in "12.5/s". */
  return g_strdup_printf (_ ("%.1f/s"), per_s);
}

static const char *
state_text (TwinMqttState state,
            TwinFeedKind  kind)
{
  switch (state)
    {
    case TWIN_MQTT_CONNECTED:
      return kind == TWIN_FEED_CSV_REPLAY ? _ ("Playing") : _ ("Connected");
    case TWIN_MQTT_CONNECTING:
      return _ ("Connecting…");
    case TWIN_MQTT_DISCONNECTED:
    default:
      return _ ("Disconnected");
    }
}

static char *
feed_text (TwinLivePage      *self,
           const char        *name,
           TwinLiveFeedColumn column)
{
  TwinFeedConfig     *config = g_hash_table_lookup (self->feed_configs, name);
  TwinLiveFeedStatus *status = g_hash_table_lookup (self->feed_status, name);
  gboolean            running = self->session != NULL && twin_live_session_is_running (self->session);

  if (config == NULL && status == NULL)
    return NULL;
  switch (column)
    {
    case TWIN_LIVE_FEED_NAME:
      return g_strdup (name);
    case TWIN_LIVE_FEED_BROKER:
      if (config == NULL)
        return g_strdup ("");
      if (config->kind == TWIN_FEED_CSV_REPLAY)
        return g_strdup_printf (_ ("Replay of %s"), config->csv_path != NULL ? config->csv_path : "?");
      return g_strdup_printf ("%s:%d%s", config->host != NULL ? config->host : "?", config->port,
                              config->tls_ca_file != NULL ? " (TLS)" : "");
    case TWIN_LIVE_FEED_STATUS:
      if (status == NULL || !running)
        return g_strdup (_ ("Disconnected"));
      return g_strdup (state_text (status->state, status->kind));
    case TWIN_LIVE_FEED_RATE:
      return status != NULL && running ? format_rate (status->messages_per_s) : g_strdup ("");
    case TWIN_LIVE_FEED_MESSAGES:
      return status != NULL ? g_strdup_printf ("%" G_GUINT64_FORMAT, status->messages) : g_strdup ("");
    case TWIN_LIVE_FEED_REJECTED:
      return status != NULL ? g_strdup_printf ("%" G_GUINT64_FORMAT, status->rejected) : g_strdup ("");
    case TWIN_LIVE_FEED_ERROR:
    default:
      return g_strdup (status != NULL && status->last_error != NULL ? status->last_error : "");
    }
}

static char *
topic_text (TwinLivePage       *self,
            const char         *key,
            TwinLiveTopicColumn column)
{
  TwinLiveTopic *topic = g_hash_table_lookup (self->topics, key);

  if (topic == NULL)
    return NULL;
  switch (column)
    {
    case TWIN_LIVE_TOPIC_NAME:
      return g_strdup (topic->topic);
    case TWIN_LIVE_TOPIC_PAYLOAD:
      return g_strdup (topic->last_payload != NULL ? topic->last_payload : "");
    case TWIN_LIVE_TOPIC_VALUE:
      {
        g_autofree char *number = NULL;
        const char      *unit;

        if (!topic->has_value)
          return g_strdup ("");
        number = twin_format_number (topic->last_value);
        unit = topic->unit;
        /* A bound topic's values are in its property's unit. */
        if ((unit == NULL || *unit == '\0') && topic->entity_path != NULL && self->project != NULL)
          {
            TwinEntity    *entity = twin_model_lookup_path (twin_project_get_model (self->project), topic->entity_path);
            TwinParameter *parameter = entity != NULL ? twin_entity_get_parameter (entity, topic->property) : NULL;

            unit = parameter != NULL ? twin_parameter_get_unit (parameter) : NULL;
          }
        if (unit != NULL && *unit != '\0')
          return g_strdup_printf ("%s %s", number, unit);
        return g_steal_pointer (&number);
      }
    case TWIN_LIVE_TOPIC_RATE:
      return format_rate (topic->messages_per_s);
    case TWIN_LIVE_TOPIC_COUNT:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, topic->count);
    case TWIN_LIVE_TOPIC_REJECTED:
      if (topic->rejected == 0)
        return g_strdup ("");
      if (topic->last_reject_reason != NULL)
        /* TRANSLATORS: a count of refused payloads, then why the last one was refused. */
        return g_strdup_printf (_ ("%" G_GUINT64_FORMAT ": %s"), topic->rejected, topic->last_reject_reason);
      return g_strdup_printf ("%" G_GUINT64_FORMAT, topic->rejected);
    case TWIN_LIVE_TOPIC_BOUND_TO:
      if (topic->entity_path == NULL)
        return g_strdup ("");
      return g_strdup_printf ("%s.%s", topic->entity_path, topic->property != NULL ? topic->property : "?");
    case TWIN_LIVE_TOPIC_STALE:
    default:
      /* TRANSLATORS: the mark of a topic that stopped arriving for longer than usual. */
      return g_strdup (topic->stale ? _ ("Stale") : "");
    }
}

static char *
format_limit (double value)
{
  return isnan (value) ? g_strdup ("–") : twin_format_number (value);
}

static char *
rule_text (TwinLivePage *self,
           const char   *name,
           int           column)
{
  TwinAlarmRule *rule = g_hash_table_lookup (self->rules, name);

  if (rule == NULL)
    return NULL;
  switch (column)
    {
    case RULE_NAME:
      return g_strdup (rule->name);
    case RULE_SIGNAL:
      return g_strdup (rule->signal);
    case RULE_KIND:
      return g_strdup (rule->kind == TWIN_ALARM_RATE ? _ ("Rate of change") : _ ("Value"));
    case RULE_LIMITS:
      {
        g_autofree char *low = format_limit (rule->low);
        g_autofree char *high = format_limit (rule->high);

        if (rule->kind == TWIN_ALARM_RATE)
          {
            g_autofree char *window = twin_format_number (rule->window_s);

            /* TRANSLATORS: the limits of a rate alarm: lowest, highest (per second) and the window in seconds. */
            return g_strdup_printf (_ ("%s … %s per s over %s s"), low, high, window);
          }
        /* TRANSLATORS: the limits of a threshold alarm: lowest … highest. */
        return g_strdup_printf (_ ("%s … %s"), low, high);
      }
    case RULE_ENABLED:
    default:
      return g_strdup (rule->enabled ? _ ("Enabled") : _ ("Disabled"));
    }
}

static const char *
event_kind_text (TwinAlarmEventKind kind)
{
  switch (kind)
    {
    case TWIN_ALARM_RAISED:
      return _ ("Raised");
    case TWIN_ALARM_CLEARED:
      return _ ("Cleared");
    case TWIN_ALARM_ACKNOWLEDGED:
    default:
      return _ ("Acknowledged");
    }
}

static char *
event_text (TwinLivePage *self,
            const char   *key,
            int           column)
{
  guint64         index = g_ascii_strtoull (key, NULL, 10);
  TwinAlarmEvent *event;

  if (self->events == NULL || index >= self->events->len)
    return NULL;
  event = g_ptr_array_index (self->events, index);
  switch (column)
    {
    case EVENT_TIME:
      return format_time (event->t_us);
    case EVENT_KIND:
      return g_strdup (event_kind_text (event->kind));
    case EVENT_RULE:
      return g_strdup (event->rule_name != NULL ? event->rule_name : "");
    case EVENT_SIGNAL:
      return g_strdup (event->signal != NULL ? event->signal : "");
    case EVENT_VALUE:
      return isnan (event->value) ? g_strdup ("") : twin_format_number (event->value);
    case EVENT_MESSAGE:
    default:
      return g_strdup (event->message != NULL ? event->message : "");
    }
}

static char *
command_text (TwinLivePage *self,
              const char   *key,
              int           column)
{
  guint64            index = g_ascii_strtoull (key, NULL, 10);
  TwinCommandRecord *record;

  if (self->commands == NULL || index >= self->commands->len)
    return NULL;
  record = g_ptr_array_index (self->commands, index);
  switch (column)
    {
    case COMMAND_TIME:
      return format_time (record->t_us);
    case COMMAND_TARGET:
      return g_strdup_printf ("%s.%s", record->entity_path, record->property);
    case COMMAND_VALUE:
      return twin_format_number (record->value);
    case COMMAND_TOPIC:
      /* TRANSLATORS: a topic, its QoS and whether the broker keeps it. */
      return g_strdup_printf (record->retain ? _ ("%s (QoS %d, retained)") : _ ("%s (QoS %d)"), record->topic,
                              record->qos);
    case COMMAND_PAYLOAD:
      return g_strdup (record->payload != NULL ? record->payload : "");
    case COMMAND_ORIGIN:
      return g_strdup (record->origin != NULL ? record->origin : "");
    case COMMAND_RESULT:
    default:
      if (record->ok)
        return g_strdup (_ ("Sent"));
      /* TRANSLATORS: a command that did not reach the broker, and why. */
      return g_strdup_printf (_ ("Failed: %s"), record->error != NULL ? record->error : _ ("unknown reason"));
    }
}

/* What cell (@list, @column) of row @key shows. */
static char *
cell_text (TwinLivePage *self,
           ListKind      list,
           int           column,
           const char   *key)
{
  switch (list)
    {
    case LIST_FEEDS:
      return feed_text (self, key, (TwinLiveFeedColumn) column);
    case LIST_TOPICS:
      return topic_text (self, key, (TwinLiveTopicColumn) column);
    case LIST_RULES:
      return rule_text (self, key, column);
    case LIST_ALARM_LOG:
      return event_text (self, key, column);
    case LIST_COMMAND_LOG:
    default:
      return command_text (self, key, column);
    }
}

static void
update_cell (TwinLivePage *self,
             GtkLabel     *label)
{
  const char      *key = g_object_get_data (G_OBJECT (label), "key");
  ListKind         list = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "list"));
  int              column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  g_autofree char *text = key != NULL ? cell_text (self, list, column, key) : NULL;
  gboolean         alert = FALSE;

  gtk_label_set_label (label, text != NULL ? text : "");
  /* Long texts (payloads, errors, messages) are cut: the tooltip has them whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text != NULL && g_utf8_strlen (text, -1) > 24 ? text : NULL);
  if (list == LIST_FEEDS && column == TWIN_LIVE_FEED_ERROR)
    alert = text != NULL && *text != '\0';
  else if (list == LIST_TOPICS && (column == TWIN_LIVE_TOPIC_STALE || column == TWIN_LIVE_TOPIC_REJECTED))
    alert = text != NULL && *text != '\0';
  else if (list == LIST_COMMAND_LOG && column == COMMAND_RESULT && self->commands != NULL)
    {
      guint64 index = g_ascii_strtoull (key, NULL, 10);

      alert = index < self->commands->len && !((TwinCommandRecord *) g_ptr_array_index (self->commands, index))->ok;
    }
  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
}

static void
update_cells (TwinLivePage *self)
{
  GHashTableIter iter;
  gpointer       label;

  g_hash_table_iter_init (&iter, self->bound_cells);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    update_cell (self, label);
}

/* Replaces the keys of @list with @keys (sorted as wanted) when they differ, keeping the selected key. */
static void
sync_keys (GtkStringList      *list,
           GtkSingleSelection *selection,
           GPtrArray          *keys)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean         same = n == keys->len;
  g_autofree char *selected = NULL;

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (list, i), g_ptr_array_index (keys, i)) == 0;
  if (same)
    return;
  if (selection != NULL && gtk_single_selection_get_selected_item (selection) != NULL)
    selected = g_strdup (gtk_string_object_get_string (gtk_single_selection_get_selected_item (selection)));
  g_ptr_array_add (keys, NULL);
  gtk_string_list_splice (list, 0, n, (const char *const *) keys->pdata);
  g_ptr_array_remove_index (keys, keys->len - 1);
  if (selection == NULL)
    return;
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; selected != NULL && i < keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (keys, i), selected) == 0)
      gtk_single_selection_set_selected (selection, i);
}

static const char *
selected_key (GtkSingleSelection *selection)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (selection);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
update_actions (TwinLivePage *self)
{
  gboolean writable = is_writable (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.add-feed", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.edit-feed", writable && selected_key (self->feed_selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.remove-feed", writable && selected_key (self->feed_selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.bind-topic",
                                 writable && selected_key (self->topic_selection) != NULL && self->entity != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.unbind-topic", writable && selected_key (self->topic_selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.add-rule", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.edit-rule", writable && selected_key (self->rule_selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.remove-rule", writable && selected_key (self->rule_selection) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), self->session != NULL);
}

static void
update_toggle (TwinLivePage *self)
{
  gboolean running = self->session != NULL && twin_live_session_is_running (self->session);

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->connect_button, running || self->connecting);
  self->syncing = FALSE;
  gtk_button_set_label (GTK_BUTTON (self->connect_button), running ? _ ("_Disconnect") : _ ("_Connect"));
}

static void
update_status (TwinLivePage *self)
{
  g_autofree char *text = NULL;
  const char      *message = NULL;
  guint            n_feeds = g_list_model_get_n_items (G_LIST_MODEL (self->feed_keys));
  guint            n_connected = 0;
  double           rate = 0.0;
  GHashTableIter   iter;
  gpointer         value;

  if (self->project == NULL)
    message = _ ("No twin is open.");
  else if (twin_project_get_is_read_only (self->project))
    message = _ ("This twin is open read-only: its feeds are not recorded here.");
  else if (n_feeds == 0)
    message = _ ("This twin has no feeds yet. Add Feed… connects it to an MQTT broker: what arrives is kept in the twin’s history, topic by topic.");
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  g_hash_table_iter_init (&iter, self->feed_status);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TwinLiveFeedStatus *status = value;

      if (status->state == TWIN_MQTT_CONNECTED)
        n_connected++;
      rate += status->messages_per_s;
    }
  if (self->session == NULL || n_feeds == 0)
    text = g_strdup ("");
  else if (self->connecting && !twin_live_session_is_running (self->session))
    text = g_strdup (_ ("Looking up passwords in the keyring…"));
  else if (!twin_live_session_is_running (self->session))
    text = g_strdup (_ ("Disconnected: nothing is recorded."));
  else if (n_connected == 0)
    text = g_strdup (_ ("Not connected yet: the feeds keep trying (see Last Error)."));
  else
    {
      g_autofree char *per_s = format_rate (rate);

      /* TRANSLATORS: "Connected to 1 of 2 feeds · 12.5/s in · topics seen: 7". */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected to %u of %u feed · %s in · topics seen: %u",
                                           "Connected to %u of %u feeds · %s in · topics seen: %u", n_feeds),
                              n_connected, n_feeds, per_s, g_list_model_get_n_items (G_LIST_MODEL (self->topic_keys)));
    }
  gtk_label_set_label (self->status_label, text);
}

/* Rebuilds the "raised now" rows when the raised alarms changed. */
static void
update_raised (TwinLivePage *self)
{
  g_autoptr (GPtrArray) raised = NULL;
  GtkWidget *child;
  gint64     stamp = 0;

  if (self->session != NULL)
    raised = twin_live_session_dup_raised_alarms (self->session);
  for (guint i = 0; raised != NULL && i < raised->len; i++)
    {
      TwinAlarmEvent *event = g_ptr_array_index (raised, i);
      gint64          key = event->rule_id;

      stamp += (event->rule_id + 1) * 7919 + event->t_us + (g_hash_table_contains (self->acknowledged, &key) ? 1 : 0);
    }
  stamp += raised != NULL ? raised->len : 0;
  if (stamp == self->raised_stamp)
    return;
  self->raised_stamp = stamp;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->raised_list))) != NULL)
    gtk_list_box_remove (self->raised_list, child);
  for (guint i = 0; raised != NULL && i < raised->len; i++)
    {
      TwinAlarmEvent  *event = g_ptr_array_index (raised, i);
      GtkWidget       *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget       *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *when = format_time (event->t_us);
      g_autofree char *text = g_strdup_printf ("%s — %s", when, event->message != NULL ? event->message : event->rule_name);
      GtkWidget       *label = gtk_label_new (text);
      gint64           key = event->rule_id;

      gtk_widget_set_margin_start (row, 8);
      gtk_widget_set_margin_end (row, 8);
      gtk_widget_set_margin_top (row, 4);
      gtk_widget_set_margin_bottom (row, 4);
      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      if (g_hash_table_contains (self->acknowledged, &key))
        {
          GtkWidget *done = gtk_label_new (_ ("Acknowledged"));

          gtk_widget_add_css_class (done, "dim-label");
          gtk_box_append (GTK_BOX (row), done);
        }
      else
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Acknowledge"));

          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "live.acknowledge");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (event->rule_id));
          gtk_box_append (GTK_BOX (row), button);
        }
      gtk_list_box_append (self->raised_list, row);
    }
}

static void
reload_feeds (TwinLivePage *self)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) configs = NULL;
  g_autoptr (GError) error = NULL;

  g_hash_table_remove_all (self->feed_configs);
  if (self->feed_store != NULL)
    {
      configs = twin_feed_store_list_feeds (self->feed_store, &error);
      if (configs == NULL)
        emit_error (self, error->message);
    }
  for (guint i = 0; configs != NULL && i < configs->len; i++)
    {
      TwinFeedConfig *config = g_ptr_array_index (configs, i);

      g_hash_table_insert (self->feed_configs, g_strdup (config->name), twin_feed_config_copy (config));
      g_ptr_array_add (keys, g_strdup (config->name));
    }
  sync_keys (self->feed_keys, self->feed_selection, keys);
}

static void
reload_rules (TwinLivePage *self)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GError) error = NULL;

  g_hash_table_remove_all (self->rules);
  if (self->alarm_store != NULL)
    {
      rules = twin_alarm_store_list_rules (self->alarm_store, &error);
      if (rules == NULL)
        emit_error (self, error->message);
    }
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      TwinAlarmRule *rule = g_ptr_array_index (rules, i);

      g_hash_table_insert (self->rules, g_strdup (rule->name), twin_alarm_rule_copy (rule));
      g_ptr_array_add (keys, g_strdup (rule->name));
    }
  sync_keys (self->rule_keys, self->rule_selection, keys);
}

/* The logs are shown newest first; their keys are indices into the arrays, oldest first. */
static void
index_keys (GtkStringList *list,
            guint          n)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint old = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = n; i > 0; i--)
    g_ptr_array_add (keys, g_strdup_printf ("%u", i - 1));
  g_ptr_array_add (keys, NULL);
  gtk_string_list_splice (list, 0, old, (const char *const *) keys->pdata);
}

static void
reload_logs (TwinLivePage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) command_error = NULL;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->commands, g_ptr_array_unref);
  if (self->alarm_store != NULL)
    {
      self->events = twin_alarm_store_list_events (self->alarm_store, 0, LOG_LIMIT, &error);
      if (self->events == NULL)
        emit_error (self, error->message);
    }
  if (self->command_store != NULL)
    {
      self->commands = twin_command_store_list_log (self->command_store, LOG_LIMIT, &command_error);
      if (self->commands == NULL)
        emit_error (self, command_error->message);
    }
  index_keys (self->event_keys, self->events != NULL ? self->events->len : 0);
  index_keys (self->command_keys, self->commands != NULL ? self->commands->len : 0);
}

static gboolean
reload_logs_cb (gpointer user_data)
{
  TwinLivePage *self = user_data;

  self->log_source = 0;
  reload_logs (self);
  update_cells (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload_logs (TwinLivePage *self)
{
  if (self->log_source == 0)
    self->log_source = g_timeout_add (250, reload_logs_cb, self);
}

/* Reads what the session shows now; called on ::changed (at most every 100 ms). */
static void
refresh (TwinLivePage *self)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_remove_all (self->feed_status);
  g_hash_table_remove_all (self->topics);
  if (self->session != NULL)
    {
      g_autoptr (GPtrArray) feeds = twin_live_session_dup_feeds (self->session);
      g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (self->session);

      /* The arrays free their elements: steal them into the tables. */
      g_ptr_array_set_free_func (feeds, NULL);
      g_ptr_array_set_free_func (topics, NULL);
      for (guint i = 0; i < feeds->len; i++)
        {
          TwinLiveFeedStatus *status = g_ptr_array_index (feeds, i);

          g_hash_table_replace (self->feed_status, g_strdup (status->name), status);
        }
      for (guint i = 0; i < topics->len; i++)
        {
          TwinLiveTopic *topic = g_ptr_array_index (topics, i);

          g_ptr_array_add (keys, g_strdup (topic->topic));
          g_hash_table_replace (self->topics, g_strdup (topic->topic), topic);
        }
    }
  sync_keys (self->topic_keys, self->topic_selection, keys);
  update_cells (self);
  update_raised (self);
  update_status (self);
  update_toggle (self);
  /* A command sent from the inspector shows up in the log. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->tab_stack), "command-log") == 0)
    queue_reload_logs (self);
}

static void
session_changed_cb (TwinLivePage *self)
{
  refresh (self);
}

static void
session_alarm_cb (TwinLivePage *self,
                  gpointer      event_pointer)
{
  const TwinAlarmEvent *event = event_pointer;
  gint64                key = event->rule_id;

  if (event->kind == TWIN_ALARM_CLEARED || event->kind == TWIN_ALARM_RAISED)
    g_hash_table_remove (self->acknowledged, &key);
  update_raised (self);
  queue_reload_logs (self);
}

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TwinLivePage             *self);

static GdkContentProvider *
topic_drag_prepare_cb (GtkDragSource *source,
                       double         x,
                       double         y,
                       gpointer       user_data)
{
  GtkWidget  *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  const char *key = g_object_get_data (G_OBJECT (label), "key");

  if (key == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, key);
}

static void
topic_drag_begin_cb (GtkDragSource *source,
                     GdkDrag       *drag,
                     gpointer       user_data)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (label);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static void
topic_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  TwinLivePage    *self)
{
  GtkWidget  *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const char *key = g_object_get_data (G_OBJECT (label), "key");
  g_autoptr (GMenu) menu = g_menu_new ();
  graphene_point_t point;
  GdkRectangle     rect;

  if (key == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->topic_keys)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->topic_keys, i), key) == 0)
      gtk_single_selection_set_selected (self->topic_selection, i);
  g_menu_append (menu, _ ("_Bind to…"), "live.bind-topic");
  g_menu_append (menu, _ ("_Unbind"), "live.unbind-topic");
  g_menu_append (menu, _ ("Add _Alarm…"), "live.add-rule");
  gtk_popover_menu_set_menu_model (self->topic_menu, G_MENU_MODEL (menu));
  if (!gtk_widget_compute_point (label, GTK_WIDGET (self), &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    return;
  rect = (GdkRectangle){ (int) point.x, (int) point.y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->topic_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->topic_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TwinLivePage             *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  ListKind   list = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "list"));
  int        column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  g_object_set_data (G_OBJECT (label), "list", GINT_TO_POINTER (list));
  g_object_set_data (G_OBJECT (label), "column", GINT_TO_POINTER (column));
  if ((list == LIST_FEEDS && column >= TWIN_LIVE_FEED_RATE && column <= TWIN_LIVE_FEED_REJECTED) ||
      (list == LIST_TOPICS && (column == TWIN_LIVE_TOPIC_RATE || column == TWIN_LIVE_TOPIC_COUNT)))
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
    }
  if (list == LIST_TOPICS)
    {
      GtkDragSource *source = gtk_drag_source_new ();
      GtkGesture    *click = gtk_gesture_click_new ();

      gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
      g_signal_connect (source, "prepare", G_CALLBACK (topic_drag_prepare_cb), NULL);
      g_signal_connect (source, "drag-begin", G_CALLBACK (topic_drag_begin_cb), NULL);
      gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
      g_signal_connect (click, "pressed", G_CALLBACK (topic_pressed_cb), self);
      gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
      if (column == TWIN_LIVE_TOPIC_NAME)
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    }
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TwinLivePage             *self)
{
  GtkLabel   *label = GTK_LABEL (gtk_list_item_get_child (item));
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));

  g_object_set_data_full (G_OBJECT (label), "key", g_strdup (key), g_free);
  g_hash_table_add (self->bound_cells, label);
  update_cell (self, label);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TwinLivePage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  g_hash_table_remove (self->bound_cells, label);
  g_object_set_data (G_OBJECT (label), "key", NULL);
}

static void
add_column (TwinLivePage  *self,
            GtkColumnView *view,
            ListKind       list,
            int            column,
            const char    *title,
            gboolean       expand,
            int            fixed_width)
{
  GtkListItemFactory  *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "list", GINT_TO_POINTER (list));
  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

static GtkSingleSelection *
selection_for (GtkColumnView *view,
               GtkStringList *keys)
{
  GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (keys)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  return selection;
}

/* Connecting */

typedef struct
{
  TwinLivePage *page; /* weak */
  char         *feed;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_weak_pointer (&lookup->page);
  g_free (lookup->feed);
  g_free (lookup);
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr (GError) error = NULL;
  char         *password = secret_password_lookup_finish (result, &error);
  TwinLivePage *self = lookup->page;

  /* No keyring (no Secret service) is not an error here: the feed's status will say the
   * broker refused the connection, and the feed dialog takes a password. */
  if (error != NULL)
    g_debug ("No keyring password for feed “%s”: %s", lookup->feed, error->message);
  if (self != NULL && self->session != NULL && password != NULL)
    twin_live_session_set_password (self->session, lookup->feed, password);
  secret_password_free (password);
  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_assert (self->pending_lookups > 0);
      if (--self->pending_lookups == 0 && self->connecting)
        start_session (self);
    }
  lookup_free (lookup);
}

static void
start_session (TwinLivePage *self)
{
  g_autoptr (GError) error = NULL;

  self->connecting = FALSE;
  if (self->session != NULL && !twin_live_session_is_running (self->session) &&
      !twin_live_session_start (self->session, &error))
    emit_error (self, error->message);
  refresh (self);
  g_signal_emit (self, signals[SIGNAL_CONNECTION_CHANGED], 0);
}

static void
connect_toggled_cb (TwinLivePage *self)
{
  if (self->syncing)
    return;
  if (gtk_toggle_button_get_active (self->connect_button))
    twin_live_page_connect (self);
  else
    twin_live_page_disconnect (self);
}

/* Feeds */

static void
fill_feed_dialog (TwinLivePage         *self,
                  const TwinFeedConfig *config)
{
  g_autoptr (GString) topics = g_string_new (NULL);
  TwinFeedSubscription *first = NULL;

  for (guint i = 0; config != NULL && config->subscriptions != NULL && i < config->subscriptions->len; i++)
    {
      TwinFeedSubscription *subscription = g_ptr_array_index (config->subscriptions, i);

      if (first == NULL)
        first = subscription;
      if (topics->len > 0)
        g_string_append_c (topics, ' ');
      g_string_append (topics, subscription->pattern);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->feed_name_entry), config != NULL ? config->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_host_entry),
                         config != NULL && config->host != NULL ? config->host : "localhost");
  gtk_spin_button_set_value (self->feed_port_spin, config != NULL && config->port > 0 ? config->port : 1883);
  gtk_editable_set_text (GTK_EDITABLE (self->feed_topics_entry), config != NULL ? topics->str : "#");
  if (first != NULL && first->format != NULL)
    {
      g_autofree char *format = twin_payload_format_to_string (first->format);

      gtk_editable_set_text (GTK_EDITABLE (self->feed_payload_entry), format);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->feed_payload_entry), "number");
  gtk_drop_down_set_selected (self->feed_qos_dropdown, first != NULL ? (guint) CLAMP (first->qos, 0, 2) : 1);
  gtk_editable_set_text (GTK_EDITABLE (self->feed_client_entry),
                         config != NULL && config->client_id != NULL ? config->client_id : "");
  gtk_drop_down_set_selected (self->feed_protocol_dropdown, config != NULL && config->protocol == 5 ? 1 : 0);
  gtk_check_button_set_active (self->feed_clean_check, config != NULL && config->clean_session);
  gtk_editable_set_text (GTK_EDITABLE (self->feed_ca_entry),
                         config != NULL && config->tls_ca_file != NULL ? config->tls_ca_file : "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_cert_entry),
                         config != NULL && config->tls_cert_file != NULL ? config->tls_cert_file : "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_key_entry),
                         config != NULL && config->tls_key_file != NULL ? config->tls_key_file : "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_user_entry),
                         config != NULL && config->username != NULL ? config->username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_password_entry), "");
  gtk_check_button_set_active (self->feed_remember_check, FALSE);
  gtk_label_set_label (self->feed_error_label, "");
}

static char *
dup_entry_text (GtkEntry *entry)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The feed dialog's fields as settings; an existing feed keeps what the dialog does not show. */
static TwinFeedConfig *
read_feed_dialog (TwinLivePage *self,
                  GError      **error)
{
  g_autofree char *name = dup_entry_text (self->feed_name_entry);
  g_autofree char *format_text = dup_entry_text (self->feed_payload_entry);
  g_autofree char *topics_text = dup_entry_text (self->feed_topics_entry);
  TwinFeedConfig  *old = self->editing_feed != NULL ? g_hash_table_lookup (self->feed_configs, self->editing_feed) : NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_auto (GStrv) patterns = NULL;
  int qos = (int) gtk_drop_down_get_selected (self->feed_qos_dropdown);

  if (name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("The feed needs a name."));
      return NULL;
    }
  config = old != NULL ? twin_feed_config_copy (old) : twin_feed_config_new (name, TWIN_FEED_MQTT);
  g_free (config->name);
  config->name = g_steal_pointer (&name);
  g_free (config->host);
  config->host = dup_entry_text (self->feed_host_entry);
  config->port = gtk_spin_button_get_value_as_int (self->feed_port_spin);
  g_free (config->client_id);
  config->client_id = dup_entry_text (self->feed_client_entry);
  config->protocol = gtk_drop_down_get_selected (self->feed_protocol_dropdown) == 1 ? 5 : 311;
  config->clean_session = gtk_check_button_get_active (self->feed_clean_check);
  /* A session kept on the broker needs a fixed client id: one is made for this machine. */
  if (config->client_id == NULL && !config->clean_session)
    config->client_id = g_strdup_printf ("twin-studio-%s-%s", g_get_host_name (), config->name);
  if (config->client_id == NULL)
    config->client_id = g_strdup ("");
  g_free (config->tls_ca_file);
  config->tls_ca_file = dup_entry_text (self->feed_ca_entry);
  g_free (config->tls_cert_file);
  config->tls_cert_file = dup_entry_text (self->feed_cert_entry);
  g_free (config->tls_key_file);
  config->tls_key_file = dup_entry_text (self->feed_key_entry);
  g_free (config->username);
  config->username = dup_entry_text (self->feed_user_entry);

  patterns = g_strsplit_set (topics_text != NULL ? topics_text : "", " ,\t", -1);
  if (config->subscriptions == NULL)
    config->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_feed_subscription_free);
  g_ptr_array_set_size (config->subscriptions, 0);
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      TwinPayloadFormat *format;

      if (*patterns[i] == '\0')
        continue;
      format = twin_payload_format_parse (format_text != NULL ? format_text : "number", error);
      if (format == NULL)
        return NULL;
      g_ptr_array_add (config->subscriptions, twin_feed_subscription_new (patterns[i], qos, format));
    }
  if (config->subscriptions->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Feed “%s” subscribes to no topic: give at least one topic filter, such as “site/#”."),
                   config->name);
      return NULL;
    }
  if (!twin_feed_config_validate (config, error))
    return NULL;
  return g_steal_pointer (&config);
}

static void
feed_response_cb (TwinLivePage *self,
                  int           response)
{
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  const char *password;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->feed_dialog), FALSE);
      return;
    }
  gtk_label_set_label (self->feed_error_label, "");
  config = read_feed_dialog (self, &error);
  password = gtk_editable_get_text (GTK_EDITABLE (self->feed_password_entry));
  if (config == NULL ||
      !twin_live_page_save_feed (self, config, self->editing_feed, *password != '\0' ? password : NULL,
                                 gtk_check_button_get_active (self->feed_remember_check), &error))
    {
      gtk_label_set_label (self->feed_error_label, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->feed_password_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->feed_dialog), FALSE);
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (TwinLivePage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_ ("The password could not be kept in the keyring: %s"), error->message);

      emit_error (self, message);
    }
}

/* Bind to… */

static void
fill_property_names (TwinLivePage *self)
{
  GListModel *parameters = self->entity != NULL ? twin_entity_get_parameters (self->entity) : NULL;
  guint       n = g_list_model_get_n_items (G_LIST_MODEL (self->property_names));

  gtk_string_list_splice (self->property_names, 0, n, NULL);
  for (guint i = 0; parameters != NULL && i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (parameters, i);
      TwinValueKind kind = twin_parameter_get_kind (parameter);

      if (kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER)
        gtk_string_list_append (self->property_names, twin_parameter_get_name (parameter));
    }
}

static void
bind_response_cb (TwinLivePage *self,
                  int           response)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *path = NULL;
  GtkStringObject *property;
  double           scale, offset;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->bind_dialog), FALSE);
      return;
    }
  gtk_label_set_label (self->bind_error_label, "");
  property = gtk_drop_down_get_selected_item (self->bind_property_dropdown);
  if (self->entity == NULL || property == NULL)
    {
      gtk_label_set_label (self->bind_error_label, _ ("Select an entity with a number property in the tree first."));
      return;
    }
  if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (self->bind_scale_entry)), 1.0, &scale))
    {
      gtk_label_set_label (self->bind_error_label, _ ("The scale is not a number."));
      return;
    }
  if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (self->bind_offset_entry)), 0.0, &offset))
    {
      gtk_label_set_label (self->bind_error_label, _ ("The offset is not a number."));
      return;
    }
  unit = dup_entry_text (self->bind_unit_entry);
  path = twin_entity_dup_path (self->entity);
  if (!twin_live_page_bind_topic (self, self->binding_topic, path, gtk_string_object_get_string (property), unit,
                                  scale, offset, &error))
    {
      gtk_label_set_label (self->bind_error_label, error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bind_dialog), FALSE);
}

/* Alarm rules */

static void
set_limit_text (GtkEntry *entry,
                double    value)
{
  g_autofree char *text = isnan (value) ? g_strdup ("") : twin_format_number (value);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
rule_response_cb (TwinLivePage *self,
                  int           response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinAlarmRule) rule = NULL;
  g_autofree char *name = NULL;
  g_autofree char *signal = NULL;
  const struct
  {
    GtkEntry   *entry;
    double      empty;
    double     *value;
    const char *what;
  } fields[] = {
    { self->rule_high_entry, NAN, NULL, N_ ("The upper limit is not a number.") },
    { self->rule_low_entry, NAN, NULL, N_ ("The lower limit is not a number.") },
    { self->rule_deadband_entry, 0.0, NULL, N_ ("The deadband is not a number.") },
    { self->rule_window_entry, 60.0, NULL, N_ ("The rate window is not a number of seconds.") },
  };
  double values[G_N_ELEMENTS (fields)];

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rule_dialog), FALSE);
      return;
    }
  gtk_label_set_label (self->rule_error_label, "");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (fields[i].entry)), fields[i].empty, &values[i]))
      {
        gtk_label_set_label (self->rule_error_label, _ (fields[i].what));
        return;
      }
  name = dup_entry_text (self->rule_name_entry);
  signal = dup_entry_text (self->rule_signal_entry);
  rule = twin_alarm_rule_new (name != NULL ? name : "", signal != NULL ? signal : "",
                              gtk_drop_down_get_selected (self->rule_kind_dropdown) == 1 ? TWIN_ALARM_RATE
                                                                                         : TWIN_ALARM_THRESHOLD);
  rule->id = self->editing_rule;
  rule->high = values[0];
  rule->low = values[1];
  rule->deadband = values[2];
  rule->window_s = values[3];
  rule->enabled = gtk_check_button_get_active (self->rule_enabled_check);
  if (!twin_live_page_save_alarm_rule (self, rule, &error))
    {
      gtk_label_set_label (self->rule_error_label, error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rule_dialog), FALSE);
}

/* Actions */

static void
add_feed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  twin_live_page_show_feed_dialog (TWIN_LIVE_PAGE (widget), NULL);
}

static void
edit_feed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);
  const char   *name = selected_key (self->feed_selection);

  if (name != NULL)
    twin_live_page_show_feed_dialog (self, name);
}

static void
remove_feed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwinLivePage    *self = TWIN_LIVE_PAGE (widget);
  g_autofree char *name = g_strdup (selected_key (self->feed_selection));
  g_autoptr (GError) error = NULL;

  if (name != NULL && !twin_live_page_remove_feed (self, name, &error))
    emit_error (self, error->message);
}

static void
bind_topic_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);
  const char   *topic = selected_key (self->topic_selection);

  if (topic != NULL)
    twin_live_page_show_bind_dialog (self, topic);
}

static void
unbind_topic_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwinLivePage    *self = TWIN_LIVE_PAGE (widget);
  g_autofree char *topic = g_strdup (selected_key (self->topic_selection));
  g_autoptr (GError) error = NULL;

  if (topic == NULL || !check_writable (self, &error) || !twin_feed_store_unbind_topic (self->feed_store, topic, &error) ||
      (self->session != NULL && !twin_live_session_reload (self->session, &error)))
    {
      if (error != NULL)
        emit_error (self, error->message);
      return;
    }
  refresh (self);
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);
  GtkWindow    *dialog = twin_live_page_show_rule_dialog (self, NULL);
  const char   *topic = selected_key (self->topic_selection);

  /* From the topics tab, the rule watches the selected topic. */
  if (dialog != NULL && topic != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->tab_stack), "topics") == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->rule_signal_entry), topic);
}

static void
edit_rule_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);
  const char   *name = selected_key (self->rule_selection);

  if (name != NULL)
    twin_live_page_show_rule_dialog (self, name);
}

static void
remove_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwinLivePage    *self = TWIN_LIVE_PAGE (widget);
  g_autofree char *name = g_strdup (selected_key (self->rule_selection));
  g_autoptr (GError) error = NULL;

  if (name != NULL && !twin_live_page_remove_alarm_rule (self, name, &error))
    emit_error (self, error->message);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (!twin_live_page_acknowledge (self, g_variant_get_int64 (parameter), &error))
    emit_error (self, error->message);
}

static void
tab_switched_cb (TwinLivePage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->tab_stack);

  if (g_strcmp0 (name, "alarm-log") == 0 || g_strcmp0 (name, "command-log") == 0)
    {
      reload_logs (self);
      update_cells (self);
    }
}

/* GObject */

static void
close_stores (TwinLivePage *self)
{
  g_clear_object (&self->feed_store);
  g_clear_object (&self->alarm_store);
  g_clear_object (&self->command_store);
}

static void
twin_live_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (widget);

  GTK_WIDGET_CLASS (twin_live_page_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->topic_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->topic_menu));
}

static void
twin_live_page_dispose (GObject *object)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (object);
  GtkWidget    *child;

  g_cancellable_cancel (self->cancellable);
  twin_live_page_set_session (self, NULL);
  g_clear_handle_id (&self->log_source, g_source_remove);
  /* The dialogs are windows of their own: they go with the page. */
  if (self->feed_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->feed_dialog));
  if (self->bind_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->bind_dialog));
  if (self->rule_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->rule_dialog));
  if (self->topic_menu != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->topic_menu));
  self->topic_menu = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_LIVE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  close_stores (self);
  g_clear_object (&self->project);
  g_clear_object (&self->entity);
  g_clear_object (&self->feed_selection);
  g_clear_object (&self->topic_selection);
  g_clear_object (&self->rule_selection);
  g_clear_object (&self->feed_keys);
  g_clear_object (&self->topic_keys);
  g_clear_object (&self->rule_keys);
  g_clear_object (&self->event_keys);
  g_clear_object (&self->command_keys);
  g_clear_object (&self->property_names);
  g_clear_object (&self->rule_kinds);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (twin_live_page_parent_class)->dispose (object);
}

static void
twin_live_page_finalize (GObject *object)
{
  TwinLivePage *self = TWIN_LIVE_PAGE (object);

  g_clear_pointer (&self->feed_configs, g_hash_table_unref);
  g_clear_pointer (&self->feed_status, g_hash_table_unref);
  g_clear_pointer (&self->topics, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_pointer (&self->bound_cells, g_hash_table_unref);
  g_clear_pointer (&self->acknowledged, g_hash_table_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->commands, g_ptr_array_unref);
  g_free (self->editing_feed);
  g_free (self->binding_topic);

  G_OBJECT_CLASS (twin_live_page_parent_class)->finalize (object);
}

static void
twin_live_page_class_init (TwinLivePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_live_page_dispose;
  object_class->finalize = twin_live_page_finalize;
  widget_class->size_allocate = twin_live_page_size_allocate;

  /**
   * TwinLivePage::error:
   * @message: a full sentence naming what failed and why
   *
   * Something the user asked for failed; the window shows @message in its banner.
   */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * TwinLivePage::acknowledged:
   * @rule_id: the rule whose raised alarm was acknowledged
   */
  signals[SIGNAL_ACKNOWLEDGED] = g_signal_new ("acknowledged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                               NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * TwinLivePage::connection-changed:
   *
   * The session was started or stopped from the page.
   */
  signals[SIGNAL_CONNECTION_CHANGED] = g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass),
                                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feeds_view);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, tab_stack);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, topics_view);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, raised_list);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rules_view);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, alarm_log_view);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, command_log_view);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_dialog);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_name_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_host_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_port_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_topics_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_payload_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_qos_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_client_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_protocol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_clean_check);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_ca_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_cert_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_key_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_user_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_password_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_remember_check);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, feed_error_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_dialog);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_topic_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_entity_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_property_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_unit_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_scale_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_offset_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, bind_error_label);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_dialog);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_name_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_signal_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_high_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_low_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_deadband_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_window_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_enabled_check);
  gtk_widget_class_bind_template_child (widget_class, TwinLivePage, rule_error_label);

  gtk_widget_class_install_action (widget_class, "live.add-feed", NULL, add_feed_action);
  gtk_widget_class_install_action (widget_class, "live.edit-feed", NULL, edit_feed_action);
  gtk_widget_class_install_action (widget_class, "live.remove-feed", NULL, remove_feed_action);
  gtk_widget_class_install_action (widget_class, "live.bind-topic", NULL, bind_topic_action);
  gtk_widget_class_install_action (widget_class, "live.unbind-topic", NULL, unbind_topic_action);
  gtk_widget_class_install_action (widget_class, "live.add-rule", NULL, add_rule_action);
  gtk_widget_class_install_action (widget_class, "live.edit-rule", NULL, edit_rule_action);
  gtk_widget_class_install_action (widget_class, "live.remove-rule", NULL, remove_rule_action);
  gtk_widget_class_install_action (widget_class, "live.acknowledge", "x", acknowledge_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "livepage");
}

static void
twin_live_page_init (TwinLivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->feed_keys = gtk_string_list_new (NULL);
  self->topic_keys = gtk_string_list_new (NULL);
  self->rule_keys = gtk_string_list_new (NULL);
  self->event_keys = gtk_string_list_new (NULL);
  self->command_keys = gtk_string_list_new (NULL);
  self->feed_configs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_feed_config_free);
  self->feed_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_live_feed_status_free);
  self->topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_live_topic_free);
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_alarm_rule_free);
  self->bound_cells = g_hash_table_new (NULL, NULL);
  self->acknowledged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->feed_selection = selection_for (self->feeds_view, self->feed_keys);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_NAME, _ ("Feed"), FALSE, 140);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_BROKER, _ ("Broker"), FALSE, 170);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_STATUS, _ ("Status"), FALSE, 110);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_RATE, _ ("Rate"), FALSE, 70);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_MESSAGES, _ ("Messages"), FALSE, 90);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_REJECTED, _ ("Rejected"), FALSE, 80);
  add_column (self, self->feeds_view, LIST_FEEDS, TWIN_LIVE_FEED_ERROR, _ ("Last Error"), TRUE, 0);

  self->topic_selection = selection_for (self->topics_view, self->topic_keys);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_NAME, _ ("Topic"), FALSE, 200);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_PAYLOAD, _ ("Last Payload"), FALSE, 150);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_VALUE, _ ("Value"), FALSE, 90);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_RATE, _ ("Rate"), FALSE, 60);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_COUNT, _ ("Count"), FALSE, 60);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_STALE, _ ("Stale"), FALSE, 64);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_BOUND_TO, _ ("Bound To"), FALSE, 180);
  add_column (self, self->topics_view, LIST_TOPICS, TWIN_LIVE_TOPIC_REJECTED, _ ("Rejected"), TRUE, 0);

  self->rule_selection = selection_for (self->rules_view, self->rule_keys);
  add_column (self, self->rules_view, LIST_RULES, RULE_NAME, _ ("Rule"), FALSE, 160);
  add_column (self, self->rules_view, LIST_RULES, RULE_SIGNAL, _ ("Signal"), FALSE, 200);
  add_column (self, self->rules_view, LIST_RULES, RULE_KIND, _ ("Watches"), FALSE, 110);
  add_column (self, self->rules_view, LIST_RULES, RULE_LIMITS, _ ("Limits"), TRUE, 0);
  add_column (self, self->rules_view, LIST_RULES, RULE_ENABLED, _ ("State"), FALSE, 80);

  {
    g_autoptr (GtkNoSelection) events = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->event_keys)));
    g_autoptr (GtkNoSelection) commands = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->command_keys)));

    gtk_column_view_set_model (self->alarm_log_view, GTK_SELECTION_MODEL (events));
    gtk_column_view_set_model (self->command_log_view, GTK_SELECTION_MODEL (commands));
  }
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_TIME, _ ("Time"), FALSE, 150);
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_KIND, _ ("Event"), FALSE, 100);
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_RULE, _ ("Rule"), FALSE, 140);
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_SIGNAL, _ ("Signal"), FALSE, 160);
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_VALUE, _ ("Value"), FALSE, 80);
  add_column (self, self->alarm_log_view, LIST_ALARM_LOG, EVENT_MESSAGE, _ ("Message"), TRUE, 0);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_TIME, _ ("Time"), FALSE, 150);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_TARGET, _ ("Property"), FALSE, 180);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_VALUE, _ ("Value"), FALSE, 70);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_TOPIC, _ ("Topic"), FALSE, 240);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_PAYLOAD, _ ("Payload"), FALSE, 120);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_ORIGIN, _ ("From"), FALSE, 70);
  add_column (self, self->command_log_view, LIST_COMMAND_LOG, COMMAND_RESULT, _ ("Result"), TRUE, 0);

  self->property_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->bind_property_dropdown, G_LIST_MODEL (self->property_names));
  self->rule_kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (self->rule_kinds, _ ("The value"));
  gtk_string_list_append (self->rule_kinds, _ ("Its rate of change (per second)"));
  gtk_drop_down_set_model (self->rule_kind_dropdown, G_LIST_MODEL (self->rule_kinds));

  self->topic_menu = GTK_POPOVER_MENU (gtk_popover_menu_new_from_model (NULL));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->topic_menu), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->topic_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->topic_menu), GTK_WIDGET (self));

  g_signal_connect_swapped (self->connect_button, "toggled", G_CALLBACK (connect_toggled_cb), self);
  g_signal_connect_swapped (self->feed_dialog, "response", G_CALLBACK (feed_response_cb), self);
  g_signal_connect_swapped (self->bind_dialog, "response", G_CALLBACK (bind_response_cb), self);
  g_signal_connect_swapped (self->rule_dialog, "response", G_CALLBACK (rule_response_cb), self);
  g_signal_connect_swapped (self->tab_stack, "notify::visible-child-name", G_CALLBACK (tab_switched_cb), self);
  g_signal_connect_swapped (self->feed_selection, "notify::selected", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->topic_selection, "notify::selected", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->rule_selection, "notify::selected", G_CALLBACK (update_actions), self);
  update_actions (self);
  update_status (self);
  update_toggle (self);
}

/**
 * twin_live_page_new:
 *
 * Returns: (transfer full): a new Live page without a project
 */
GtkWidget *
twin_live_page_new (void)
{
  return g_object_new (TWIN_TYPE_LIVE_PAGE, NULL);
}

/**
 * twin_live_page_set_project:
 * @project: (nullable): the twin
 *
 * Opens the page's connections to @project's file (read-only for a read-only twin) and
 * shows its feeds, alarm rules and logs.
 */
void
twin_live_page_set_project (TwinLivePage *self,
                            TwinProject  *project)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  close_stores (self);
  g_set_object (&self->project, project);
  g_hash_table_remove_all (self->acknowledged);
  self->raised_stamp = -1;
  if (project != NULL)
    {
      const char *path = twin_project_get_path (project);
      gboolean    read_only = twin_project_get_is_read_only (project);

      if ((self->feed_store = twin_feed_store_open (path, read_only, &error)) == NULL ||
          (self->alarm_store = twin_alarm_store_open (path, read_only, &error)) == NULL ||
          (self->command_store = twin_command_store_open (path, read_only, &error)) == NULL)
        {
          close_stores (self);
          emit_error (self, error->message);
        }
    }
  reload_feeds (self);
  reload_rules (self);
  reload_logs (self);
  refresh (self);
  update_actions (self);
}

/**
 * twin_live_page_set_session:
 * @session: (nullable): the project's live session
 *
 * Shows @session; the page starts and stops it from its Connect toggle.
 */
void
twin_live_page_set_session (TwinLivePage    *self,
                            TwinLiveSession *session)
{
  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->session);
      g_clear_signal_handler (&self->alarm_handler, self->session);
      g_clear_object (&self->session);
    }
  self->connecting = FALSE;
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      self->changed_handler = g_signal_connect_swapped (session, "changed", G_CALLBACK (session_changed_cb), self);
      self->alarm_handler = g_signal_connect_swapped (session, "alarm", G_CALLBACK (session_alarm_cb), self);
    }
  self->raised_stamp = -1;
  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      refresh (self);
      update_actions (self);
    }
}

/**
 * twin_live_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
TwinLiveSession *
twin_live_page_get_session (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);

  return self->session;
}

/**
 * twin_live_page_set_entity:
 * @entity: (nullable): the entity selected in the window
 */
void
twin_live_page_set_entity (TwinLivePage *self,
                           TwinEntity   *entity)
{
  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  g_set_object (&self->entity, entity);
  update_actions (self);
}

/**
 * twin_live_page_connect:
 *
 * Starts the session: first the keyring's passwords of feeds with a user name and no
 * password in the environment are looked up (in the background), then the feeds start.
 * Errors go to ::error.
 */
void
twin_live_page_connect (TwinLivePage *self)
{
  GHashTableIter iter;
  gpointer       value;

  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  if (self->session == NULL || twin_live_session_is_running (self->session) || self->connecting)
    {
      update_toggle (self);
      return;
    }
  self->connecting = TRUE;
  self->pending_lookups++; /* held until every look-up is on its way */
  g_hash_table_iter_init (&iter, self->feed_configs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TwinFeedConfig  *config = value;
      g_autofree char *env = NULL;
      Lookup          *lookup;

      if (config->kind != TWIN_FEED_MQTT || config->username == NULL || *config->username == '\0')
        continue;
      env = twin_feed_config_dup_env_password (config);
      if (env != NULL)
        continue;
      lookup = g_new0 (Lookup, 1);
      g_set_weak_pointer (&lookup->page, self);
      lookup->feed = g_strdup (config->name);
      self->pending_lookups++;
      secret_password_lookup (feed_password_schema (), self->cancellable, lookup_done_cb, lookup, "host",
                              config->host != NULL ? config->host : "", "port", config->port, "user",
                              config->username, NULL);
    }
  if (--self->pending_lookups == 0)
    start_session (self);
  else
    {
      update_status (self);
      update_toggle (self);
    }
}

/**
 * twin_live_page_disconnect:
 *
 * Stops the session (everything received is flushed into the project).
 */
void
twin_live_page_disconnect (TwinLivePage *self)
{
  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  self->connecting = FALSE;
  if (self->session != NULL)
    twin_live_session_stop (self->session);
  refresh (self);
  g_signal_emit (self, signals[SIGNAL_CONNECTION_CHANGED], 0);
}

gboolean
twin_live_page_get_connected (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);

  return self->session != NULL && twin_live_session_is_running (self->session);
}

gboolean
twin_live_page_has_feeds (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);

  return g_hash_table_size (self->feed_configs) > 0;
}

/* Applies an edit of feeds, bindings or rules to a running session. */
static gboolean
reload_session (TwinLivePage *self,
                GError      **error)
{
  if (self->session == NULL || !twin_live_session_is_running (self->session))
    return TRUE;
  return twin_live_session_reload (self->session, error);
}

/**
 * twin_live_page_save_feed:
 * @config: the feed's settings (validated here)
 * @old_name: (nullable): the feed edited, when it is renamed or changed; %NULL for a new feed
 * @password: (nullable): the password for the feed's user, never written into the project
 * @remember: also keep @password in the desktop keyring
 *
 * Saves a feed in the project and applies it: a running session rereads its feeds, a
 * stopped one is started for the project's first feed.
 *
 * Returns: %TRUE when saved
 */
gboolean
twin_live_page_save_feed (TwinLivePage         *self,
                          const TwinFeedConfig *config,
                          const char           *old_name,
                          const char           *password,
                          gboolean              remember,
                          GError              **error)
{
  gboolean first;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!check_writable (self, error) || !twin_feed_config_validate (config, error))
    return FALSE;
  if (g_strcmp0 (old_name, config->name) != 0 && g_hash_table_contains (self->feed_configs, config->name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _ ("This twin already has a feed named “%s”."), config->name);
      return FALSE;
    }
  first = g_hash_table_size (self->feed_configs) == 0;
  if (!twin_feed_store_save_feed (self->feed_store, config, error))
    return FALSE;
  if (old_name != NULL && g_strcmp0 (old_name, config->name) != 0 &&
      !twin_feed_store_delete_feed (self->feed_store, old_name, error))
    return FALSE;
  if (password != NULL && self->session != NULL)
    twin_live_session_set_password (self->session, config->name, password);
  if (password != NULL && remember && config->username != NULL)
    {
      /* TRANSLATORS: the keyring item's label: a user, a broker host and its port. */
      g_autofree char *label = g_strdup_printf (_ ("Twin Studio: MQTT password of %s at %s:%d"), config->username,
                                                config->host, config->port);

      secret_password_store (feed_password_schema (), SECRET_COLLECTION_DEFAULT, label, password, self->cancellable,
                             password_stored_cb, g_object_ref (self), "host", config->host, "port", config->port,
                             "user", config->username, NULL);
    }
  reload_feeds (self);
  update_status (self);
  if (self->session != NULL && twin_live_session_is_running (self->session))
    {
      /* A changed password needs a new connection: reload restarts changed feeds only. */
      if (!reload_session (self, error))
        return FALSE;
    }
  else if (first)
    twin_live_page_connect (self);
  refresh (self);
  return TRUE;
}

/**
 * twin_live_page_remove_feed:
 * @name: a feed of the project
 *
 * Removes the feed from the project (the history it recorded stays) and stops it.
 *
 * Returns: %TRUE when removed
 */
gboolean
twin_live_page_remove_feed (TwinLivePage *self,
                            const char   *name,
                            GError      **error)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error) || !twin_feed_store_delete_feed (self->feed_store, name, error))
    return FALSE;
  reload_feeds (self);
  if (!reload_session (self, error))
    return FALSE;
  refresh (self);
  return TRUE;
}

/**
 * twin_live_page_show_feed_dialog:
 * @name: (nullable): the feed to edit, or %NULL for a new one
 *
 * Returns: (transfer none) (nullable): the dialog shown
 */
GtkWindow *
twin_live_page_show_feed_dialog (TwinLivePage *self,
                                 const char   *name)
{
  TwinFeedConfig *config = NULL;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);

  if (!is_writable (self))
    return NULL;
  if (name != NULL && (config = g_hash_table_lookup (self->feed_configs, name)) == NULL)
    return NULL;
  if (config != NULL && config->kind != TWIN_FEED_MQTT)
    {
      g_autofree char *message =
        g_strdup_printf (_ ("Feed “%s” replays a CSV file: change it with “twinctl feed”, or remove it here."), name);

      emit_error (self, message);
      return NULL;
    }
  g_free (self->editing_feed);
  self->editing_feed = g_strdup (name);
  fill_feed_dialog (self, config);
  gtk_window_set_title (GTK_WINDOW (self->feed_dialog), name != NULL ? _ ("Edit MQTT Feed") : _ ("Add MQTT Feed"));
  gtk_window_set_transient_for (GTK_WINDOW (self->feed_dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (self->feed_dialog));
  return GTK_WINDOW (self->feed_dialog);
}

/**
 * twin_live_page_bind_topic:
 * @topic: a topic (or SenML record name)
 * @entity_path: an entity of the twin
 * @property: its number property
 * @unit: (nullable): the unit of the payload's values; converted to the property's unit
 * @scale: multiplies the payload's value first
 * @offset: then is added
 *
 * Binds @topic's signal to ENTITY.PROPERTY after checking both against the twin, and has
 * the running session convert its values from now on; the history it has stays.
 *
 * Returns: %TRUE when bound
 */
gboolean
twin_live_page_bind_topic (TwinLivePage *self,
                           const char   *topic,
                           const char   *entity_path,
                           const char   *property,
                           const char   *unit,
                           double        scale,
                           double        offset,
                           GError      **error)
{
  g_autofree char *canonical = NULL;
  TwinTopicBinding binding = { 0 };
  TwinEntity      *entity;
  TwinParameter   *parameter;
  const char      *to;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (topic != NULL && entity_path != NULL && property != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  entity = twin_model_lookup_path (twin_project_get_model (self->project), entity_path);
  if (entity == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("The twin has no entity “%s” to bind “%s” to."),
                   entity_path, topic);
      return FALSE;
    }
  canonical = twin_entity_dup_path (entity);
  parameter = twin_entity_get_parameter (entity, property);
  if (parameter == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("“%s” has no property “%s” to bind “%s” to."),
                   canonical, property, topic);
      return FALSE;
    }
  if (twin_parameter_get_kind (parameter) != TWIN_VALUE_NUMBER && twin_parameter_get_kind (parameter) != TWIN_VALUE_INTEGER)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%s.%s is not a number: a topic’s values cannot go there."), canonical, property);
      return FALSE;
    }
  if (!isfinite (scale) || scale == 0.0 || !isfinite (offset))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The scale of “%s” must be a number other than 0 and its offset a number."), topic);
      return FALSE;
    }
  to = twin_parameter_get_unit (parameter);
  if (unit != NULL && *unit != '\0' && to != NULL && *to != '\0')
    {
      g_autoptr (GError) local_error = NULL;
      double converted;

      if (!twin_unit_convert (1.0, unit, to, &converted, &local_error))
        {
          /* TRANSLATORS: %s are a topic, an entity path, a property and the reason the units do not fit. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("The values of “%s” cannot go to %s.%s: %s"),
                       topic, canonical, property, local_error->message);
          return FALSE;
        }
    }
  /* The recorder converts into the signal's unit; a topic recorded before it was bound has none. */
  if (unit != NULL && *unit != '\0' && g_strcmp0 (unit, to) != 0)
    {
      g_autoptr (TwinHistorian) historian = twin_historian_open (twin_project_get_path (self->project), TRUE, error);
      g_autoptr (TwinSignalInfo) info = NULL;
      g_autoptr (GError) local_error = NULL;

      if (historian == NULL)
        return FALSE;
      info = twin_historian_lookup_signal (historian, topic, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (info != NULL && (info->unit == NULL || *info->unit == '\0'))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("“%s” was recorded without a unit before it was bound, so its values cannot be converted "
                          "from “%s”: bind it without a payload unit and convert with the scale and offset."),
                       topic, unit);
          return FALSE;
        }
    }
  binding.topic = (char *) topic;
  binding.entity_path = canonical;
  binding.property = (char *) property;
  binding.unit = unit != NULL && *unit != '\0' ? (char *) unit : NULL;
  binding.scale = scale;
  binding.offset = offset;
  if (!twin_feed_store_bind_topic (self->feed_store, &binding, error) || !reload_session (self, error))
    return FALSE;
  refresh (self);
  return TRUE;
}

/**
 * twin_live_page_show_bind_dialog:
 * @topic: the topic to bind to a property of the selected entity
 *
 * Returns: (transfer none) (nullable): the dialog shown
 */
GtkWindow *
twin_live_page_show_bind_dialog (TwinLivePage *self,
                                 const char   *topic)
{
  TwinLiveTopic   *seen;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  if (!is_writable (self))
    return NULL;
  g_free (self->binding_topic);
  self->binding_topic = g_strdup (topic);
  seen = g_hash_table_lookup (self->topics, topic);
  path = self->entity != NULL ? twin_entity_dup_path (self->entity) : NULL;
  gtk_label_set_label (self->bind_topic_label, topic);
  gtk_label_set_label (self->bind_entity_label, path != NULL ? path : _ ("Select an entity in the tree first."));
  fill_property_names (self);
  gtk_drop_down_set_selected (self->bind_property_dropdown, 0);
  if (seen != NULL && seen->property != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->property_names)); i++)
      if (g_strcmp0 (gtk_string_list_get_string (self->property_names, i), seen->property) == 0)
        gtk_drop_down_set_selected (self->bind_property_dropdown, i);
  gtk_editable_set_text (GTK_EDITABLE (self->bind_unit_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->bind_scale_entry), "1");
  gtk_editable_set_text (GTK_EDITABLE (self->bind_offset_entry), "0");
  gtk_label_set_label (self->bind_error_label,
                       g_list_model_get_n_items (G_LIST_MODEL (self->property_names)) == 0 && path != NULL
                         ? _ ("This entity has no number property.")
                         : "");
  gtk_window_set_transient_for (GTK_WINDOW (self->bind_dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (self->bind_dialog));
  return GTK_WINDOW (self->bind_dialog);
}

/**
 * twin_live_page_save_alarm_rule:
 * @rule: the rule; a new one (id 0) gets its id
 *
 * Validates and saves @rule (a name used by another rule is refused); the running session
 * evaluates it from the next sample on.
 *
 * Returns: %TRUE when saved
 */
gboolean
twin_live_page_save_alarm_rule (TwinLivePage  *self,
                                TwinAlarmRule *rule,
                                GError       **error)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (!check_writable (self, error) || !twin_alarm_rule_validate (rule, error) ||
      !twin_alarm_store_save_rule (self->alarm_store, rule, error))
    return FALSE;
  reload_rules (self);
  if (!reload_session (self, error))
    return FALSE;
  update_cells (self);
  return TRUE;
}

/**
 * twin_live_page_remove_alarm_rule:
 * @name: a rule of the project
 *
 * Removes the rule; its log stays.
 *
 * Returns: %TRUE when removed
 */
gboolean
twin_live_page_remove_alarm_rule (TwinLivePage *self,
                                  const char   *name,
                                  GError      **error)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error) || !twin_alarm_store_delete_rule (self->alarm_store, name, error))
    return FALSE;
  reload_rules (self);
  if (!reload_session (self, error))
    return FALSE;
  update_cells (self);
  return TRUE;
}

/**
 * twin_live_page_show_rule_dialog:
 * @name: (nullable): the rule to edit, or %NULL for a new one
 *
 * Returns: (transfer none) (nullable): the dialog shown
 */
GtkWindow *
twin_live_page_show_rule_dialog (TwinLivePage *self,
                                 const char   *name)
{
  TwinAlarmRule *rule = NULL;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);

  if (!is_writable (self))
    return NULL;
  if (name != NULL && (rule = g_hash_table_lookup (self->rules, name)) == NULL)
    return NULL;
  self->editing_rule = rule != NULL ? rule->id : 0;
  gtk_editable_set_text (GTK_EDITABLE (self->rule_name_entry), rule != NULL ? rule->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->rule_signal_entry), rule != NULL ? rule->signal : "");
  gtk_drop_down_set_selected (self->rule_kind_dropdown, rule != NULL && rule->kind == TWIN_ALARM_RATE ? 1 : 0);
  set_limit_text (self->rule_high_entry, rule != NULL ? rule->high : NAN);
  set_limit_text (self->rule_low_entry, rule != NULL ? rule->low : NAN);
  set_limit_text (self->rule_deadband_entry, rule != NULL ? rule->deadband : 0.0);
  set_limit_text (self->rule_window_entry, rule != NULL ? rule->window_s : 60.0);
  gtk_check_button_set_active (self->rule_enabled_check, rule == NULL || rule->enabled);
  gtk_label_set_label (self->rule_error_label, "");
  gtk_window_set_title (GTK_WINDOW (self->rule_dialog), rule != NULL ? _ ("Edit Alarm Rule") : _ ("Add Alarm Rule"));
  gtk_window_set_transient_for (GTK_WINDOW (self->rule_dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (self->rule_dialog));
  return GTK_WINDOW (self->rule_dialog);
}

/**
 * twin_live_page_acknowledge:
 * @rule_id: a rule whose alarm is raised
 *
 * Logs that the user acknowledged the alarm; it stays raised until its signal is back
 * inside the limits. Emits ::acknowledged.
 *
 * Returns: %TRUE when logged
 */
gboolean
twin_live_page_acknowledge (TwinLivePage *self,
                            gint64        rule_id,
                            GError      **error)
{
  gint64 *key;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);

  if (self->session != NULL && twin_live_session_is_running (self->session))
    {
      if (!twin_live_session_acknowledge (self->session, rule_id, error))
        return FALSE;
    }
  else if (!check_writable (self, error) || !twin_alarm_store_acknowledge (self->alarm_store, rule_id, error))
    return FALSE;
  key = g_new (gint64, 1);
  *key = rule_id;
  g_hash_table_add (self->acknowledged, key);
  update_raised (self);
  queue_reload_logs (self);
  g_signal_emit (self, signals[SIGNAL_ACKNOWLEDGED], 0, rule_id);
  return TRUE;
}

/**
 * twin_live_page_is_acknowledged:
 * @rule_id: a rule
 *
 * Returns: whether the raised alarm of @rule_id was acknowledged here since it was raised
 */
gboolean
twin_live_page_is_acknowledged (TwinLivePage *self,
                                gint64        rule_id)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), FALSE);

  return g_hash_table_contains (self->acknowledged, &rule_id);
}

guint
twin_live_page_get_n_feeds (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->feed_keys));
}

guint
twin_live_page_get_n_topics (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->topic_keys));
}

/**
 * twin_live_page_dup_feed_text:
 * @name: a feed
 * @column: which column
 *
 * Returns: (transfer full) (nullable): what the feed's row shows in @column
 */
char *
twin_live_page_dup_feed_text (TwinLivePage      *self,
                              const char        *name,
                              TwinLiveFeedColumn column)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);

  return feed_text (self, name, column);
}

/**
 * twin_live_page_dup_topic_text:
 * @topic: a topic seen
 * @column: which column
 *
 * Returns: (transfer full) (nullable): what the topic's row shows in @column
 */
char *
twin_live_page_dup_topic_text (TwinLivePage       *self,
                               const char         *topic,
                               TwinLiveTopicColumn column)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), NULL);

  return topic_text (self, topic, column);
}

guint
twin_live_page_get_n_rules (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rule_keys));
}

guint
twin_live_page_get_n_raised (TwinLivePage *self)
{
  guint n = 0;

  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->raised_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

guint
twin_live_page_get_n_alarm_events (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->event_keys));
}

guint
twin_live_page_get_n_commands (TwinLivePage *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->command_keys));
}

/**
 * twin_live_page_show_tab:
 * @name: "topics", "alarms", "alarm-log" or "command-log"
 */
void
twin_live_page_show_tab (TwinLivePage *self,
                         const char   *name)
{
  g_return_if_fail (TWIN_IS_LIVE_PAGE (self));

  gtk_stack_set_visible_child_name (self->tab_stack, name);
}
