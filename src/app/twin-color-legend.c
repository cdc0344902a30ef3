/* twin-color-legend.c: the legend of the 3D view's colour by value: the map as a bar, its range and ticks.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A title ("temperature_setpoint (°C)"), a vertical bar of the colour map
 * with the maximum at the top, and tick labels at "nice" values beside it,
 * the range's ends always labelled. Drawn with GtkSnapshot: the bar as
 * thin colour stops, the labels as Pango layouts in the theme's colour.
 */

#define G_LOG_DOMAIN "twin-color-legend"

#include "config.h"

#include "twin-color-legend.h"

#include <glib/gi18n.h>
#include <math.h>

#define BAR_WIDTH_PX 14
#define BAR_HEIGHT_PX 160
#define BAR_STEPS 64
#define GAP_PX 6
#define MAX_TICKS 6

struct _TwinColorLegend
{
  GtkWidget    parent_instance;

  char        *title;
  TwinColorMap map;
  double       minimum;
  double       maximum;
};

G_DEFINE_FINAL_TYPE (TwinColorLegend, twin_color_legend, GTK_TYPE_WIDGET)

static PangoLayout *
make_layout (TwinColorLegend *self,
             const char      *text,
             gboolean         bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

/* The labels beside the bar: the range's ends and the nice values between. */
static GPtrArray *
make_labels (TwinColorLegend *self,
             GArray          *positions)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) ticks = NULL;
  double step = 0.0;

  ticks = twin_color_map_compute_ticks (self->minimum, self->maximum, MAX_TICKS, &step);
  if (step <= 0.0)
    step = fabs (self->maximum - self->minimum) / 4.0;
  g_ptr_array_add (labels, twin_color_map_format_tick (self->minimum, step));
  g_array_append_val (positions, self->minimum);
  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    {
      double value = g_array_index (ticks, double, i);

      /* Leave out ticks crowding an end label. */
      if (fabs (value - self->minimum) < 0.5 * step || fabs (value - self->maximum) < 0.5 * step)
        continue;
      g_ptr_array_add (labels, twin_color_map_format_tick (value, step));
      g_array_append_val (positions, value);
    }
  if (self->maximum != self->minimum)
    {
      g_ptr_array_add (labels, twin_color_map_format_tick (self->maximum, step));
      g_array_append_val (positions, self->maximum);
    }
  return labels;
}

static void
twin_color_legend_measure (GtkWidget     *widget,
                           GtkOrientation orientation,
                           int            for_size,
                           int           *minimum,
                           int           *natural,
                           int           *minimum_baseline,
                           int           *natural_baseline)
{
  TwinColorLegend *self = TWIN_COLOR_LEGEND (widget);
  g_autoptr (PangoLayout) title = make_layout (self, self->title != NULL ? self->title : "", TRUE);
  int title_width, title_height;

  pango_layout_get_pixel_size (title, &title_width, &title_height);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = title_height + GAP_PX + BAR_HEIGHT_PX + title_height;
  else
    {
      g_autoptr (GArray) positions = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GPtrArray) labels = make_labels (self, positions);
      int widest = 0;

      for (guint i = 0; i < labels->len; i++)
        {
          g_autoptr (PangoLayout) layout = make_layout (self, g_ptr_array_index (labels, i), FALSE);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          widest = MAX (widest, w);
        }
      *minimum = *natural = MAX (title_width, BAR_WIDTH_PX + GAP_PX + widest);
    }
  *minimum_baseline = *natural_baseline = -1;
}

static void
twin_color_legend_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  TwinColorLegend *self = TWIN_COLOR_LEGEND (widget);
  g_autoptr (PangoLayout) title = make_layout (self, self->title != NULL ? self->title : "", TRUE);
  g_autoptr (GArray) positions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) labels = make_labels (self, positions);
  GdkRGBA color;
  int     title_width, title_height;
  float   bar_top;
  float   step_px = (float) BAR_HEIGHT_PX / BAR_STEPS;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  pango_layout_get_pixel_size (title, &title_width, &title_height);
  gtk_snapshot_append_layout (snapshot, title, &color);
  bar_top = (float) (title_height + GAP_PX);

  /* The bar, the maximum at the top; sRGB, as the screen shows it. */
  for (int i = 0; i < BAR_STEPS; i++)
    {
      float   rgb[3];
      GdkRGBA stop;

      twin_color_map_evaluate_srgb (self->map, 1.0 - (i + 0.5) / BAR_STEPS, rgb);
      stop = (GdkRGBA){ rgb[0], rgb[1], rgb[2], 1.0f };
      gtk_snapshot_append_color (snapshot, &stop,
                                 &GRAPHENE_RECT_INIT (0, bar_top + i * step_px, BAR_WIDTH_PX, step_px + 0.5f));
    }

  for (guint i = 0; i < labels->len; i++)
    {
      g_autoptr (PangoLayout) layout = make_layout (self, g_ptr_array_index (labels, i), FALSE);
      double t = self->maximum != self->minimum
                   ? (g_array_index (positions, double, i) - self->minimum) / (self->maximum - self->minimum)
                   : 0.5;
      float  y = bar_top + (float) ((1.0 - t) * BAR_HEIGHT_PX);
      int    w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (BAR_WIDTH_PX, y - 0.5f, 4, 1));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (BAR_WIDTH_PX + GAP_PX, y - h / 2.0f));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
twin_color_legend_finalize (GObject *object)
{
  TwinColorLegend *self = TWIN_COLOR_LEGEND (object);

  g_free (self->title);

  G_OBJECT_CLASS (twin_color_legend_parent_class)->finalize (object);
}

static void
twin_color_legend_class_init (TwinColorLegendClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = twin_color_legend_finalize;
  widget_class->measure = twin_color_legend_measure;
  widget_class->snapshot = twin_color_legend_snapshot;
  gtk_widget_class_set_css_name (widget_class, "colorlegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
twin_color_legend_init (TwinColorLegend *self)
{
  self->map = TWIN_COLOR_MAP_DEFAULT;
  self->maximum = 1.0;
}

GtkWidget *
twin_color_legend_new (void)
{
  return g_object_new (TWIN_TYPE_COLOR_LEGEND, NULL);
}

/**
 * twin_color_legend_set:
 * @title: what is shown, with its unit
 * @map: the colour map
 * @minimum: the value at the bottom of the bar
 * @maximum: the value at the top
 */
void
twin_color_legend_set (TwinColorLegend *self,
                       const char      *title,
                       TwinColorMap     map,
                       double           minimum,
                       double           maximum)
{
  g_autofree char *range = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (TWIN_IS_COLOR_LEGEND (self));

  g_free (self->title);
  self->title = g_strdup (title);
  self->map = map;
  self->minimum = minimum;
  self->maximum = maximum;
  range = twin_color_legend_dup_range_text (self);
  /* Translators: the 3D view's colour legend for screen readers, as in “Colour by power (W): 0 to 2000” */
  label = g_strdup_printf (_ ("Colour by %s: %s"), title != NULL ? title : "", range);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
twin_color_legend_get_title (TwinColorLegend *self)
{
  g_return_val_if_fail (TWIN_IS_COLOR_LEGEND (self), NULL);

  return self->title;
}

/**
 * twin_color_legend_dup_range_text:
 *
 * Returns: (transfer full): the range as labelled, such as “18 to 26”
 */
char *
twin_color_legend_dup_range_text (TwinColorLegend *self)
{
  g_autoptr (GArray) positions = NULL;
  g_autoptr (GPtrArray) labels = NULL;

  g_return_val_if_fail (TWIN_IS_COLOR_LEGEND (self), NULL);

  positions = g_array_new (FALSE, FALSE, sizeof (double));
  labels = make_labels (self, positions);
  /* Translators: a range of values, as in “18 to 26” */
  return g_strdup_printf (_ ("%s to %s"), (char *) g_ptr_array_index (labels, 0),
                          (char *) g_ptr_array_index (labels, labels->len - 1));
}
