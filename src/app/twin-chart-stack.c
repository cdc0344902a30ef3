/* twin-chart-stack.c: trend charts stacked vertically over one shared time axis, and their layout as JSON.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every chart of a stack shares the stack's TwinChartRange, so zooming or
 * panning one moves all, and only the bottom chart labels the time axis.
 * Each chart accepts a dropped string "twin-signal:<name>" (or
 * "twin-parameter:<path>"); the stack does not know where signals live, so
 * it emits ::series-dropped and the window resolves the name.
 *
 * The layout (charts, their series by signal name and look, the range or
 * follow-live span) is a small JSON document:
 *
 *   { "version": 1,
 *     "range": { "from_us": 0, "to_us": 3600000000, "follow_live": false },
 *     "charts": [ { "series": [ { "signal": "room-1.temperature", "visible": true,
 *                                 "style": "solid", "color": "rgb(28,113,216)" } ] } ] }
 *
 * A layout is checked whole before anything changes, so a bad one leaves
 * the stack as it was.
 */

#define G_LOG_DOMAIN "twin-chart-stack"

#include "config.h"

#include "twin-chart-stack.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Microseconds in a second, as a 64-bit constant for time arithmetic. */
#define US_PER_S G_GINT64_CONSTANT (1000000)

#define LAYOUT_VERSION 1

struct _TwinChartStack
{
  GtkWidget        parent_instance;

  /* Owned */
  TwinChartRange  *range;
  GPtrArray       *charts; /* TwinChart, borrowed from the widget tree, top to bottom */
  TwinChartCsvFunc csv_func;
  gpointer         csv_data;
  GDestroyNotify   csv_destroy;
};

G_DEFINE_FINAL_TYPE (TwinChartStack, twin_chart_stack, GTK_TYPE_WIDGET)

enum
{
  SERIES_DROPPED,
  N_SIGNALS,
};

static guint             signals[N_SIGNALS];

static const char *const drop_prefixes[] = { "twin-signal:", "twin-parameter:" };

/* The widget order follows the array; only the last chart labels time. */
static void
sync_children (TwinChartStack *self)
{
  GtkWidget *previous = NULL;

  for (guint i = 0; i < self->charts->len; i++)
    {
      GtkWidget *chart = g_ptr_array_index (self->charts, i);

      if (gtk_widget_get_prev_sibling (chart) != previous)
        gtk_widget_insert_after (chart, GTK_WIDGET (self), previous);
      twin_chart_set_show_time_labels (TWIN_CHART (chart), i + 1 == self->charts->len);
      previous = chart;
    }
}

/* Lines the plots up: every chart gets the widest gutters of them all. */
static void
align_gutters (TwinChartStack *self)
{
  double left = 0, right = 0;

  for (guint i = 0; i < self->charts->len; i++)
    {
      double l, r;

      twin_chart_get_natural_gutters (g_ptr_array_index (self->charts, i), &l, &r);
      left = MAX (left, l);
      right = MAX (right, r);
    }
  for (guint i = 0; i < self->charts->len; i++)
    twin_chart_set_min_gutters (g_ptr_array_index (self->charts, i), left, right);
}

static void
gutters_changed_cb (TwinChart      *chart,
                    TwinChartStack *self)
{
  align_gutters (self);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         TwinChartStack *self)
{
  GtkWidget *chart = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  return G_VALUE_HOLDS_STRING (value) && twin_chart_stack_drop_text (self, TWIN_CHART (chart), g_value_get_string (value));
}

static void
twin_chart_stack_dispose (GObject *object)
{
  TwinChartStack *self = TWIN_CHART_STACK (object);
  GtkWidget      *child;

  g_clear_pointer (&self->charts, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->range);
  if (self->csv_destroy != NULL)
    g_clear_pointer (&self->csv_data, self->csv_destroy);
  self->csv_func = NULL;

  G_OBJECT_CLASS (twin_chart_stack_parent_class)->dispose (object);
}

static void
twin_chart_stack_class_init (TwinChartStackClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_chart_stack_dispose;

  /**
   * TwinChartStack::series-dropped:
   * @chart: the chart it was dropped on
   * @text: the dropped text, such as "twin-signal:room-1.temperature"
   *
   * A signal or parameter was dropped on a chart; the handler adds the series.
   */
  signals[SERIES_DROPPED] = g_signal_new ("series-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 2, TWIN_TYPE_CHART, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chartstack");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
twin_chart_stack_init (TwinChartStack *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gint64            now = g_get_real_time ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  self->charts = g_ptr_array_new ();
  self->range = twin_chart_range_new (now - 3600 * US_PER_S, now);
}

GtkWidget *
twin_chart_stack_new (void)
{
  return g_object_new (TWIN_TYPE_CHART_STACK, NULL);
}

/* Returns: (transfer none): the time range every chart of the stack shows */
TwinChartRange *
twin_chart_stack_get_range (TwinChartStack *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), NULL);

  return self->range;
}

/* Returns: (transfer none): a new empty chart at the bottom */
TwinChart *
twin_chart_stack_add_chart (TwinChartStack *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), NULL);

  return twin_chart_stack_insert_chart (self, -1);
}

/**
 * twin_chart_stack_insert_chart:
 * @position: where, from the top; -1 (or past the end) for the bottom
 *
 * Returns: (transfer none): a new empty chart on the stack's range
 */
TwinChart *
twin_chart_stack_insert_chart (TwinChartStack *self,
                               int             position)
{
  GtkWidget     *chart;
  GtkDropTarget *target;

  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), NULL);

  chart = twin_chart_new ();
  twin_chart_set_range (TWIN_CHART (chart), self->range);
  if (self->csv_func != NULL)
    twin_chart_set_csv_exporter (TWIN_CHART (chart), self->csv_func, self->csv_data, NULL);
  target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (chart, GTK_EVENT_CONTROLLER (target));

  g_signal_connect (chart, "gutters-changed", G_CALLBACK (gutters_changed_cb), self);
  gtk_widget_set_parent (chart, GTK_WIDGET (self));
  if (position < 0 || (guint) position >= self->charts->len)
    g_ptr_array_add (self->charts, chart);
  else
    g_ptr_array_insert (self->charts, position, chart);
  sync_children (self);
  return TWIN_CHART (chart);
}

void
twin_chart_stack_remove_chart (TwinChartStack *self,
                               TwinChart      *chart)
{
  g_return_if_fail (TWIN_IS_CHART_STACK (self));
  g_return_if_fail (TWIN_IS_CHART (chart));

  if (!g_ptr_array_remove (self->charts, chart))
    return;
  g_signal_handlers_disconnect_by_func (chart, gutters_changed_cb, self);
  twin_chart_set_min_gutters (chart, 0, 0);
  gtk_widget_unparent (GTK_WIDGET (chart));
  sync_children (self);
  align_gutters (self);
}

/* Moves @chart to @position from the top (clamped to the bottom). */
void
twin_chart_stack_move_chart (TwinChartStack *self,
                             TwinChart      *chart,
                             guint           position)
{
  guint index;

  g_return_if_fail (TWIN_IS_CHART_STACK (self));
  g_return_if_fail (TWIN_IS_CHART (chart));

  if (!g_ptr_array_find (self->charts, chart, &index))
    return;
  g_ptr_array_remove_index (self->charts, index);
  g_ptr_array_insert (self->charts, MIN (position, self->charts->len), chart);
  sync_children (self);
}

guint
twin_chart_stack_get_n_charts (TwinChartStack *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), 0);

  return self->charts->len;
}

/* Returns: (transfer none) (nullable): the chart at @index from the top */
TwinChart *
twin_chart_stack_get_chart (TwinChartStack *self,
                            guint           index)
{
  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), NULL);

  return index < self->charts->len ? g_ptr_array_index (self->charts, index) : NULL;
}

void
twin_chart_stack_add_series (TwinChartStack  *self,
                             TwinChart       *chart,
                             TwinChartSeries *series)
{
  g_return_if_fail (TWIN_IS_CHART_STACK (self));
  g_return_if_fail (TWIN_IS_CHART (chart));
  g_return_if_fail (g_ptr_array_find (self->charts, chart, NULL));

  twin_chart_add_series (chart, series);
}

/**
 * twin_chart_stack_drop_text:
 * @chart: the chart it lands on
 * @text: the dropped text
 *
 * What a drop on @chart does: text naming a signal ("twin-signal:NAME") or
 * a parameter ("twin-parameter:PATH") emits ::series-dropped.
 *
 * Returns: whether the text was accepted
 */
gboolean
twin_chart_stack_drop_text (TwinChartStack *self,
                            TwinChart      *chart,
                            const char     *text)
{
  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), FALSE);
  g_return_val_if_fail (TWIN_IS_CHART (chart), FALSE);

  if (text == NULL || !g_ptr_array_find (self->charts, chart, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (drop_prefixes); i++)
    if (g_str_has_prefix (text, drop_prefixes[i]) && text[strlen (drop_prefixes[i])] != '\0')
      {
        g_signal_emit (self, signals[SERIES_DROPPED], 0, chart, text);
        return TRUE;
      }
  return FALSE;
}

/* Sets the CSV exporter of every chart, now and later (see twin_chart_set_csv_exporter()). */
void
twin_chart_stack_set_csv_exporter (TwinChartStack  *self,
                                   TwinChartCsvFunc func,
                                   gpointer         data,
                                   GDestroyNotify   destroy)
{
  g_return_if_fail (TWIN_IS_CHART_STACK (self));

  for (guint i = 0; i < self->charts->len; i++)
    twin_chart_set_csv_exporter (g_ptr_array_index (self->charts, i), func, data, NULL);
  if (self->csv_destroy != NULL)
    g_clear_pointer (&self->csv_data, self->csv_destroy);
  self->csv_func = func;
  self->csv_data = data;
  self->csv_destroy = destroy;
}

/**
 * twin_chart_stack_dup_layout:
 *
 * The stack's layout as JSON: its charts, their series (those with a signal
 * name) and the range, or the follow-live span.
 *
 * Returns: (transfer full): the JSON text
 */
char *
twin_chart_stack_dup_layout (TwinChartStack *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  gint64 from = twin_chart_range_get_from (self->range), to = twin_chart_range_get_to (self->range);

  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, LAYOUT_VERSION);
  json_builder_set_member_name (builder, "range");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from_us");
  json_builder_add_int_value (builder, from);
  json_builder_set_member_name (builder, "to_us");
  json_builder_add_int_value (builder, to);
  json_builder_set_member_name (builder, "follow_live");
  json_builder_add_boolean_value (builder, twin_chart_range_get_follow_live (self->range));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "charts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->charts->len; i++)
    {
      TwinChart *chart = g_ptr_array_index (self->charts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "series");
      json_builder_begin_array (builder);
      for (guint j = 0; j < twin_chart_get_n_series (chart); j++)
        {
          TwinChartSeries *series = twin_chart_get_series (chart, j);
          g_autoptr (GEnumClass) styles = g_type_class_ref (TWIN_TYPE_CHART_SERIES_STYLE);
          GEnumValue *style = g_enum_get_value (styles, twin_chart_series_get_style (series));
          GdkRGBA     color;

          if (twin_chart_series_get_signal_name (series) == NULL)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "signal");
          json_builder_add_string_value (builder, twin_chart_series_get_signal_name (series));
          json_builder_set_member_name (builder, "visible");
          json_builder_add_boolean_value (builder, twin_chart_series_get_visible (series));
          json_builder_set_member_name (builder, "style");
          json_builder_add_string_value (builder, style->value_nick);
          if (twin_chart_series_get_color (series, &color))
            {
              g_autofree char *text = gdk_rgba_to_string (&color);

              json_builder_set_member_name (builder, "color");
              json_builder_add_string_value (builder, text);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
layout_error (GError    **error,
              const char *detail)
{
  /* Translators: the detail says which part of a saved chart layout is wrong. */
  g_set_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_LAYOUT, _ ("The chart layout is not valid: %s."), detail);
  return FALSE;
}

static gboolean
member_has_type (JsonObject *object,
                 const char *name,
                 GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Checks a parsed layout, so loading can only fail before anything changes. */
static gboolean
check_layout (JsonNode *root,
              GError  **error)
{
  JsonObject *object, *range;
  JsonArray  *charts;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return layout_error (error, _ ("it is not a JSON object"));
  object = json_node_get_object (root);
  if (!member_has_type (object, "version", G_TYPE_INT64) || json_object_get_int_member (object, "version") != LAYOUT_VERSION)
    return layout_error (error, _ ("its version is missing or not 1"));
  if (!json_object_has_member (object, "range") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "range")))
    return layout_error (error, _ ("it has no range"));
  range = json_object_get_object_member (object, "range");
  if (!member_has_type (range, "from_us", G_TYPE_INT64) || !member_has_type (range, "to_us", G_TYPE_INT64) ||
      json_object_get_int_member (range, "to_us") <= json_object_get_int_member (range, "from_us"))
    return layout_error (error, _ ("its range needs whole from_us and to_us, from before to"));
  if (json_object_has_member (range, "follow_live") && !member_has_type (range, "follow_live", G_TYPE_BOOLEAN))
    return layout_error (error, _ ("follow_live is not true or false"));
  if (!json_object_has_member (object, "charts") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "charts")))
    return layout_error (error, _ ("it has no list of charts"));
  charts = json_object_get_array_member (object, "charts");
  for (guint i = 0; i < json_array_get_length (charts); i++)
    {
      JsonNode  *chart = json_array_get_element (charts, i);
      JsonArray *series;

      if (!JSON_NODE_HOLDS_OBJECT (chart) || !json_object_has_member (json_node_get_object (chart), "series") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (chart), "series")))
        return layout_error (error, _ ("a chart has no list of series"));
      series = json_object_get_array_member (json_node_get_object (chart), "series");
      for (guint j = 0; j < json_array_get_length (series); j++)
        {
          JsonNode   *node = json_array_get_element (series, j);
          JsonObject *entry;
          GdkRGBA     color;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return layout_error (error, _ ("a series is not an object"));
          entry = json_node_get_object (node);
          if (!member_has_type (entry, "signal", G_TYPE_STRING))
            return layout_error (error, _ ("a series has no signal name"));
          if (json_object_has_member (entry, "visible") && !member_has_type (entry, "visible", G_TYPE_BOOLEAN))
            return layout_error (error, _ ("a series' visible is not true or false"));
          if (json_object_has_member (entry, "style") &&
              (!member_has_type (entry, "style", G_TYPE_STRING) ||
               (g_strcmp0 (json_object_get_string_member (entry, "style"), "solid") != 0 &&
                g_strcmp0 (json_object_get_string_member (entry, "style"), "dashed") != 0)))
            return layout_error (error, _ ("a series' style is not “solid” or “dashed”"));
          if (json_object_has_member (entry, "color") &&
              (!member_has_type (entry, "color", G_TYPE_STRING) ||
               !gdk_rgba_parse (&color, json_object_get_string_member (entry, "color"))))
            return layout_error (error, _ ("a series' colour is not a colour"));
        }
    }
  return TRUE;
}

/**
 * twin_chart_stack_load_layout:
 * @json: a layout from twin_chart_stack_dup_layout()
 * @resolver: makes the series of a saved signal name
 * @data: passed to @resolver
 *
 * Replaces the stack's charts with the layout's. Signals @resolver no longer
 * knows are left out.
 *
 * Returns: FALSE with %TWIN_CHART_ERROR_LAYOUT, the stack unchanged, when
 *   the layout is not valid
 */
gboolean
twin_chart_stack_load_layout (TwinChartStack         *self,
                              const char             *json,
                              TwinChartSeriesResolver resolver,
                              gpointer                data,
                              GError                **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  JsonObject *object, *range;
  JsonArray  *charts;
  gint64      from, to;

  g_return_val_if_fail (TWIN_IS_CHART_STACK (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (resolver != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, &parse_error))
    return layout_error (error, parse_error->message);
  if (!check_layout (json_parser_get_root (parser), error))
    return FALSE;

  while (self->charts->len > 0)
    twin_chart_stack_remove_chart (self, g_ptr_array_index (self->charts, self->charts->len - 1));

  object = json_node_get_object (json_parser_get_root (parser));
  range = json_object_get_object_member (object, "range");
  from = json_object_get_int_member (range, "from_us");
  to = json_object_get_int_member (range, "to_us");
  twin_chart_range_set_follow_live (self->range, FALSE);
  twin_chart_range_set (self->range, from, to);
  if (json_object_get_boolean_member_with_default (range, "follow_live", FALSE))
    {
      twin_chart_range_set_follow_live (self->range, TRUE);
      twin_chart_range_follow_tick (self->range, g_get_real_time ());
    }

  charts = json_object_get_array_member (object, "charts");
  for (guint i = 0; i < json_array_get_length (charts); i++)
    {
      JsonArray *series = json_object_get_array_member (json_array_get_object_element (charts, i), "series");
      TwinChart *chart = twin_chart_stack_add_chart (self);

      for (guint j = 0; j < json_array_get_length (series); j++)
        {
          JsonObject *entry = json_array_get_object_element (series, j);
          const char *name = json_object_get_string_member (entry, "signal");
          g_autoptr (TwinChartSeries) s = resolver (name, data);
          GdkRGBA color;

          if (s == NULL)
            {
              g_debug ("The saved chart layout names signal “%s”, which is gone.", name);
              continue;
            }
          twin_chart_series_set_signal_name (s, name);
          twin_chart_series_set_visible (s, json_object_get_boolean_member_with_default (entry, "visible", TRUE));
          twin_chart_series_set_style (
            s, g_strcmp0 (json_object_get_string_member_with_default (entry, "style", "solid"), "dashed") == 0
                 ? TWIN_CHART_SERIES_DASHED
                 : TWIN_CHART_SERIES_SOLID);
          if (json_object_has_member (entry, "color") &&
              gdk_rgba_parse (&color, json_object_get_string_member (entry, "color")))
            twin_chart_series_set_color (s, &color);
          twin_chart_add_series (chart, s);
        }
    }
  return TRUE;
}
