/* twin-viewport.c: the 3D view of a twin, a GtkGLArea driven by the render layer's TwinRenderer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The viewport owns the camera (it outlives GL contexts) and lends it to the
 * renderer on every frame. The renderer exists only while the GL area is
 * realized, and is created and destroyed with the area's context current.
 * When OpenGL is not available the stack shows a message instead; the rest
 * of the window keeps working. Frames are drawn only when something changed:
 * the model, the selection, the camera, the grid or the size.
 *
 * Mouse: left-drag orbits, middle-drag or Shift+left-drag pans, the wheel
 * and a touchpad pinch zoom. Keys: Home fits the whole twin in view.
 */

#define G_LOG_DOMAIN "twin-viewport"

#include "config.h"

#include "twin-viewport.h"

#include "model/twin-entity.h"
#include "twin-renderer.h"
#include "mesh/twin-scene-box.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Degrees the camera turns per pixel of drag. */
#define ORBIT_DEG_PER_PX 0.4f
/* The distance factor per wheel notch. */
#define ZOOM_PER_NOTCH 1.15f

struct _TwinViewport
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkGLArea    *gl_area;
  GtkLabel     *error_label;

  /* Owned references */
  TwinModel    *model;
  TwinRenderer *renderer; /* only while gl_area is realized without error */
  char         *selected_id;
  char         *gl_error;

  /* State */
  TwinCamera    camera;
  double        last_drag_x_px;
  double        last_drag_y_px;
  float         zoom_start_distance_m;
  gboolean      drag_pans;
  gboolean      show_grid;
  gboolean      needs_fit; /* fit the camera once the view has a size */
};

G_DEFINE_FINAL_TYPE (TwinViewport, twin_viewport, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_SHOW_GRID,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

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
  gtk_label_set_text (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  g_debug ("%s", message);
}

static void
fit_camera (TwinViewport *self)
{
  g_autoptr (GArray) boxes = NULL;
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
    boxes = twin_scene_box_collect (self->model);
  if (boxes != NULL && twin_scene_box_compute_bounds (boxes, min_m, max_m))
    twin_camera_fit_bounds (&self->camera, min_m, max_m, aspect);
  else
    twin_camera_init (&self->camera);
  queue_render (self);
}

static void
model_changed_cb (TwinViewport *self)
{
  queue_render (self);
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
    fit_camera (self);
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

  self->drag_pans = button == GDK_BUTTON_MIDDLE || (state & GDK_SHIFT_MASK) != 0;
  self->last_drag_x_px = 0.0;
  self->last_drag_y_px = 0.0;
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

  if (self->drag_pans)
    twin_camera_pan (&self->camera, dx_px, dy_px, (float) gtk_widget_get_height (GTK_WIDGET (self->gl_area)));
  else
    /* Dragging right turns the scene right; dragging down shows more of its top. */
    twin_camera_orbit (&self->camera, -dx_px * ORBIT_DEG_PER_PX, dy_px * ORBIT_DEG_PER_PX);
  queue_render (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           TwinViewport             *self)
{
  if (dy == 0.0)
    return FALSE;

  /* Scrolling down (towards the user) moves away, as in most 3D tools. */
  twin_camera_zoom (&self->camera, powf (ZOOM_PER_NOTCH, (float) dy));
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
twin_viewport_dispose (GObject *object)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_VIEWPORT);

  G_OBJECT_CLASS (twin_viewport_parent_class)->dispose (object);
}

static void
twin_viewport_finalize (GObject *object)
{
  TwinViewport *self = TWIN_VIEWPORT (object);

  g_assert (self->renderer == NULL);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinstudio/TwinStudio/ui/twin-viewport.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, stack);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, gl_area);
  gtk_widget_class_bind_template_child (widget_class, TwinViewport, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_realize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_unrealize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_resize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_render_cb);

  gtk_widget_class_install_action (widget_class, "viewport.fit-all", NULL, fit_all_action);
  gtk_widget_class_install_property_action (widget_class, "viewport.toggle-grid", "show-grid");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "viewport.fit-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "viewport.fit-all", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "twinviewport");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
twin_viewport_init (TwinViewport *self)
{
  GtkGesture         *drag;
  GtkGesture         *zoom;
  GtkEventController *scroll;

  self->show_grid = TRUE;
  self->needs_fit = TRUE;
  twin_camera_init (&self->camera);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_gl_area_set_required_version (self->gl_area, 3, 3);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("3D view of the twin"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
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
  if (self->renderer != NULL)
    {
      twin_renderer_set_model (self->renderer, model);
      twin_renderer_set_selected (self->renderer, NULL);
    }
  fit_camera (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
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
 * twin_viewport_fit_all:
 *
 * Aims the camera at the whole twin, keeping the direction it looks from
 * (the `viewport.fit-all` action, on the Home key).
 */
void
twin_viewport_fit_all (TwinViewport *self)
{
  g_return_if_fail (TWIN_IS_VIEWPORT (self));

  fit_camera (self);
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
