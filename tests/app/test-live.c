/* test-live.c: GUI tests of the Live page under Xvfb with a real mosquitto: status, topics, binding, alarms.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small twin (a room, a heater) with an MQTT feed and an alarm rule is
 * written to a project file and opened in the real window; a mosquitto on a
 * free loopback port plays the building and mosquitto_pub publishes. The
 * tests watch the page connect, a published topic appear with its payload
 * and value, bind it through the Bind to… dialog (and see refused bindings
 * named), raise an alarm and acknowledge it from the window's banner, lose
 * the broker, and add a feed to a twin that had none. Screenshots go to
 * build/tests/app/screenshots/.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app-test-util.h"
#include "feeds-test-broker.h"
#include "feeds/twin-alarm-store.h"
#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "model/twin-model-json.h"
#include "twin-test-util.h"
#include "twin-window.h"

#define TOPIC "site/room/temperature"

static const char plant_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": {"
  " \"id\": \"00000000-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\","
  " \"children\": ["
  "  {\"id\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\","
  "   \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 200000, \"unit\": \"J/K\"},"
  "                    {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000007\", \"name\": \"Heater\", \"type\": \"heat_source\","
  "   \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 500, \"unit\": \"W\"}]}"
  " ]}}";

/* A project with the plant; with @broker, an MQTT feed on it (site/#, numbers, QoS 1) and an
 * alarm rule "Room too warm" (above 30) on TOPIC. */
static char *
write_project (const char      *name,
               FeedsTestBroker *broker)
{
  char *path = twin_test_tmp_path (name);
  g_autoptr (GError) error = NULL;
  TwinEntity *root = twin_model_json_from_string (plant_json, -1, &error);
  g_autoptr (TwinProject) project = NULL;

  g_assert_no_error (error);
  project = twin_project_new_untitled (root, &error);
  g_assert_no_error (error);
  g_assert_true (twin_project_save_as (project, path, &error));
  g_assert_no_error (error);
  twin_project_close (project);

  if (broker != NULL)
    {
      g_autoptr (TwinFeedStore) feeds = twin_feed_store_open (path, FALSE, &error);
      g_autoptr (TwinAlarmStore) alarms = NULL;
      g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("site", TWIN_FEED_MQTT);
      g_autoptr (TwinAlarmRule) rule = twin_alarm_rule_new ("Room too warm", TOPIC, TWIN_ALARM_THRESHOLD);

      g_assert_no_error (error);
      g_free (config->host);
      config->host = g_strdup ("127.0.0.1");
      config->port = broker->port;
      g_ptr_array_add (config->subscriptions,
                       twin_feed_subscription_new ("site/#", 1, twin_payload_format_parse ("number", NULL)));
      g_assert_true (twin_feed_store_save_feed (feeds, config, &error));
      g_assert_no_error (error);

      alarms = twin_alarm_store_open (path, FALSE, &error);
      g_assert_no_error (error);
      rule->high = 30.0;
      rule->deadband = 1.0;
      g_assert_true (twin_alarm_store_save_rule (alarms, rule, &error));
      g_assert_no_error (error);
    }
  return path;
}

static TwinWindow *
open_window (const char *path)
{
  TwinWindow *window = twin_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-inspector", g_variant_new_boolean (FALSE));
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "live");
  twin_app_test_pump (200);
  return window;
}

static void
close_window (TwinWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

/* Runs the main loop until what the page shows in (@name, @column) of a feed is @wanted. */
static gboolean
wait_feed_text (TwinLivePage      *page,
                const char        *name,
                TwinLiveFeedColumn column,
                const char        *wanted,
                double             timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = twin_live_page_dup_feed_text (page, name, column);

      if (g_strcmp0 (text, wanted) == 0)
        return TRUE;
      twin_app_test_pump (50);
    }
  return FALSE;
}

static gboolean
wait_topic_text (TwinLivePage       *page,
                 const char         *topic,
                 TwinLiveTopicColumn column,
                 const char         *wanted,
                 double              timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = twin_live_page_dup_topic_text (page, topic, column);

      if (g_strcmp0 (text, wanted) == 0)
        return TRUE;
      twin_app_test_pump (50);
    }
  {
    g_autofree char *text = twin_live_page_dup_topic_text (page, topic, column);

    g_test_message ("topic %s column %d shows “%s”, not “%s”", topic, column, text, wanted);
  }
  return FALSE;
}

static void
publish (FeedsTestBroker *broker,
         const char      *topic,
         const char      *payload)
{
  feeds_test_pub (broker, "-q", "1", "-t", topic, "-m", payload, NULL);
}

static GtkWidget *
page_child (TwinLivePage *page,
            const char   *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), TWIN_TYPE_LIVE_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The page connects to the twin's feed on opening; a published topic appears with its payload
 * and value; Bind to… binds it to the selected entity (and refuses what does not fit). */
static void
test_connect_topic_bind (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  TwinWindow   *window;
  TwinLivePage *page;
  TwinLiveValue value = { 0 };
  GtkWindow    *dialog;
  TwinEntity   *room;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = write_project ("live.dtwin", broker);
  window = open_window (path);
  page = twin_window_get_live (window);
  g_assert_nonnull (twin_window_get_live_session (window));
  g_assert_cmpuint (twin_live_page_get_n_feeds (page), ==, 1);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 20));
  g_assert_true (twin_live_page_get_connected (page));
  {
    g_autofree char *broker_text = twin_live_page_dup_feed_text (page, "site", TWIN_LIVE_FEED_BROKER);
    g_autofree char *wanted = g_strdup_printf ("127.0.0.1:%d", broker->port);

    g_assert_cmpstr (broker_text, ==, wanted);
  }

  publish (broker, TOPIC, "21.5");
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_PAYLOAD, "21.5", 20));
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_VALUE, "21.5", 5));
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_BOUND_TO, "", 1));
  /* A payload that is not a number is counted with the reason, and the feed goes on. */
  publish (broker, "site/room/broken", "warm");
  g_assert_true (wait_topic_text (page, "site/room/broken", TWIN_LIVE_TOPIC_COUNT, "0", 20));
  {
    g_autofree char *rejected = twin_live_page_dup_topic_text (page, "site/room/broken", TWIN_LIVE_TOPIC_REJECTED);

    g_test_message ("rejected: %s", rejected);
    g_assert_true (g_str_has_prefix (rejected, "1: "));
  }
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_REJECTED, "1", 5));

  /* Bind to… with nothing selected that has number properties is refused in the dialog. */
  room = twin_model_lookup_path (twin_project_get_model (twin_window_get_project (window)), "Plant/Room");
  g_assert_nonnull (room);
  twin_hierarchy_view_select (twin_window_get_hierarchy (window), room);
  twin_app_test_pump (100);
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (page_child (page, "topics_view"))));

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
      {
        g_autoptr (GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

        if (g_strcmp0 (gtk_string_object_get_string (item), TOPIC) == 0)
          gtk_single_selection_set_selected (selection, i);
      }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "live.bind-topic", NULL));
  dialog = GTK_WINDOW (page_child (page, "bind_dialog"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  twin_app_test_pump (200);
  {
    GtkDropDown *properties = GTK_DROP_DOWN (page_child (page, "bind_property_dropdown"));
    GListModel  *names = gtk_drop_down_get_model (properties);
    GtkEditable *unit = GTK_EDITABLE (page_child (page, "bind_unit_entry"));
    GtkLabel    *error_label = GTK_LABEL (page_child (page, "bind_error_label"));
    guint        found = GTK_INVALID_LIST_POSITION;

    /* Only number properties are offered. */
    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      {
        g_autoptr (GtkStringObject) item = g_list_model_get_item (names, i);

        if (g_strcmp0 (gtk_string_object_get_string (item), "initial_temperature") == 0)
          found = i;
      }
    g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
    gtk_drop_down_set_selected (properties, found);
    /* Watts cannot become degrees: the dialog says so and stays open. */
    gtk_editable_set_text (unit, "W");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    twin_app_test_pump (100);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_test_message ("refused: %s", gtk_label_get_label (error_label));
    g_assert_nonnull (strstr (gtk_label_get_label (error_label), TOPIC));
    g_assert_nonnull (strstr (gtk_label_get_label (error_label), "Plant/Room.initial_temperature"));
    twin_app_test_save_screenshot (GTK_WIDGET (dialog), "live-bind-dialog");
    /* Fahrenheit could be, but the topic was recorded without a unit before: the scale and
     * offset convert instead, and the dialog says so. */
    gtk_editable_set_text (unit, "°F");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    twin_app_test_pump (100);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_test_message ("refused: %s", gtk_label_get_label (error_label));
    g_assert_nonnull (strstr (gtk_label_get_label (error_label), "scale and offset"));
    /* °F → °C: · 5/9 − 160/9, typed with the locale's or a dot decimal mark. */
    gtk_editable_set_text (unit, "");
    gtk_editable_set_text (GTK_EDITABLE (page_child (page, "bind_scale_entry")), "0.5");
    gtk_editable_set_text (GTK_EDITABLE (page_child (page, "bind_offset_entry")), "-6");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    twin_app_test_pump (100);
    g_assert_cmpstr (gtk_label_get_label (error_label), ==, "");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  }
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_BOUND_TO, "Plant/Room.initial_temperature", 5));
  /* The next value arrives converted: 212 · 0.5 − 6 = 100 °C. */
  publish (broker, TOPIC, "212");
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_PAYLOAD, "212", 20));
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_VALUE, "100 °C", 5));
  g_assert_true (twin_live_session_lookup (twin_window_get_live_session (window), "Plant/Room", "initial_temperature",
                                           &value));
  g_assert_cmpfloat_with_epsilon (value.value, 100.0, 1e-9);
  g_assert_false (value.stale);

  /* The page's API refuses bindings the twin cannot take, naming them. */
  g_assert_false (twin_live_page_bind_topic (page, TOPIC, "Plant/Nowhere", "value", NULL, 1.0, 0.0, &error));
  g_assert_nonnull (strstr (error->message, "Plant/Nowhere"));
  g_clear_error (&error);
  g_assert_false (twin_live_page_bind_topic (page, TOPIC, "Plant/Room", "colour", NULL, 1.0, 0.0, &error));
  g_assert_nonnull (strstr (error->message, "colour"));
  g_clear_error (&error);
  g_assert_false (twin_live_page_bind_topic (page, TOPIC, "Plant/Room", "heat_capacity", NULL, NAN, 0.0, &error));
  g_clear_error (&error);

  twin_app_test_save_screenshot (GTK_WIDGET (window), "live-topics");

  /* Disconnect: the feed stops; Connect again resumes. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page_child (page, "connect_button")), FALSE);
  g_assert_false (twin_live_page_get_connected (page));
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Disconnected", 5));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page_child (page, "connect_button")), TRUE);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 20));

  close_window (window);
  /* Everything that arrived is in the twin's history. */
  g_assert_cmpint (feeds_test_count_samples (path, TOPIC), ==, 2);
  feeds_test_broker_free (broker);
}

static gboolean
wait_alarm (TwinWindow *window,
            gboolean    shown,
            double      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if ((twin_window_get_alarm_message (window) != NULL) == shown)
        return TRUE;
      twin_app_test_pump (50);
    }
  return FALSE;
}

/* A published value above the rule's limit raises the banner and a row under Raised Now;
 * Acknowledge logs it and hides the banner; back inside the limits it clears. Rules are
 * validated in their dialog. */
static void
test_alarm_banner (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  TwinWindow   *window;
  TwinLivePage *page;
  GtkWindow    *dialog;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = write_project ("alarm.dtwin", broker);
  window = open_window (path);
  page = twin_window_get_live (window);
  g_assert_cmpuint (twin_live_page_get_n_rules (page), ==, 1);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 20));
  g_assert_null (twin_window_get_alarm_message (window));

  publish (broker, TOPIC, "22");
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_PAYLOAD, "22", 20));
  g_assert_null (twin_window_get_alarm_message (window));
  publish (broker, TOPIC, "35.5");
  g_assert_true (wait_alarm (window, TRUE, 20));
  g_test_message ("alarm: %s", twin_window_get_alarm_message (window));
  g_assert_nonnull (strstr (twin_window_get_alarm_message (window), "Room too warm"));
  twin_live_page_show_tab (page, "alarms");
  twin_app_test_pump (200);
  g_assert_cmpuint (twin_live_page_get_n_raised (page), ==, 1);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "live-alarm");

  /* Acknowledge from the banner: logged, banner gone, the alarm stays raised. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "acknowledge-alarm", NULL);
  g_assert_true (wait_alarm (window, FALSE, 5));
  g_assert_cmpuint (twin_live_page_get_n_raised (page), ==, 1);
  twin_live_page_show_tab (page, "alarm-log");
  twin_app_test_pump (400);
  g_assert_cmpuint (twin_live_page_get_n_alarm_events (page), ==, 2);
  twin_app_test_save_screenshot (GTK_WIDGET (page), "live-alarm-log");

  /* Back under 30 − 1 (the deadband) it clears. */
  publish (broker, TOPIC, "25");
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (twin_live_page_get_n_raised (page) > 0 && g_get_monotonic_time () < deadline)
      twin_app_test_pump (50);
  }
  g_assert_cmpuint (twin_live_page_get_n_raised (page), ==, 0);
  g_assert_null (twin_window_get_alarm_message (window));

  /* The rule dialog says what is wrong and keeps the dialog open. */
  twin_live_page_show_tab (page, "alarms");
  dialog = twin_live_page_show_rule_dialog (page, NULL);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "rule_name_entry")), "Heater flow");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "rule_signal_entry")), "site/heater/flow");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "rule_high_entry")), "lots");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (page, "rule_error_label"))), ==,
                   "The upper limit is not a number.");
  /* No limit at all: the rule's own validation speaks. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "rule_high_entry")), "");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_test_message ("refused rule: %s", gtk_label_get_label (GTK_LABEL (page_child (page, "rule_error_label"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (page, "rule_error_label"))), !=, "");
  twin_app_test_save_screenshot (GTK_WIDGET (dialog), "live-rule-dialog");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "rule_high_entry")), "2000");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (twin_live_page_get_n_rules (page), ==, 2);
  /* A second rule with the same name is refused. */
  {
    g_autoptr (TwinAlarmRule) twin = twin_alarm_rule_new ("Heater flow", TOPIC, TWIN_ALARM_THRESHOLD);

    twin->high = 1.0;
    g_assert_false (twin_live_page_save_alarm_rule (page, twin, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_true (twin_live_page_remove_alarm_rule (page, "Heater flow", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_live_page_get_n_rules (page), ==, 1);

  close_window (window);
  feeds_test_broker_free (broker);
}

/* The broker goes away: the feed shows it is not connected, with the error; it comes back. */
static void
test_broker_lost (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *error_text = NULL;
  TwinWindow      *window;
  TwinLivePage    *page;
  gint64           deadline;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = write_project ("lost.dtwin", broker);
  window = open_window (path);
  page = twin_window_get_live (window);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 20));

  feeds_test_broker_stop (broker, TRUE);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      g_autofree char *status = twin_live_page_dup_feed_text (page, "site", TWIN_LIVE_FEED_STATUS);

      g_free (error_text);
      error_text = twin_live_page_dup_feed_text (page, "site", TWIN_LIVE_FEED_ERROR);
      if (g_strcmp0 (status, "Connected") != 0 && error_text != NULL && *error_text != '\0')
        break;
      twin_app_test_pump (50);
    }
  while (g_get_monotonic_time () < deadline);
  g_test_message ("feed error: %s", error_text);
  g_assert_true (error_text != NULL && *error_text != '\0');
  twin_app_test_save_screenshot (GTK_WIDGET (page), "live-broker-lost");

  feeds_test_broker_restart (broker);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 30));
  close_window (window);
  feeds_test_broker_free (broker);
}

/* A twin without feeds says how to add one; the feed dialog refuses a feed with no topic, and
 * saving a good one connects it. A read-only twin has no session. */
static void
test_add_feed (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *port = NULL;
  TwinWindow      *window;
  TwinLivePage    *page;
  GtkWindow       *dialog;
  GtkLabel        *error_label;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = write_project ("empty.dtwin", NULL);
  window = open_window (path);
  page = twin_window_get_live (window);
  g_assert_cmpuint (twin_live_page_get_n_feeds (page), ==, 0);
  g_assert_false (twin_live_page_has_feeds (page));
  g_assert_false (twin_live_page_get_connected (page));
  g_assert_true (gtk_widget_get_visible (page_child (page, "message_label")));
  twin_app_test_save_screenshot (GTK_WIDGET (page), "live-no-feeds");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "live.add-feed", NULL));
  dialog = GTK_WINDOW (page_child (page, "feed_dialog"));
  error_label = GTK_LABEL (page_child (page, "feed_error_label"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_name_entry")), "building");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_host_entry")), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (page_child (page, "feed_port_spin")), broker->port);
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_topics_entry")), "");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_test_message ("refused feed: %s", gtk_label_get_label (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "building"));
  /* A payload format that does not exist is refused too. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_topics_entry")), "site/#");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_payload_entry")), "xml:temp");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_test_message ("refused format: %s", gtk_label_get_label (error_label));
  g_assert_cmpstr (gtk_label_get_label (error_label), !=, "");
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_payload_entry")), "number");
  /* A user name: the page asks the keyring (there is no Secret service here) and connects anyway. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "feed_user_entry")), "twin");
  twin_app_test_save_screenshot (GTK_WIDGET (dialog), "live-feed-dialog");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_cmpstr (gtk_label_get_label (error_label), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (twin_live_page_get_n_feeds (page), ==, 1);
  g_assert_false (gtk_widget_get_visible (page_child (page, "message_label")));
  g_assert_true (wait_feed_text (page, "building", TWIN_LIVE_FEED_STATUS, "Connected", 20));
  publish (broker, "site/lobby/co2", "612");
  g_assert_true (wait_topic_text (page, "site/lobby/co2", TWIN_LIVE_TOPIC_PAYLOAD,
                                  "612", 20));

  /* Removing it stops it; the history stays. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (twin_live_page_remove_feed (page, "building", &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (twin_live_page_get_n_feeds (page), ==, 0);
  close_window (window);
  g_assert_cmpint (feeds_test_count_samples (path, "site/lobby/co2"), ==, 1);

  /* Read-only: no session, nothing to edit. */
  window = twin_window_new (NULL);
  g_assert_true (twin_window_open_path (window, path, TRUE));
  g_assert_null (twin_window_get_live_session (window));
  g_assert_null (twin_live_page_show_feed_dialog (twin_window_get_live (window), NULL));
  close_window (window);
  feeds_test_broker_free (broker);
}

static void
command_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  twin_live_session_send_command_finish (TWIN_LIVE_SESSION (source), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "sent");
}

/* Sends @value through the window's session; returns NULL when sent, else why not. */
static GError *
send_command (TwinWindow               *window,
              const TwinCommandBinding *binding,
              double                    value)
{
  GError *error = NULL;
  gint64  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  twin_live_session_send_command_async (twin_window_get_live_session (window), binding, value, "W", NULL,
                                        command_sent_cb, &error);
  while (error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NONE))
    g_clear_error (&error);
  return error;
}

/* A topic that stops arriving is marked stale; the command log shows what was sent (and a
 * value refused by the binding's limits is neither sent nor logged). */
static void
test_stale_and_command_log (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  TwinWindow   *window;
  TwinLivePage *page;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = write_project ("stale.dtwin", broker);
  {
    g_autoptr (TwinCommandStore) commands = twin_command_store_open (path, FALSE, &error);

    g_assert_no_error (error);
    binding = twin_command_binding_new ("Plant/Heater", "heat_flow", "site", "site/heater/setpoint");
    binding->max = 2000.0;
    g_assert_true (twin_command_store_save_binding (commands, binding, &error));
    g_assert_no_error (error);
  }
  window = open_window (path);
  page = twin_window_get_live (window);
  g_assert_true (wait_feed_text (page, "site", TWIN_LIVE_FEED_STATUS, "Connected", 20));

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *payload = g_strdup_printf ("%d", 20 + i);

      publish (broker, TOPIC, payload);
      twin_app_test_pump (200);
    }
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_PAYLOAD, "23", 20));
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_STALE, "", 1));
  /* Nothing for much longer than the usual 0.2 s (at least 2 s): stale. */
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_STALE, "Stale", 15));
  twin_live_page_show_tab (page, "topics");
  twin_app_test_save_screenshot (GTK_WIDGET (page), "live-stale");
  publish (broker, TOPIC, "24");
  g_assert_true (wait_topic_text (page, TOPIC, TWIN_LIVE_TOPIC_STALE, "", 10));

  twin_live_page_show_tab (page, "command-log");
  g_assert_cmpuint (twin_live_page_get_n_commands (page), ==, 0);
  error = send_command (window, binding, 750.0);
  g_assert_no_error (error);
  error = send_command (window, binding, 5000.0);
  g_assert_nonnull (error);
  g_test_message ("refused command: %s", error->message);
  g_clear_error (&error);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (twin_live_page_get_n_commands (page) < 1 && g_get_monotonic_time () < deadline)
      twin_app_test_pump (50);
  }
  twin_app_test_pump (500);
  g_assert_cmpuint (twin_live_page_get_n_commands (page), ==, 1);
  twin_app_test_save_screenshot (GTK_WIDGET (page), "live-command-log");

  close_window (window);
  feeds_test_broker_free (broker);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  /* The app's style sheet (TwinApplication loads it), so the screenshots look like the app. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/ui/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/app/live/connect-topic-bind", test_connect_topic_bind);
  g_test_add_func ("/app/live/alarm-banner", test_alarm_banner);
  g_test_add_func ("/app/live/broker-lost", test_broker_lost);
  g_test_add_func ("/app/live/add-feed", test_add_feed);
  g_test_add_func ("/app/live/stale-and-command-log", test_stale_and_command_log);

  return g_test_run ();
}
