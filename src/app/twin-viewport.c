/* twin-viewport.c: the 3D view of a twin, a GtkGLArea driven by the render layer's TwinRenderer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The viewport owns the camera and what the view shows (a TwinViewState:
 * hidden, isolated and see-through entities, X-ray); both outlive GL
 * contexts and are lent to the renderer on every frame. The renderer exists
 * only while the GL area is realized, and is created and destroyed with the
 * area's context current. When OpenGL is not available the stack shows a
 * message instead; the rest of the window keeps working. Frames are drawn
 * only when something changed: the model, its meshes, the selection, the
 * camera, the view state, the colours or the size.
 *
 * Mouse: left-drag orbits, middle-drag or Shift+left-drag pans, the wheel
 * zooms, a click picks the part under the pointer
 * (TwinViewport::entity-picked). Touchpad: two fingers orbit, with Shift
 * pan, with Ctrl (or a pinch) zoom. Keys: arrows orbit, Shift+arrows pan, +/−
 * zoom, Home fits everything, F the selection, 1 / 3 / 7 / 0 look from the
 * front, side, top and isometric, 5 switches to orthographic, H hides the
 * selection, I shows only it, T makes it see-through, Alt+H shows all,
 * X toggles X-ray, G the ground grid.
 *
 * Colour by value: a numeric parameter of the entities through a colour
 * map, with a legend of the map and its range in the corner. The choice
 * is made in the view's popover and announced with
 * TwinViewport::color-by-changed, so the window can keep it in the project.
 * With a live session, the popover offers live values: the parameter's
 * latest value from the feeds (twin_live_session_lookup), redrawn on
 * TwinLiveSession::changed; a stale or missing value shows as "no value".
 * That choice is the view's, not kept in the project.
 */

#define G_LOG_DOMAIN "twin-viewport"

#include "config.h"

#include "twin-viewport.h"

#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "twin-color-legend.h"
#include "twin-picker.h"
#include "twin-render-list.h"
#include "twin-renderer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Degrees the camera turns per pixel of drag, and per arrow key. */
#define ORBIT_DEG_PER_PX 0.4f
#define ORBIT_DEG_PER_KEY 15.0f
/* Pixels the view pans per Shift+arrow. */
#define PAN_PX_PER_KEY 40.0f
/* The distance factor per wheel notch or +/− key. */
#define ZOOM_PER_NOTCH 1.15f
/* A press that moves less than this far is a click, not a drag. */
#define CLICK_SLOP_PX 4.0
/* How see-through "Make the selection transparent" makes it. */
#define TRANSPARENT_OPACITY 0.3f

struct _TwinViewport
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkGLArea       *gl_area;
  GtkLabel        *error_label;
  GtkWidget       *tools;
  GtkDropDown     *parameter_dropdown;
  GtkDropDown     *map_dropdown;
  GtkCheckButton  *auto_range_check;
  GtkSpinButton   *minimum_spin;
  GtkSpinButton   *maximum_spin;
  GtkCheckButton  *live_check;
  TwinColorLegend *legend;

  /* Owned references */
  TwinModel       *model;
  TwinMeshCatalog *meshes;
  TwinViewState   *view_state;
  TwinColorBy     *color_by;        /* or NULL: colours by type */
  TwinRenderer    *renderer;        /* only while gl_area is realized without error */
  GtkStringList   *parameter_names; /* [0] is "by type", then numeric parameters, sorted */
  TwinLiveSession *live;            /* or NULL: no feeds running */
  char            *selected_id;
  char            *gl_error;

  /* State */
  TwinCamera       camera;
  double           drag_start_x_px;
  double           drag_start_y_px;
  double           last_drag_x_px;
  double           last_drag_y_px;
  double           drag_distance_px; /* the largest offset of this press */
  float            zoom_start_distance_m;
  guint            drag_button;
  gboolean         drag_pans;
  gboolean         show_grid;
  gboolean         needs_fit;        /* fit the camera once the view has a size */
  gboolean         syncing_controls; /* the colour controls are being set from the state */
  gboolean         live_values;      /* colour by live values (with a live session) */
  gulong           live_handler;
};

G_DEFINE_FINAL_TYPE (TwinViewport, twin_viewport, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_SHOW_GRID,
  PROP_ORTHOGRAPHIC,
  PROP_XRAY,
  N_PROPS,
};

enum
{
  ENTITY_PICKED,
  COLOR_BY_CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static float
get_aspect (TwinViewport *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->gl_area));
  int height = gtk_widget_get_height (GTK_WIDGET (self->gl_area));

  if (width <= 0 || height <= 0)
    return 0.0f;
  return (float) width / (float) height;
}

static void
queue_render (TwinViewport *self)
{
  if (self->renderer != NULL)
    gtk_gl_area_queue_render (self->gl_area);
}

static void
show_gl_error (TwinViewport *self,
               const char   *reason)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *message = NULL;
  gsize            length = strlen (trimmed);

  /* The reason comes from GDK or the driver, with or without a final full stop. */
  if (length > 0 && trimmed[length - 1] == '.')
    trimmed[length - 1] = '\0';
  message = g_strdup_printf (_ ("OpenGL is not available: %s. The rest of Twin Studio works."), trimmed);

  g_free (self->gl_error);
  self->gl_error = g_strdup (trimmed);
  gtk_label_set_label (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  g_debug ("%s", message);
}

static TwinEntity *
get_selected_entity (TwinViewport *self)
{
  if (self->model == NULL || self->selected_id == NULL)
    return NULL;
  return twin_model_lookup (self->model, self->selected_id);
}

/* Aims the camera at what is shown of @within (everything for %NULL). */
static void
fit_camera (TwinViewport *self,
            TwinEntity   *within)
{
  g_autoptr (GArray) items = NULL;
  float aspect = get_aspect (self);
  vec3  min_m;
  vec3  max_m;

  if (aspect <= 0.0f)
    {
      self->needs_fit = TRUE;
      return;
    }
  self->needs_fit = FALSE;

  if (self->model != NULL)
    items = twin_render_list_collect (self->model, self->meshes, self->view_state, NULL);
  if (items != NULL && twin_render_list_compute_bounds (items, within, min_m, max_m))
    twin_camera_fit_bounds (&self->camera, min_m, max_m, aspect);
  else if (within == NULL)
    twin_camera_init (&self->camera);
  queue_render (self);
}

/* The numeric parameters of every entity, for the colour-by list. */
static void
collect_numeric_parameters (TwinEntity *entity,
                            GHashTable *names)
{
  GListModel *parameters = twin_entity_get_parameters (entity);
  guint       n = g_list_model_get_n_items (parameters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (parameters, i);
      TwinValueKind kind = twin_parameter_get_kind (parameter);

      if (kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER)
        g_hash_table_add (names, (gpointer) twin_parameter_get_name (parameter));
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    collect_numeric_parameters (twin_entity_get_child (entity, i), names);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
read_live_value (TwinEntity *entity,
                 const char *parameter,
                 double     *value,
                 gpointer    user_data)
{
  TwinLiveSession *live = user_data;
  g_autofree char *path = twin_entity_dup_path (entity);
  TwinLiveValue    live_value;

  if (!twin_live_session_lookup (live, path, parameter, &live_value) || live_value.stale)
    return FALSE;
  *value = live_value.value;
  return TRUE;
}

static gboolean
shows_live_values (TwinViewport *self)
{
  return self->live_values && self->live != NULL && self->color_by != NULL;
}

/* Points the setting's value function at the live session, or back at the parameters. */
static void
apply_live_value_func (TwinViewport *self)
{
  if (self->color_by == NULL)
    return;
  if (shows_live_values (self))
    twin_color_by_set_value_func (self->color_by, read_live_value, g_object_ref (self->live), g_object_unref);
  else
    twin_color_by_set_value_func (self->color_by, NULL, NULL, NULL);
}

static void
update_legend (TwinViewport *self)
{
  g_autofree char *title = NULL;
  const char      *parameter;
  const char      *unit;
  double           minimum = 0.0;
  double           maximum = 1.0;

  if (self->color_by == NULL || self->model == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->legend), FALSE);
      return;
    }
  parameter = twin_color_by_get_parameter (self->color_by);
  unit = twin_color_by_find_unit (self->color_by, self->model);
  if (!twin_color_by_get_range (self->color_by, self->model, &minimum, &maximum))
    /* Translators: the legend's title when no entity has the parameter, as in “power: no values” */
    title = g_strdup_printf (_ ("%s: no values"), parameter);
  else if (unit != NULL && *unit != '\0')
    title = g_strdup_printf ("%s (%s)", parameter, unit);
  else
    title = g_strdup (parameter);
  if (shows_live_values (self))
    {
      /* Translators: the legend's title when colouring by live values, as in “temperature (°C), live” */
      g_autofree char *live_title = g_strdup_printf (_ ("%s, live"), title);

      g_free (title);
      title = g_steal_pointer (&live_title);
    }
  twin_color_legend_set (self->legend, title, twin_color_by_get_map (self->color_by), minimum, maximum);
  gtk_widget_set_visible (GTK_WIDGET (self->legend), TRUE);
}

/* Lists "by type" and every numeric parameter of the twin (and the one
 * coloured by, even when no entity has it now), replacing the list only
 * when it changed, so an open dropdown is not disturbed. */
static void
rebuild_parameter_list (TwinViewport *self)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (GPtrArray) topics = self->live != NULL ? twin_live_session_dup_topics (self->live) : NULL;
  const char    *current = self->color_by != NULL ? twin_color_by_get_parameter (self->color_by) : NULL;
  guint          n_listed = g_list_model_get_n_items (G_LIST_MODEL (self->parameter_names));
  gboolean       same;
  GHashTableIter iter;
  gpointer       key;

  if (self->model != NULL)
    collect_numeric_parameters (twin_model_get_root (self->model), names);
  /* Bound properties that are no parameter (a sensor's value) can be coloured by live. */
  for (guint i = 0; topics != NULL && i < topics->len; i++)
    {
      TwinLiveTopic *topic = g_ptr_array_index (topics, i);

      if (topic->entity_path != NULL && topic->property != NULL)
        g_hash_table_add (names, topic->property);
    }
  if (current != NULL)
    g_hash_table_add (names, (gpointer) current);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sorted, key);
  g_ptr_array_sort (sorted, compare_names);

  same = n_listed == sorted->len + 1;
  for (guint i = 0; same && i < sorted->len; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->parameter_names, i + 1), g_ptr_array_index (sorted, i)) == 0;
  if (same)
    return;

  self->syncing_controls = TRUE;
  g_ptr_array_add (sorted, NULL);
  gtk_string_list_splice (self->parameter_names, 1, n_listed - 1, (const char *const *) sorted->pdata);
  self->syncing_controls = FALSE;
}

/* Sets the colour controls from the state, without reacting to them. */
static void
sync_color_controls (TwinViewport *self)
{
  const char *current = self->color_by != NULL ? twin_color_by_get_parameter (self->color_by) : NULL;
  guint       n = g_list_model_get_n_items (G_LIST_MODEL (self->parameter_names));
  guint       selected = 0;
  gboolean    fixed = self->color_by != NULL && !twin_color_by_get_auto_range (self->color_by);

  self->syncing_controls = TRUE;
  for (guint i = 1; current != NULL && i < n; i++)
    if (g_strcmp0 (current, gtk_string_list_get_string (self->parameter_names, i)) == 0)
      selected = i;
  if (gtk_drop_down_get_selected (self->parameter_dropdown) != selected)
    gtk_drop_down_set_selected (self->parameter_dropdown, selected);

  if (self->color_by != NULL)
    {
      double minimum, maximum;

      if (gtk_drop_down_get_selected (self->map_dropdown) != (guint) twin_color_by_get_map (self->color_by))
        gtk_drop_down_set_selected (self->map_dropdown, twin_color_by_get_map (self->color_by));
      gtk_check_button_set_active (self->auto_range_check, twin_color_by_get_auto_range (self->color_by));
      if (!twin_color_by_get_range (self->color_by, self->model, &minimum, &maximum))
        twin_color_by_get_fixed_range (self->color_by, &minimum, &maximum);
      gtk_spin_button_set_value (self->minimum_spin, minimum);
      gtk_spin_button_set_value (self->maximum_spin, maximum);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->map_dropdown), self->color_by != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_range_check), self->color_by != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->minimum_spin), fixed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->maximum_spin), fixed);
  self->syncing_controls = FALSE;
}

/* Uses @color_by (transfer full, nullable) for the view. */
static void
apply_color_by (TwinViewport *self,
                TwinColorBy  *color_by)
{
  g_clear_object (&self->color_by);
  self->color_by = color_by;
  apply_live_value_func (self);
  if (self->renderer != NULL)
    twin_renderer_set_color_by (self->renderer, self->color_by);
  update_legend (self);
  queue_render (self);
}

static gboolean
sync_color_controls_idle (gpointer user_data)
{
  sync_color_controls (user_data);
  return G_SOURCE_REMOVE;
}

/* The user changed a colour control: a new setting, announced. */
static void
color_controls_changed_cb (TwinViewport *self)
{
  guint        index;
  TwinColorBy *color_by = NULL;

  if (self->syncing_controls)
    return;
  index = gtk_drop_down_get_selected (self->parameter_dropdown);
  if (index != GTK_INVALID_LIST_POSITION && index > 0)
    {
      const char *name = gtk_string_list_get_string (self->parameter_names, index);
      guint       map = gtk_drop_down_get_selected (self->map_dropdown);
      gboolean    automatic = gtk_check_button_get_active (self->auto_range_check);
      double      minimum = gtk_spin_button_get_value (self->minimum_spin);
      double      maximum = gtk_spin_button_get_value (self->maximum_spin);

      color_by = twin_color_by_new (name);
      if (map < TWIN_COLOR_MAP_N_MAPS)
        twin_color_by_set_map (color_by, (TwinColorMap) map);
      twin_color_by_set_auto_range (color_by, automatic);
      if (!automatic)
        twin_color_by_set_fixed_range (color_by, MIN (minimum, maximum), MAX (minimum, maximum));
    }
  apply_color_by (self, color_by);
  /* Only what depends on the choice; the control the user is in stays as it is. */
  g_idle_add_full (G_PRIORITY_DEFAULT, sync_color_controls_idle, g_object_ref (self), g_object_unref);
  g_signal_emit (self, signals[COLOR_BY_CHANGED], 0);
}

static void
model_changed_cb (TwinViewport *self)
{
  rebuild_parameter_list (self);
  if (self->color_by != NULL)
    update_legend (self);
  queue_render (self);
}

static void
meshes_changed_cb (TwinViewport *self)
{
  queue_render (self);
}

static void
view_state_changed_cb (TwinViewport *self)
{
  queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XRAY]);
}

static void
on_gl_area_realize_cb (GtkGLArea    *area,
                       TwinViewport *self)
{
  g_autoptr (GError) error = NULL;
  GError *area_error;

  gtk_gl_area_make_current (area);
  area_error = gtk_gl_area_get_error (area);
  if (area_error != NULL)
    {
      show_gl_error (self, area_error->message);
      return;
    }

  self->renderer = twin_renderer_new (&error);
  if (self->renderer == NULL)
    {
      show_gl_error (self, error->message);
      gtk_gl_area_set_error (area, error);
      return;
    }
  twin_renderer_set_model (self->renderer, self->model);
  twin_renderer_set_mesh_catalog (self->renderer, self->meshes);
  twin_renderer_set_view_state (self->renderer, self->view_state);
  twin_renderer_set_color_by (self->renderer, self->color_by);
  twin_renderer_set_selected (self->renderer, self->selected_id);
  twin_renderer_set_show_grid (self->renderer, self->show_grid);
  gtk_stack_set_visible_child_name (self->stack, "view");
}

static void
on_gl_area_unrealize_cb (GtkGLArea    *area,
                         TwinViewport *self)
{
  if (self->renderer == NULL)
    return;

  /* The renderer's GL objects belong to this context: delete them while it still exists. */
  gtk_gl_area_make_current (area);
  g_clear_pointer (&self->renderer, twin_renderer_free);
}

static void
on_gl_area_resize_cb (GtkGLArea    *area,
                      int           width,
                      int           height,
                      TwinViewport *self)
{
  if (self->needs_fit)
    fit_camera (self, NULL);
}

static gboolean
on_gl_area_render_cb (GtkGLArea    *area,
                      GdkGLContext *context,
                      TwinViewport *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));

  if (self->renderer == NULL)
    return FALSE;

  twin_renderer_render (self->renderer,
                        &self->camera,
                        gtk_widget_get_width (GTK_WIDGET (area)) * scale,
                        gtk_widget_get_height (GTK_WIDGET (area)) * scale);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          start_x,
               double          start_y,
               TwinViewport   *self)
{
  guint           button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* The secondary button is kept for a context menu. */
  if (button != GDK_BUTTON_PRIMARY && button != GDK_BUTTON_MIDDLE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_button = button;
  self->drag_pans = button == GDK_BUTTON_MIDDLE || (state & GDK_SHIFT_MASK) != 0;
  self->drag_start_x_px = start_x;
  self->drag_start_y_px = start_y;
  self->last_drag_x_px = 0.0;
  self->last_drag_y_px = 0.0;
  self->drag_distance_px = 0.0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                TwinViewport   *self)
{
  float dx_px = (float) (offset_x - self->last_drag_x_px);
  float dy_px = (float) (offset_y - self->last_drag_y_px);

  self->last_drag_x_px = offset_x;
  self->last_drag_y_px = offset_y;
  self->drag_distance_px = MAX (self->drag_distance_px, hypot (offset_x, offset_y));
  /* Until the pointer has moved clearly, the press may still be a click. */
  if (self->drag_distance_px < CLICK_SLOP_PX)
    return;

  if (self->drag_pans)
    twin_camera_pan (&self->camera, dx_px, dy_px, (float) gtk_widget_get_height (GTK_WIDGET (self->gl_area)));
  else
    /* Dragging right turns the scene right; dragging down shows more of its top. */
    twin_camera_orbit (&self->camera, -dx_px * ORBIT_DEG_PER_PX, dy_px * ORBIT_DEG_PER_PX);
  queue_render (self);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             TwinViewport   *self)
{
  if (self->drag_button == GDK_BUTTON_PRIMARY && self->drag_distance_px < CLICK_SLOP_PX)
    twin_viewport_click (self, self->drag_start_x_px, self->drag_start_y_px);
}

/* A mouse wheel zooms; a touchpad's two-finger scroll orbits (with Shift
 * it pans, with Ctrl it zooms), and a pinch zooms. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           TwinViewport             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean        touchpad = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE;

  if (dx == 0.0 && dy == 0.0)
    return FALSE;

  if (touchpad && (state & GDK_CONTROL_MASK) == 0)
    {
      if (state & GDK_SHIFT_MASK)
        twin_camera_pan (&self->camera, (float) -dx, (float) -dy,
                         (float) MAX (1, gtk_widget_get_height (GTK_WIDGET (self->gl_area))));
      else
        twin_camera_orbit (&self->camera, (float) dx * ORBIT_DEG_PER_PX, (float) -dy * ORBIT_DEG_PER_PX);
    }
  else if (dy != 0.0)
    /* Scrolling down (towards the user) moves away, as in most 3D tools; a
     * touchpad scrolls in pixels, about a tenth of a notch each. */
    twin_camera_zoom (&self->camera, powf (ZOOM_PER_NOTCH, (float) (touchpad ? dy / 10.0 : dy)));
  else
    return FALSE;
  queue_render (self);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               TwinViewport     *self)
{
  self->zoom_start_distance_m = self->camera.distance_m;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       TwinViewport   *self)
{
  if (!(scale > 0.0))
    return;

  /* Spreading the fingers (scale above 1) brings the scene closer. */
  self->camera.distance_m = self->zoom_start_distance_m;
  twin_camera_zoom (&self->camera, (float) (1.0 / scale));
  queue_render (self);
}

static void
fit_all_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  twin_viewport_fit_all (TWIN_VIEWPORT (widget));
}

static void
fit_selection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  twin_viewport_fit_selection (TWIN_VIEWPORT (widget));
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwinCameraPreset preset;

  if (twin_camera_preset_from_string (g_variant_get_string (parameter, NULL), &preset))
    twin_viewport_set_preset (TWIN_VIEWPORT (widget), preset);
}

static void
orbit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);
  double        azimuth_deg, elevation_deg;

  g_variant_get (parameter, "(dd)", &azimuth_deg, &elevation_deg);
  twin_camera_orbit (&self->camera, (float) azimuth_deg, (float) elevation_deg);
  queue_render (self);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);
  double        dx_px, dy_px;

  g_variant_get (parameter, "(dd)", &dx_px, &dy_px);
  twin_camera_pan (&self->camera, (float) dx_px, (float) dy_px,
                   (float) MAX (1, gtk_widget_get_height (GTK_WIDGET (self->gl_area))));
  queue_render (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);

  twin_camera_zoom (&self->camera, (float) g_variant_get_double (parameter));
  queue_render (self);
}

static void
hide_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);

  if (self->selected_id != NULL)
    twin_view_state_set_hidden (self->view_state, self->selected_id, TRUE);
}

static void
isolate_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);
  const char   *isolated = twin_view_state_get_isolated (self->view_state);

  /* Again on the isolated entity shows everything again. */
  if (self->selected_id == NULL || g_strcmp0 (isolated, self->selected_id) == 0)
    twin_view_state_set_isolated (self->view_state, NULL);
  else
    twin_view_state_set_isolated (self->view_state, self->selected_id);
}

static void
transparent_selection_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  TwinViewport *self = TWIN_VIEWPORT (widget);

  if (self->selected_id == NULL)
    return;
  if (twin_view_state_get_opacity (self->view_state, self->selected_id) < 1.0f)
    twin_view_state_set_opacity (self->view_state, self->selected_id, 1.0f);
  else
    twin_view_state_set_opacity (self->view_state, self->selected_id, TRANSPARENT_OPACITY);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  twin_view_state_show_all (TWIN_VIEWPORT (widget)->view_state);
}

static void
live_changed_cb (TwinViewport *self)
{
  guint n_listed = g_list_model_get_n_items (G_LIST_MODEL (self->parameter_names));

  /* A newly bound property joins the list; the choice shown stays. */
  rebuild_parameter_list (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->parameter_names)) != n_listed)
    sync_color_controls (self);
  if (!shows_live_values (self))
    return;
  twin_color_by_notify_values_changed (self->color_by);
  update_legend (self);
  queue_render (self);
}

static void
live_check_toggled_cb (TwinViewport *self)
{
  if (self->syncing_controls)
    return;
  twin_viewport_set_color_by_live (self, gtk_check_button_get_active (self->live_check));
}

static void
twin_viewport_dispose (GObject *object)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
  if (self->meshes != NULL)
    g_signal_handlers_disconnect_by_func (self->meshes, meshes_changed_cb, self);
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_clear_object (&self->live);
  g_clear_object (&self->model);
  g_clear_object (&self->meshes);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_VIEWPORT);

  G_OBJECT_CLASS (twin_viewport_parent_class)->dispose (object);
}

static void
twin_viewport_finalize (GObject *object)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  g_assert (self->renderer == NULL);
  g_clear_object (&self->view_state);
  g_clear_object (&self->color_by);
  g_clear_object (&self->parameter_names);
  g_free (self->selected_id);
  g_free (self->gl_error);

  G_OBJECT_CLASS (twin_viewport_parent_class)->finalize (object);
}

static void
twin_viewport_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;
    case PROP_ORTHOGRAPHIC:
      g_value_set_boolean (value, self->camera.orthographic);
      break;
    case PROP_XRAY:
      g_value_set_boolean (value, twin_view_state_get_xray (self->view_state));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_viewport_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      twin_viewport_set_model (self, g_value_get_object (value));
      break;
    case PROP_SHOW_GRID:
      twin_viewport_set_show_grid (self, g_value_get_boolean (value));
      break;
    case PROP_ORTHOGRAPHIC:
      twin_viewport_set_orthographic (self, g_value_get_boolean (value));
      break;
    case PROP_XRAY:
      twin_view_state_set_xray (self->view_state, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_key (GtkWidgetClass *widget_class,
         guint           keyval,
         guint           keypad_keyval,
         GdkModifierType modifiers,
         const char     *action,
         const char     *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (format != NULL)
    {
      GVariant *parameter = g_variant_ref_sink (g_variant_new_va (format, NULL, &args));

      gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, action, "@*", parameter);
      if (keypad_keyval != 0)
        gtk_widget_class_add_binding_action (widget_class, keypad_keyval, modifiers, action, "@*", parameter);
      g_variant_unref (parameter);
    }
  else
    {
      gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, action, NULL);
      if (keypad_keyval != 0)
        gtk_widget_class_add_binding_action (widget_class, keypad_keyval, modifiers, action, NULL);
    }
  va_end (args);
}

static void
twin_viewport_class_init (TwinViewportClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_viewport_dispose;
  object_class->finalize = twin_viewport_finalize;
  object_class->get_property = twin_viewport_get_property;
  object_class->set_property = twin_viewport_set_property;

  /**
   * TwinViewport:model:
   *
   * The twin shown, or %NULL for an empty scene.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         TWIN_TYPE_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TwinViewport:show-grid:
   *
   * Whether the ground grid (1 m, 10 m or coarser, by the twin's size) is drawn.
   */
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TwinViewport:orthographic:
   *
   * Whether the view is a parallel projection (as a drawing) rather than a perspective.
   */
  properties[PROP_ORTHOGRAPHIC] =
    g_param_spec_boolean ("orthographic", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TwinViewport:xray:
   *
   * Whether everything is drawn see-through, to look inside.
   */
  properties[PROP_XRAY] =
    g_param_spec_boolean ("xray", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinViewport::entity-picked:
   * @entity: (nullable): the entity under the pointer, or %NULL for empty space
   *
   * The user clicked in the view.
   */
  signals[ENTITY_PICKED] = g_signal_new ("entity-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, TWIN_TYPE_ENTITY);

  /**
   * TwinViewport::color-by-changed:
   *
   * The user chose another colour by value (twin_viewport_get_color_by()).
   */
  signals[COLOR_BY_CHANGED] = g_signal_new ("color-by-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (TWIN_TYPE_COLOR_LEGEND);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinstudio/TwinStudio/ui/twin-viewport.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, stack);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, gl_area);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, error_label);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, tools);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, parameter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, map_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, auto_range_check);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, minimum_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, maximum_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, live_check);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, legend);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_realize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_unrealize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_resize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_render_cb);

  gtk_widget_class_install_action (widget_class, "viewport.fit-all", NULL, fit_all_action);
  gtk_widget_class_install_action (widget_class, "viewport.fit-selection", NULL, fit_selection_action);
  gtk_widget_class_install_action (widget_class, "viewport.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "viewport.orbit", "(dd)", orbit_action);
  gtk_widget_class_install_action (widget_class, "viewport.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "viewport.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "viewport.hide-selection", NULL, hide_selection_action);
  gtk_widget_class_install_action (widget_class, "viewport.isolate-selection", NULL, isolate_selection_action);
  gtk_widget_class_install_action (widget_class, "viewport.transparent-selection", NULL, transparent_selection_action);
  gtk_widget_class_install_action (widget_class, "viewport.show-all", NULL, show_all_action);
  gtk_widget_class_install_property_action (widget_class, "viewport.toggle-grid", "show-grid");
  gtk_widget_class_install_property_action (widget_class, "viewport.toggle-orthographic", "orthographic");
  gtk_widget_class_install_property_action (widget_class, "viewport.toggle-xray", "xray");

  add_key (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, 0, "viewport.fit-all", NULL);
  add_key (widget_class, GDK_KEY_f, 0, 0, "viewport.fit-selection", NULL);
  add_key (widget_class, GDK_KEY_period, GDK_KEY_KP_Decimal, 0, "viewport.fit-selection", NULL);
  add_key (widget_class, GDK_KEY_1, GDK_KEY_KP_1, 0, "viewport.preset", "s", "front");
  add_key (widget_class, GDK_KEY_3, GDK_KEY_KP_3, 0, "viewport.preset", "s", "side");
  add_key (widget_class, GDK_KEY_7, GDK_KEY_KP_7, 0, "viewport.preset", "s", "top");
  add_key (widget_class, GDK_KEY_0, GDK_KEY_KP_0, 0, "viewport.preset", "s", "iso");
  add_key (widget_class, GDK_KEY_5, GDK_KEY_KP_5, 0, "viewport.toggle-orthographic", NULL);
  add_key (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, 0, "viewport.orbit", "(dd)", ORBIT_DEG_PER_KEY, 0.0);
  add_key (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 0, "viewport.orbit", "(dd)", -ORBIT_DEG_PER_KEY, 0.0);
  add_key (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, "viewport.orbit", "(dd)", 0.0, ORBIT_DEG_PER_KEY);
  add_key (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, "viewport.orbit", "(dd)", 0.0, -ORBIT_DEG_PER_KEY);
  add_key (widget_class, GDK_KEY_Left, 0, GDK_SHIFT_MASK, "viewport.pan", "(dd)", PAN_PX_PER_KEY, 0.0);
  add_key (widget_class, GDK_KEY_Right, 0, GDK_SHIFT_MASK, "viewport.pan", "(dd)", -PAN_PX_PER_KEY, 0.0);
  add_key (widget_class, GDK_KEY_Up, 0, GDK_SHIFT_MASK, "viewport.pan", "(dd)", 0.0, PAN_PX_PER_KEY);
  add_key (widget_class, GDK_KEY_Down, 0, GDK_SHIFT_MASK, "viewport.pan", "(dd)", 0.0, -PAN_PX_PER_KEY);
  add_key (widget_class, GDK_KEY_plus, GDK_KEY_KP_Add, 0, "viewport.zoom", "d", 1.0 / ZOOM_PER_NOTCH);
  add_key (widget_class, GDK_KEY_equal, 0, 0, "viewport.zoom", "d", 1.0 / ZOOM_PER_NOTCH);
  add_key (widget_class, GDK_KEY_minus, GDK_KEY_KP_Subtract, 0, "viewport.zoom", "d", (double) ZOOM_PER_NOTCH);
  add_key (widget_class, GDK_KEY_h, 0, 0, "viewport.hide-selection", NULL);
  add_key (widget_class, GDK_KEY_h, 0, GDK_ALT_MASK, "viewport.show-all", NULL);
  add_key (widget_class, GDK_KEY_i, 0, 0, "viewport.isolate-selection", NULL);
  add_key (widget_class, GDK_KEY_t, 0, 0, "viewport.transparent-selection", NULL);
  add_key (widget_class, GDK_KEY_x, 0, 0, "viewport.toggle-xray", NULL);
  add_key (widget_class, GDK_KEY_g, 0, 0, "viewport.toggle-grid", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "twinviewport");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
twin_viewport_init (TwinViewport *self)
{
  g_autoptr (GtkStringList) maps = gtk_string_list_new (NULL);
  GtkGesture         *drag;
  GtkGesture         *zoom;
  GtkEventController *scroll;

  self->show_grid = TRUE;
  self->needs_fit = TRUE;
  twin_camera_init (&self->camera);
  self->view_state = twin_view_state_new ();
  g_signal_connect_object (self->view_state, "changed", G_CALLBACK (view_state_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_gl_area_set_required_version (self->gl_area, 3, 3);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("3D view of the twin"),
                                  -1);

  /* The colour-by controls: "by type" and the numeric parameters; the maps by name. */
  self->parameter_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->parameter_names, _ ("Nothing (colours by type)"));
  gtk_drop_down_set_model (self->parameter_dropdown, G_LIST_MODEL (self->parameter_names));
  for (guint map = 0; map < TWIN_COLOR_MAP_N_MAPS; map++)
    gtk_string_list_append (maps, twin_color_map_get_label ((TwinColorMap) map));
  gtk_drop_down_set_model (self->map_dropdown, G_LIST_MODEL (maps));
  sync_color_controls (self);
  g_signal_connect_swapped (self->parameter_dropdown, "notify::selected", G_CALLBACK (color_controls_changed_cb), self);
  g_signal_connect_swapped (self->map_dropdown, "notify::selected", G_CALLBACK (color_controls_changed_cb), self);
  g_signal_connect_swapped (self->auto_range_check, "notify::active", G_CALLBACK (color_controls_changed_cb), self);
  g_signal_connect_swapped (self->minimum_spin, "value-changed", G_CALLBACK (color_controls_changed_cb), self);
  g_signal_connect_swapped (self->maximum_spin, "value-changed", G_CALLBACK (color_controls_changed_cb), self);
  g_signal_connect_swapped (self->live_check, "notify::active", G_CALLBACK (live_check_toggled_cb), self);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), GTK_EVENT_CONTROLLER (zoom));
}

/**
 * twin_viewport_new:
 *
 * Returns: (transfer floating): a new viewport with no model
 */
GtkWidget *
twin_viewport_new (void)
{
  return g_object_new (TWIN_TYPE_VIEWPORT, NULL);
}

/**
 * twin_viewport_get_model:
 *
 * Returns: (transfer none) (nullable): the twin shown
 */
TwinModel *
twin_viewport_get_model (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return self->model;
}

/**
 * twin_viewport_set_model:
 * @model: (nullable): the twin to show
 *
 * Shows @model, redraws whenever it changes, and fits the camera to it.
 * Everything hidden or isolated is shown again.
 */
void
twin_viewport_set_model (TwinViewport *self,
                         TwinModel    *model)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));
  g_return_if_fail (model == NULL || TWIN_IS_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changed_cb), self);

  g_clear_pointer (&self->selected_id, g_free);
  twin_view_state_show_all (self->view_state);
  twin_view_state_set_xray (self->view_state, FALSE);
  if (self->renderer != NULL)
    {
      twin_renderer_set_model (self->renderer, model);
      twin_renderer_set_selected (self->renderer, NULL);
    }
  rebuild_parameter_list (self);
  sync_color_controls (self);
  update_legend (self);
  fit_camera (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * twin_viewport_set_mesh_catalog:
 * @meshes: (nullable): the project's meshes, which entities show instead of boxes
 */
void
twin_viewport_set_mesh_catalog (TwinViewport    *self,
                                TwinMeshCatalog *meshes)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  if (self->meshes == meshes)
    return;
  if (self->meshes != NULL)
    g_signal_handlers_disconnect_by_func (self->meshes, meshes_changed_cb, self);
  g_set_object (&self->meshes, meshes);
  if (meshes != NULL)
    g_signal_connect_swapped (meshes, "changed", G_CALLBACK (meshes_changed_cb), self);
  if (self->renderer != NULL)
    twin_renderer_set_mesh_catalog (self->renderer, meshes);
  self->needs_fit = TRUE;
  fit_camera (self, NULL);
}

/**
 * twin_viewport_get_view_state:
 *
 * Returns: (transfer none): what the view hides, isolates and shows see-through
 */
TwinViewState *
twin_viewport_get_view_state (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return self->view_state;
}

/**
 * twin_viewport_set_selected:
 * @entity: (nullable): the entity to highlight, or %NULL for none
 */
void
twin_viewport_set_selected (TwinViewport *self,
                            TwinEntity   *entity)
{
  const char *id;

  g_return_if_fail (TWIN_IS_VIEWPORT (self));
  g_return_if_fail (entity == NULL || TWIN_IS_ENTITY (entity));

  id = entity != NULL ? twin_entity_get_id (entity) : NULL;
  if (g_strcmp0 (id, self->selected_id) == 0)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  if (self->renderer != NULL)
    twin_renderer_set_selected (self->renderer, id);
  queue_render (self);
}

/**
 * twin_viewport_get_selected_id:
 *
 * Returns: (nullable): the id of the highlighted entity
 */
const char *
twin_viewport_get_selected_id (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return self->selected_id;
}

/**
 * twin_viewport_click:
 * @x: from the view's left edge, widget pixels
 * @y: from its top edge
 *
 * What a click does: picks the entity drawn under the point (the nearest
 * visible mesh triangle or box) and announces it with
 * TwinViewport::entity-picked.
 *
 * Returns: (transfer none) (nullable): the entity picked, or %NULL for empty space
 */
TwinEntity *
twin_viewport_click (TwinViewport *self,
                     double        x,
                     double        y)
{
  TwinPickResult result = { 0 };
  int            width;
  int            height;

  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self->gl_area));
  height = gtk_widget_get_height (GTK_WIDGET (self->gl_area));
  if (self->model == NULL || width <= 0 || height <= 0 ||
      !twin_picker_pick (self->model, self->meshes, self->view_state, &self->camera, (float) x, (float) y, width,
                         height, &result))
    result.entity = NULL;
  g_signal_emit (self, signals[ENTITY_PICKED], 0, result.entity);
  return result.entity;
}

gboolean
twin_viewport_get_show_grid (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), FALSE);

  return self->show_grid;
}

/**
 * twin_viewport_set_show_grid:
 * @show_grid: whether to draw the ground grid
 */
void
twin_viewport_set_show_grid (TwinViewport *self,
                             gboolean      show_grid)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  show_grid = !!show_grid;
  if (self->show_grid == show_grid)
    return;

  self->show_grid = show_grid;
  if (self->renderer != NULL)
    twin_renderer_set_show_grid (self->renderer, show_grid);
  queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_GRID]);
}

/**
 * twin_viewport_set_orthographic:
 * @orthographic: a parallel projection instead of a perspective
 *
 * What is at the camera's target keeps its size on screen.
 */
void
twin_viewport_set_orthographic (TwinViewport *self,
                                gboolean      orthographic)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  orthographic = !!orthographic;
  if (self->camera.orthographic == orthographic)
    return;
  self->camera.orthographic = orthographic;
  queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORTHOGRAPHIC]);
}

/**
 * twin_viewport_set_preset:
 * @preset: the direction to look from
 *
 * Looks from the front, top, side or isometrically, and fits everything in view.
 */
void
twin_viewport_set_preset (TwinViewport    *self,
                          TwinCameraPreset preset)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  twin_camera_set_preset (&self->camera, preset);
  fit_camera (self, NULL);
}

/**
 * twin_viewport_fit_all:
 *
 * Aims the camera at everything shown, keeping the direction it looks from
 * (the `viewport.fit-all` action, on the Home key).
 */
void
twin_viewport_fit_all (TwinViewport *self)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  fit_camera (self, NULL);
}

/**
 * twin_viewport_fit_selection:
 *
 * Aims the camera at the selected entity and what it holds (the
 * `viewport.fit-selection` action, on F); with nothing selected, at everything.
 */
void
twin_viewport_fit_selection (TwinViewport *self)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  fit_camera (self, get_selected_entity (self));
}

/**
 * twin_viewport_set_color_by:
 * @color_by: (nullable): how to colour entities by value, or %NULL for colours by type
 *
 * Shows the setting (a copy of it) in the view, its controls and the
 * legend, without announcing a change.
 */
void
twin_viewport_set_color_by (TwinViewport *self,
                            TwinColorBy  *color_by)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  apply_color_by (self, color_by != NULL ? twin_color_by_copy (color_by) : NULL);
  rebuild_parameter_list (self);
  sync_color_controls (self);
}

/**
 * twin_viewport_get_color_by:
 *
 * Returns: (transfer none) (nullable): the colour by value shown, or %NULL
 */
TwinColorBy *
twin_viewport_get_color_by (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return self->color_by;
}

/**
 * twin_viewport_get_legend:
 *
 * Returns: (transfer none): the colour legend (hidden without a colour by value)
 */
GtkWidget *
twin_viewport_get_legend (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return GTK_WIDGET (self->legend);
}

/**
 * twin_viewport_choose_color_by:
 * @parameter: (nullable): a numeric parameter's name, or %NULL for colours by type
 *
 * What choosing @parameter in the view's colour popover does: colours by
 * it (with the map and range chosen there) and announces the change.
 *
 * Returns: %FALSE when no entity has such a parameter
 */
gboolean
twin_viewport_choose_color_by (TwinViewport *self,
                               const char   *parameter)
{
  guint n;

  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), FALSE);

  if (parameter == NULL)
    {
      gtk_drop_down_set_selected (self->parameter_dropdown, 0);
      return TRUE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->parameter_names));
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->parameter_names, i), parameter) == 0)
      {
        gtk_drop_down_set_selected (self->parameter_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * twin_viewport_get_camera:
 *
 * Returns: (transfer none): the camera, for reading (picking, tests)
 */
const TwinCamera *
twin_viewport_get_camera (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return &self->camera;
}

/**
 * twin_viewport_get_gl_error:
 *
 * Returns: (nullable): why OpenGL is not available, or %NULL when it is (or
 *   the view has not been realized yet)
 */
const char *
twin_viewport_get_gl_error (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), NULL);

  return self->gl_error;
}

/**
 * twin_viewport_set_live_session:
 * @session: (nullable): the project's running feeds, or %NULL
 *
 * Offers colouring by live values, refreshed on #TwinLiveSession::changed.
 */
void
twin_viewport_set_live_session (TwinViewport    *self,
                                TwinLiveSession *session)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));
  g_return_if_fail (session == NULL || TWIN_IS_LIVE_SESSION (session));

  if (self->live == session)
    return;
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_set_object (&self->live, session);
  if (session != NULL)
    self->live_handler = g_signal_connect_swapped (session, "changed", G_CALLBACK (live_changed_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->live_check), session != NULL);
  rebuild_parameter_list (self);
  sync_color_controls (self);
  apply_live_value_func (self);
  update_legend (self);
  queue_render (self);
}

/**
 * twin_viewport_set_color_by_live:
 * @live: %TRUE to colour by the live values of the session's bound
 *   properties, %FALSE by the parameters' values
 *
 * What the popover's "Live values" check does (it has effect only with a
 * live session and a colour by value).
 */
void
twin_viewport_set_color_by_live (TwinViewport *self,
                                 gboolean      live)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  live = !!live;
  if (self->live_values == live)
    return;
  self->live_values = live;
  self->syncing_controls = TRUE;
  gtk_check_button_set_active (self->live_check, live);
  self->syncing_controls = FALSE;
  apply_live_value_func (self);
  update_legend (self);
  queue_render (self);
}

/**
 * twin_viewport_get_color_by_live:
 *
 * Returns: whether the view colours by live values when it can
 */
gboolean
twin_viewport_get_color_by_live (TwinViewport *self)
{
  g_return_val_if_fail (TWIN_IS_VIEWPORT (self), FALSE);

  return self->live_values;
}
