/* test-live-views.c: GUI tests of live values in the inspector, the tree, the 3D view and the charts, against a real mosquitto.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own broker (tests/core/feeds/feeds-test-broker.c), copies the example
 * office, gives it the MQTT feed "site" on live/#, binds topics to the lobby's temperature sensor
 * and set point, and runs a real TwinLiveSession on the test's main loop. Values are published
 * with mosquitto_pub; the widgets are driven as a user would (a dropped topic, Send… then the
 * confirmation) and checked through what they show. Screenshots go to
 * tests/app/screenshots/ in the build folder.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "app-test-util.h"
#include "feeds-test-broker.h"
#include "twin-charts-page.h"
#include "twin-core.h"
#include "twin-hierarchy-view.h"
#include "twin-inspector.h"
#include "twin-test-util.h"
#include "twin-viewport.h"

#define LOBBY "Office Building/Ground Floor/Lobby"
#define LOBBY_SENSOR LOBBY "/Temperature Sensor"
#define MEETING_SENSOR "Office Building/Ground Floor/Meeting Room 0.1/Temperature Sensor"
#define COMMAND_TOPIC "cmd/lobby/setpoint"

typedef struct
{
  FeedsTestBroker *broker;
  char            *path;
  TwinProject     *project;
  TwinLiveSession *session;
} Fixture;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done, at most @timeout_s. */
#define WAIT_UNTIL(done, timeout_s)                                                                 \
  G_STMT_START                                                                                      \
  {                                                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) ((timeout_s) *G_USEC_PER_SEC);            \
    guint  tick_ = g_timeout_add (20, wake_up, NULL);                                               \
    while (!(done) && g_get_monotonic_time () < deadline_)                                          \
      g_main_context_iteration (NULL, TRUE);                                                        \
    g_source_remove (tick_);                                                                        \
    if (!(done))                                                                                    \
      g_error ("%s:%d: not true within %g s: %s", __FILE__, __LINE__, (double) (timeout_s), #done); \
  }                                                                                                 \
  G_STMT_END

static void
bind_topic (const char *path,
            const char *topic,
            const char *entity_path,
            const char *property,
            const char *unit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
  TwinTopicBinding binding = { (char *) topic, (char *) entity_path, (char *) property, (char *) unit, 1, 0 };

  g_assert_no_error (error);
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
}

/* The example office with the feed "site", two bound topics and a command binding, its session running. */
static gboolean
fixture_set_up (Fixture    *fixture,
                const char *basename)
{
  g_autoptr (GError) error = NULL;

  fixture->broker = feeds_test_broker_start (NULL);
  if (fixture->broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return FALSE;
    }
  fixture->path = twin_app_test_copy_example (basename);
  {
    g_autoptr (TwinFeedStore) store = twin_feed_store_open (fixture->path, FALSE, &error);
    g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("site", TWIN_FEED_MQTT);

    g_assert_no_error (error);
    g_free (config->host);
    config->host = g_strdup ("127.0.0.1");
    config->port = fixture->broker->port;
    g_free (config->client_id);
    config->client_id = g_strdup ("live-views");
    config->keepalive_s = 5;
    g_ptr_array_add (config->subscriptions,
                     twin_feed_subscription_new ("live/#", 1, twin_payload_format_parse ("number", &error)));
    g_assert_no_error (error);
    g_assert_true (twin_feed_store_save_feed (store, config, &error));
    g_assert_no_error (error);
  }
  bind_topic (fixture->path, "live/lobby/temperature", LOBBY_SENSOR, "value", "°C");
  bind_topic (fixture->path, "live/lobby/setpoint", LOBBY, "setpoint", "°C");
  {
    g_autoptr (TwinCommandStore) store = twin_command_store_open (fixture->path, FALSE, &error);
    g_autoptr (TwinCommandBinding) binding = twin_command_binding_new (LOBBY, "setpoint", "site", COMMAND_TOPIC);

    g_assert_no_error (error);
    binding->qos = 1;
    binding->retain = TRUE;
    binding->payload = g_strdup ("{\"setpoint\": {value}}");
    binding->min = 5;
    binding->max = 30;
    g_assert_true (twin_command_store_save_binding (store, binding, &error));
    g_assert_no_error (error);
  }

  fixture->project = twin_project_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  fixture->session = twin_live_session_new (fixture->path);
  twin_live_session_set_stale_factor (fixture->session, 1.5);
  g_assert_true (twin_live_session_start (fixture->session, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_tear_down (Fixture *fixture)
{
  if (fixture->session != NULL)
    twin_live_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  if (fixture->project != NULL)
    twin_project_close (fixture->project);
  g_clear_object (&fixture->project);
  g_clear_pointer (&fixture->broker, feeds_test_broker_free);
  g_clear_pointer (&fixture->path, g_free);
}

static gboolean
feed_connected (TwinLiveSession *session)
{
  g_autoptr (GPtrArray) feeds = twin_live_session_dup_feeds (session);

  for (guint i = 0; i < feeds->len; i++)
    {
      TwinLiveFeedStatus *status = g_ptr_array_index (feeds, i);

      if (g_strcmp0 (status->name, "site") == 0)
        {
          if (status->last_error != NULL)
            g_test_message ("feed: %s", status->last_error);
          return status->state == TWIN_MQTT_CONNECTED;
        }
    }
  return FALSE;
}

static void
publish (Fixture    *fixture,
         const char *topic,
         const char *value)
{
  feeds_test_pub (fixture->broker, "-q", "1", "-t", topic, "-m", value, NULL);
}

static TwinEntity *
lookup (Fixture    *fixture,
        const char *path)
{
  /* The model's paths leave out the root's name. */
  TwinEntity *entity = twin_model_lookup_path (twin_project_get_model (fixture->project),
                                               path + strlen ("Office Building/"));

  g_assert_nonnull (entity);
  return entity;
}

static gboolean
text_has_prefix (const char *text,
                 const char *prefix)
{
  return text != NULL && g_str_has_prefix (text, prefix);
}

static gboolean
text_contains (const char *text,
               const char *part)
{
  return text != NULL && strstr (text, part) != NULL;
}

/* A window with the tree, the inspector and the 3D view. */
static GtkWidget *
new_window (Fixture            *fixture,
            TwinHierarchyView **tree,
            TwinInspector     **inspector,
            TwinViewport      **viewport)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  TwinModel *model = twin_project_get_model (fixture->project);

  *tree = g_object_new (TWIN_TYPE_HIERARCHY_VIEW, NULL);
  *inspector = g_object_new (TWIN_TYPE_INSPECTOR, NULL);
  *viewport = TWIN_VIEWPORT (twin_viewport_new ());
  gtk_widget_set_size_request (GTK_WIDGET (*tree), 320, -1);
  gtk_widget_set_size_request (GTK_WIDGET (*inspector), 420, -1);
  gtk_widget_set_hexpand (GTK_WIDGET (*viewport), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*tree));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*viewport));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*inspector));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 820);

  twin_hierarchy_view_set_model (*tree, model);
  twin_inspector_set_model (*inspector, model);
  twin_inspector_set_mesh_catalog (*inspector, twin_project_get_mesh_catalog (fixture->project));
  twin_viewport_set_model (*viewport, model);
  twin_viewport_set_mesh_catalog (*viewport, twin_project_get_mesh_catalog (fixture->project));
  twin_hierarchy_view_set_live_session (*tree, fixture->session);
  twin_inspector_set_live_session (*inspector, fixture->session);
  twin_viewport_set_live_session (*viewport, fixture->session);

  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (window);
  return window;
}

/* The inspector and the tree show live values with their time, then the stale mark when the
 * publisher stops; a new value clears it. */
static void
test_live_values (void)
{
  Fixture            fixture = { 0 };
  TwinHierarchyView *tree;
  TwinInspector     *inspector;
  TwinViewport      *viewport;
  GtkWidget         *window;
  TwinEntity        *lobby, *sensor;

  if (!fixture_set_up (&fixture, "live-values.dtwin"))
    return;
  window = new_window (&fixture, &tree, &inspector, &viewport);
  lobby = lookup (&fixture, LOBBY);
  sensor = lookup (&fixture, LOBBY_SENSOR);
  WAIT_UNTIL (feed_connected (fixture.session), 10);

  /* Nothing arrived yet: no live text, no stale mark. */
  twin_hierarchy_view_select (tree, sensor);
  twin_inspector_set_entity (inspector, lobby);
  twin_app_test_pump (300);
  g_assert_null (twin_inspector_get_live_text (inspector, "setpoint"));
  g_assert_null (twin_inspector_get_live_text (inspector, "floor_area"));
  g_assert_null (twin_hierarchy_view_get_live_text (tree, sensor));

  /* A few values a little apart, so the topic has a usual interval. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *value = g_strdup_printf ("%g", 21.0 + 0.5 * i);

      publish (&fixture, "live/lobby/setpoint", value);
      publish (&fixture, "live/lobby/temperature", i < 3 ? "22" : "22.25");
      twin_app_test_pump (150);
    }
  WAIT_UNTIL (text_has_prefix (twin_inspector_get_live_text (inspector, "setpoint"), "Live: 22.5 °C at "), 10);
  g_assert_false (twin_inspector_get_live_stale (inspector, "setpoint"));
  g_assert_null (twin_inspector_get_live_text (inspector, "floor_area"));
  /* The property's own value is not changed by the feed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (twin_inspector_get_editor (inspector, "setpoint"))), ==, "20");
  WAIT_UNTIL (g_strcmp0 (twin_hierarchy_view_get_live_text (tree, sensor), "22.25 °C") == 0, 10);
  /* The command binding brings the sender. */
  g_assert_nonnull (twin_inspector_get_command_entry (inspector, "setpoint"));
  g_assert_null (twin_inspector_get_command_entry (inspector, "occupancy"));
  twin_app_test_save_screenshot (window, "live-values");
  g_test_message ("setpoint: %s; lobby: %s", twin_inspector_get_live_text (inspector, "setpoint"),
                  twin_hierarchy_view_get_live_text (tree, lobby));

  /* A sensor's measured value is no parameter: it has a row of its own. */
  twin_inspector_set_entity (inspector, sensor);
  publish (&fixture, "live/lobby/temperature", "22.25");
  WAIT_UNTIL (text_has_prefix (twin_inspector_get_live_text (inspector, "value"), "Live: 22.25 °C at "), 10);
  twin_app_test_save_screenshot (window, "live-values-sensor");

  /* The publisher stops: stale after about 2 s, in the inspector and the tree. */
  WAIT_UNTIL (twin_inspector_get_live_stale (inspector, "value"), 8);
  g_assert_true (text_has_prefix (twin_inspector_get_live_text (inspector, "value"), "Stale: 22.25 °C at "));
  g_assert_true (text_contains (twin_inspector_get_live_text (inspector, "value"), "live/lobby/temperature"));
  WAIT_UNTIL (g_strcmp0 (twin_hierarchy_view_get_live_text (tree, sensor), "22.25 °C · stale") == 0, 5);
  twin_inspector_set_entity (inspector, lobby);
  twin_app_test_pump (100);
  WAIT_UNTIL (twin_inspector_get_live_stale (inspector, "setpoint"), 5);
  twin_app_test_save_screenshot (window, "live-values-stale");

  /* A new value clears the mark. */
  publish (&fixture, "live/lobby/setpoint", "19");
  WAIT_UNTIL (text_has_prefix (twin_inspector_get_live_text (inspector, "setpoint"), "Live: 19 °C at "), 10);
  g_assert_false (twin_inspector_get_live_stale (inspector, "setpoint"));

  /* Without the session, nothing live is shown. */
  twin_inspector_set_live_session (inspector, NULL);
  twin_hierarchy_view_set_live_session (tree, NULL);
  g_assert_null (twin_inspector_get_live_text (inspector, "setpoint"));
  g_assert_null (twin_inspector_get_command_entry (inspector, "setpoint"));
  g_assert_null (twin_hierarchy_view_get_live_text (tree, sensor));

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

static gboolean
has_binding (const char *path,
             const char *topic,
             const char *property)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, TRUE, &error);
  g_autoptr (GPtrArray) bindings = NULL;

  g_assert_no_error (error);
  bindings = twin_feed_store_list_bindings (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bindings->len; i++)
    {
      TwinTopicBinding *binding = g_ptr_array_index (bindings, i);

      if (g_strcmp0 (binding->topic, topic) == 0 && g_strcmp0 (binding->property, property) == 0 &&
          g_strcmp0 (binding->entity_path, LOBBY) == 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_field (GtkWidget  *dialog,
           const char *name,
           const char *text)
{
  GtkWidget *entry = find_named (dialog, name);

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* A topic dropped on a parameter is bound through the dialog, and its values show at once. */
static void
test_drop_topic (void)
{
  Fixture            fixture = { 0 };
  TwinHierarchyView *tree;
  TwinInspector     *inspector;
  TwinViewport      *viewport;
  GtkWidget         *window;
  GtkWidget         *dialog;

  if (!fixture_set_up (&fixture, "live-drop.dtwin"))
    return;
  window = new_window (&fixture, &tree, &inspector, &viewport);
  WAIT_UNTIL (feed_connected (fixture.session), 10);
  twin_inspector_set_entity (inspector, lookup (&fixture, LOBBY));
  publish (&fixture, "live/lobby/occupancy", "7");
  twin_app_test_pump (300);
  g_assert_null (twin_inspector_get_live_text (inspector, "occupancy"));

  /* What is not a topic, or not a numeric parameter, is refused. */
  g_assert_null (twin_inspector_drop_topic (inspector, "occupancy", "twin-parameter:" LOBBY ".setpoint"));
  g_assert_null (twin_inspector_drop_topic (inspector, "occupancy", "live/#"));
  g_assert_null (twin_inspector_drop_topic (inspector, "has_window", "live/lobby/occupancy"));
  g_assert_null (twin_inspector_drop_topic (inspector, "no_such_parameter", "live/lobby/occupancy"));

  /* Cancel binds nothing. */
  dialog = twin_inspector_drop_topic (inspector, "occupancy", "live/lobby/occupancy");
  g_assert_true (GTK_IS_DIALOG (dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  twin_app_test_pump (300);
  g_assert_false (has_binding (fixture.path, "live/lobby/occupancy", "occupancy"));

  /* Bind with the defaults (scale 1, offset 0). */
  dialog = twin_inspector_drop_topic (inspector, "occupancy", TWIN_INSPECTOR_TOPIC_PREFIX "live/lobby/occupancy");
  g_assert_true (GTK_IS_DIALOG (dialog));
  twin_app_test_wait_mapped (dialog);
  twin_app_test_save_screenshot (dialog, "live-bind-dialog");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (has_binding (fixture.path, "live/lobby/occupancy", "occupancy"), 10);
  WAIT_UNTIL (twin_inspector_get_live_text (inspector, "occupancy") != NULL, 10);
  g_test_message ("after binding: %s", twin_inspector_get_live_text (inspector, "occupancy"));

  /* The session was reloaded: the next value is the property's live value. */
  publish (&fixture, "live/lobby/occupancy", "9");
  WAIT_UNTIL (text_has_prefix (twin_inspector_get_live_text (inspector, "occupancy"), "Live: 9 at "), 10);
  twin_app_test_save_screenshot (window, "live-drop-bound");

  /* Bind to a Topic… on a bound property: its topic, a bad scale refused, then Unbind. */
  dialog = twin_inspector_edit_topic_binding (inspector, "occupancy");
  g_assert_true (GTK_IS_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "topic"))), ==, "live/lobby/occupancy");
  set_field (dialog, "scale", "0");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "error")));
  g_test_message ("refused: %s", gtk_label_get_label (GTK_LABEL (find_named (dialog, "error"))));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  WAIT_UNTIL (!has_binding (fixture.path, "live/lobby/occupancy", "occupancy"), 10);
  WAIT_UNTIL (twin_inspector_get_live_text (inspector, "occupancy") == NULL, 10);

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

static GPtrArray *
list_command_log (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinCommandStore) store = twin_command_store_open (path, TRUE, &error);
  GPtrArray *log;

  g_assert_no_error (error);
  log = twin_command_store_list_log (store, 0, &error);
  g_assert_no_error (error);
  return log;
}

/* Send… asks first, naming value, unit, topic and broker; the setpoint reaches a subscriber and
 * is logged. Refused values are neither asked about nor sent. */
static void
test_send_command (void)
{
  Fixture            fixture = { 0 };
  TwinHierarchyView *tree;
  TwinInspector     *inspector;
  TwinViewport      *viewport;
  GtkWidget         *window;
  GtkWidget         *dialog;
  g_autofree char   *text = NULL;
  g_autofree char   *secondary = NULL;
  g_autofree char   *broker = NULL;
  g_autofree char   *port = NULL;
  g_autofree char   *received = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GSubprocess) sub = NULL;
  g_autoptr (GError) error = NULL;
  TwinCommandRecord *record;

  if (!fixture_set_up (&fixture, "live-send.dtwin"))
    return;
  window = new_window (&fixture, &tree, &inspector, &viewport);
  WAIT_UNTIL (feed_connected (fixture.session), 10);
  twin_inspector_set_entity (inspector, lookup (&fixture, LOBBY));
  twin_app_test_pump (200);
  g_assert_nonnull (twin_inspector_get_command_entry (inspector, "setpoint"));

  /* Above the binding's maximum, or not a number: refused, with the reason, no question. */
  g_assert_null (twin_inspector_send_command (inspector, "setpoint", "45"));
  g_assert_nonnull (twin_inspector_get_command_text (inspector, "setpoint"));
  g_test_message ("refused: %s", twin_inspector_get_command_text (inspector, "setpoint"));
  g_assert_true (text_contains (twin_inspector_get_command_text (inspector, "setpoint"), "30"));
  g_assert_null (twin_inspector_send_command (inspector, "setpoint", "warm"));
  g_assert_null (twin_inspector_send_command (inspector, "floor_area", "20"));

  /* Cancelled: nothing sent, nothing logged. */
  dialog = twin_inspector_send_command (inspector, "setpoint", "22.5");
  g_assert_true (GTK_IS_MESSAGE_DIALOG (dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  twin_app_test_pump (300);
  log = list_command_log (fixture.path);
  g_assert_cmpuint (log->len, ==, 0);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Typed in Fahrenheit, asked about and sent in the property's unit. */
  gtk_editable_set_text (GTK_EDITABLE (twin_inspector_get_command_entry (inspector, "setpoint")), "72.5 °F");
  dialog = twin_inspector_send_command (inspector, "setpoint", "72.5 °F");
  g_assert_true (GTK_IS_MESSAGE_DIALOG (dialog));
  g_object_get (dialog, "text", &text, "secondary-text", &secondary, NULL);
  g_test_message ("%s — %s", text, secondary);
  g_assert_cmpstr (text, ==, "Send 22.5 °C to " LOBBY ".setpoint?");
  broker = g_strdup_printf ("127.0.0.1:%d", fixture.broker->port);
  g_assert_true (text_contains (secondary, COMMAND_TOPIC));
  g_assert_true (text_contains (secondary, broker));
  g_assert_true (text_contains (secondary, "{\"setpoint\": 22.5}"));
  twin_app_test_wait_mapped (dialog);
  twin_app_test_save_screenshot (dialog, "live-send-confirm");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (text_has_prefix (twin_inspector_get_command_text (inspector, "setpoint"), "Sent 22.5 °C at "), 10);
  twin_app_test_save_screenshot (window, "live-send-sent");

  /* Retained: a subscriber that comes now still gets it, with QoS 1. */
  port = g_strdup_printf ("%d", fixture.broker->port);
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "mosquitto_sub", "-p", port, "-q", "1", "-t",
                          COMMAND_TOPIC, "-C", "1", "-W", "10", "-F", "%q %r %p", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, &received, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (received), ==, "1 1 {\"setpoint\": 22.5}");

  log = list_command_log (fixture.path);
  g_assert_cmpuint (log->len, ==, 1);
  record = g_ptr_array_index (log, 0);
  g_assert_true (record->ok);
  g_assert_cmpstr (record->origin, ==, "app");
  g_assert_cmpstr (record->entity_path, ==, LOBBY);
  g_assert_cmpstr (record->property, ==, "setpoint");
  g_assert_cmpfloat_with_epsilon (record->value, 22.5, 1e-9);

  /* The broker goes away: the send fails, is shown as failed, and is logged as failed. */
  feeds_test_broker_stop (fixture.broker, TRUE);
  dialog = twin_inspector_send_command (inspector, "setpoint", "23");
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (text_contains (twin_inspector_get_command_text (inspector, "setpoint"), "was not sent"), 30);
  g_test_message ("failed: %s", twin_inspector_get_command_text (inspector, "setpoint"));
  g_clear_pointer (&log, g_ptr_array_unref);
  log = list_command_log (fixture.path);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_false (((TwinCommandRecord *) g_ptr_array_index (log, 1))->ok);

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

static double
binding_max (Fixture *fixture)
{
  g_autoptr (TwinCommandBinding) binding = twin_live_session_dup_command_binding (fixture->session, LOBBY, "setpoint");

  return binding != NULL ? binding->max : NAN;
}

/* "Command Binding…": a bad field keeps the dialog open with the reason; Save stores and reloads;
 * a new binding brings the sender; Remove takes it away. */
static void
test_command_binding_dialog (void)
{
  Fixture            fixture = { 0 };
  TwinHierarchyView *tree;
  TwinInspector     *inspector;
  TwinViewport      *viewport;
  GtkWidget         *window;
  GtkWidget         *dialog;
  GtkWidget         *error_label;

  if (!fixture_set_up (&fixture, "live-command-binding.dtwin"))
    return;
  window = new_window (&fixture, &tree, &inspector, &viewport);
  twin_inspector_set_entity (inspector, lookup (&fixture, LOBBY));
  twin_app_test_pump (200);
  g_assert_null (twin_inspector_edit_command_binding (inspector, "has_window"));

  /* The existing binding, shown and changed. */
  dialog = twin_inspector_edit_command_binding (inspector, "setpoint");
  g_assert_true (GTK_IS_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "topic"))), ==, COMMAND_TOPIC);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "maximum"))), ==, "30");
  set_field (dialog, "maximum", "lots");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  error_label = find_named (dialog, "error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("refused: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  set_field (dialog, "maximum", "25");
  set_field (dialog, "topic", "cmd/#");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_test_message ("refused: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_true (text_contains (gtk_label_get_label (GTK_LABEL (error_label)), "cmd/#"));
  set_field (dialog, "topic", COMMAND_TOPIC);
  twin_app_test_wait_mapped (dialog);
  twin_app_test_save_screenshot (dialog, "live-command-binding");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (binding_max (&fixture) == 25, 10);
  g_assert_null (twin_inspector_send_command (inspector, "setpoint", "27"));

  /* A new one for the occupancy: the sender appears. */
  g_assert_null (twin_inspector_get_command_entry (inspector, "occupancy"));
  dialog = twin_inspector_edit_command_binding (inspector, "occupancy");
  set_field (dialog, "topic", "cmd/lobby/occupancy");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  WAIT_UNTIL (twin_inspector_get_command_entry (inspector, "occupancy") != NULL, 10);

  /* Removed: the sender goes. */
  dialog = twin_inspector_edit_command_binding (inspector, "setpoint");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  WAIT_UNTIL (twin_inspector_get_command_entry (inspector, "setpoint") == NULL, 10);
  g_assert_true (isnan (binding_max (&fixture)));

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

static gboolean
color_differs (const float a[3],
               const float b[3])
{
  return fabsf (a[0] - b[0]) + fabsf (a[1] - b[1]) + fabsf (a[2] - b[2]) > 0.05f;
}

/* Colour by live values: the lobby takes its colour from its live set point and changes with it;
 * rooms without a live value show as "no value"; a bound sensor value is offered too. */
static void
test_color_by_live (void)
{
  Fixture            fixture = { 0 };
  TwinHierarchyView *tree;
  TwinInspector     *inspector;
  TwinViewport      *viewport;
  GtkWidget         *window;
  TwinEntity        *lobby, *meeting;
  g_autoptr (TwinColorBy) setting = twin_color_by_new ("setpoint");
  float cold[3], warm[3], design[3], none[3];

  if (!fixture_set_up (&fixture, "live-color.dtwin"))
    return;
  window = new_window (&fixture, &tree, &inspector, &viewport);
  if (twin_viewport_get_gl_error (viewport) != NULL)
    g_test_message ("no OpenGL (%s): checking the colours without the picture", twin_viewport_get_gl_error (viewport));
  lobby = lookup (&fixture, LOBBY);
  meeting = lookup (&fixture, "Office Building/Ground Floor/Meeting Room 0.1");
  WAIT_UNTIL (feed_connected (fixture.session), 10);

  /* A sensor's "value" is no parameter: it is offered once it is seen live. */
  g_assert_false (twin_viewport_choose_color_by (viewport, "value"));
  publish (&fixture, "live/lobby/temperature", "16");
  WAIT_UNTIL (twin_viewport_choose_color_by (viewport, "value"), 10);

  /* By the set point parameter first: every room has a colour. */
  twin_color_by_set_auto_range (setting, FALSE);
  twin_color_by_set_fixed_range (setting, 15, 30);
  twin_viewport_set_color_by (viewport, setting);
  g_assert_true (twin_color_by_get_color (twin_viewport_get_color_by (viewport), meeting, 15, 30, none));

  /* Live: the lobby's set point from the feed; the meeting room has none. */
  publish (&fixture, "live/lobby/setpoint", "16");
  twin_viewport_set_color_by_live (viewport, TRUE);
  g_assert_true (twin_viewport_get_color_by_live (viewport));
  WAIT_UNTIL (twin_color_by_get_color (twin_viewport_get_color_by (viewport), lobby, 15, 30, cold), 10);
  g_assert_false (twin_color_by_get_color (twin_viewport_get_color_by (viewport), meeting, 15, 30, none));
  twin_app_test_pump (300);
  twin_app_test_save_screenshot (window, "live-color-cold");

  publish (&fixture, "live/lobby/setpoint", "29");
  WAIT_UNTIL (twin_color_by_get_color (twin_viewport_get_color_by (viewport), lobby, 15, 30, warm) &&
                color_differs (cold, warm),
              10);
  twin_app_test_pump (300);
  twin_app_test_save_screenshot (window, "live-color-warm");

  /* Back to the parameters: the lobby's own set point (20 °C), the meeting room's again. */
  twin_viewport_set_color_by_live (viewport, FALSE);
  g_assert_true (twin_color_by_get_color (twin_viewport_get_color_by (viewport), lobby, 15, 30, design));
  g_assert_true (color_differs (design, warm));
  g_assert_true (twin_color_by_get_color (twin_viewport_get_color_by (viewport), meeting, 15, 30, none));

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

static gboolean
list_has (GListModel *names,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gint64
series_last_us (TwinChartSeries *series)
{
  gint64 first_us = 0, last_us = 0;

  if (!twin_chart_series_get_extent (series, &first_us, &last_us))
    return 0;
  return last_us;
}

/* While following live, a charted signal's new samples appear without any user action; when
 * not following, the chart stays as it is. A new topic joins the signal list. */
static void
test_chart_follows_live (void)
{
  Fixture          fixture = { 0 };
  GtkWidget       *window = gtk_window_new ();
  TwinChartsPage  *page = TWIN_CHARTS_PAGE (twin_charts_page_new ());
  TwinChartStack  *stack = twin_charts_page_get_stack (page);
  TwinChartSeries *series;
  TwinChart       *chart;
  gint64           last_us;
  guint            generation;

  if (!fixture_set_up (&fixture, "live-chart.dtwin"))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  twin_charts_page_set_project (page, fixture.project);
  twin_charts_page_set_live_session (page, fixture.session);
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (window);
  WAIT_UNTIL (feed_connected (fixture.session), 10);
  g_assert_false (list_has (twin_charts_page_get_signal_names (page), "live/outside/humidity"));

  /* A topic nobody bound becomes a signal: it joins the list. */
  publish (&fixture, "live/outside/humidity", "55");
  WAIT_UNTIL (list_has (twin_charts_page_get_signal_names (page), "live/outside/humidity"), 10);
  publish (&fixture, "live/lobby/temperature", "20");
  WAIT_UNTIL (twin_charts_page_add_signal (page, twin_chart_stack_get_chart (stack, 0), "live/lobby/temperature", NULL) &&
                series_last_us (twin_chart_get_series (twin_chart_stack_get_chart (stack, 0), 0)) > 0,
              10);
  chart = twin_chart_stack_get_chart (stack, 0);
  twin_chart_range_set_follow_live (twin_chart_stack_get_range (stack), FALSE);
  series = twin_chart_get_series (chart, 0);
  last_us = series_last_us (series);
  g_assert_cmpint (last_us, >, 0);

  /* Not following: new samples do not move the chart. */
  generation = twin_chart_series_get_generation (series);
  publish (&fixture, "live/lobby/temperature", "21");
  twin_app_test_pump (1000);
  g_assert_cmpuint (twin_chart_series_get_generation (series), ==, generation);

  /* Following: each new sample shows up by itself. */
  twin_chart_range_set (twin_chart_stack_get_range (stack), g_get_real_time () - 120 * G_USEC_PER_SEC,
                        g_get_real_time () + 5 * G_USEC_PER_SEC);
  twin_chart_range_set_follow_live (twin_chart_stack_get_range (stack), TRUE);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *value = g_strdup_printf ("%d", 22 + 2 * (int) i);

      twin_app_test_pump (250);
      publish (&fixture, "live/lobby/temperature", value);
    }
  WAIT_UNTIL (twin_chart_series_get_generation (series) > generation && series_last_us (series) > last_us, 10);
  {
    double min = 0, max = 0;

    WAIT_UNTIL (twin_chart_get_value_range (chart, "°C", &min, &max) && max >= 30, 10);
    g_test_message ("live °C axis: %g … %g", min, max);
  }
  twin_app_test_pump (300);
  twin_app_test_save_screenshot (window, "live-chart");

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  {
    /* The application's style, as TwinApplication loads it. */
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/ui/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/app/live-views/values", test_live_values);
  g_test_add_func ("/app/live-views/drop-topic", test_drop_topic);
  g_test_add_func ("/app/live-views/send-command", test_send_command);
  g_test_add_func ("/app/live-views/command-binding", test_command_binding_dialog);
  g_test_add_func ("/app/live-views/color-by-live", test_color_by_live);
  g_test_add_func ("/app/live-views/chart-follows-live", test_chart_follows_live);

  return g_test_run ();
}
