/* test-viewport.c: shows the 3D viewport in a window, checks what it draws, and its no-OpenGL message.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (Xvfb in CI); without one it prints TAP's "1..0 # SKIP".
 * Pixels are read the way a person sees them: the viewport is snapshotted
 * through the window's GSK renderer into a texture, which is also saved as
 * viewport-*.png next to this test in the build folder.
 * /gl/viewport/no-gl runs on its own with GDK_DEBUG=gl-disable.
 */

#include "config.h"

#include "render-fixture.h"
#include "twin-renderer.h"
#include "twin-viewport.h"

#include <gtk/gtk.h>
#include <stdio.h>

#define WIDTH 320
#define HEIGHT 240
#define FRAME_TIMEOUT_S 10

typedef struct
{
  GtkWindow    *window;
  TwinViewport *viewport;
  GtkGLArea    *gl_area;
  RenderFixture scene;
  guint         n_renders;
  gulong        hook_id;
  GdkTexture   *texture; /* the last snapshot */
  guint8       *pixels;  /* its BGRA (Cairo ARGB32 on little-endian) bytes, top row first */
  gsize         stride;
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
render_hook (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               data)
{
  Fixture *fixture = data;

  if (g_value_get_object (&params[0]) == (GObject *) fixture->gl_area)
    fixture->n_renders++;
  return TRUE;
}

static gboolean
timed_out_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the GL area has drawn another frame. */
static void
wait_for_render (Fixture *fixture)
{
  guint    before = fixture->n_renders;
  gboolean timed_out = FALSE;
  guint    timeout_id = g_timeout_add_seconds (FRAME_TIMEOUT_S, timed_out_cb, &timed_out);

  while (fixture->n_renders == before && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

/* Lets pending events and frames run without waiting for anything in particular. */
static void
drain_main_loop (void)
{
  gboolean timed_out = FALSE;

  g_timeout_add (100, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* Snapshots the viewport through the window's renderer, as it appears on screen. */
static void
take_snapshot (Fixture    *fixture,
               const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->viewport));
  g_autoptr (GskRenderNode) node = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot     *snapshot = gtk_snapshot_new ();
  GskRenderer     *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (fixture->viewport)));
  int              width = gtk_widget_get_width (GTK_WIDGET (fixture->viewport));
  int              height = gtk_widget_get_height (GTK_WIDGET (fixture->viewport));

  g_assert_cmpint (width, ==, WIDTH);
  g_assert_cmpint (height, ==, HEIGHT);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  g_clear_object (&fixture->texture);
  g_clear_pointer (&fixture->pixels, g_free);
  fixture->texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fixture->stride = (gsize) gdk_texture_get_width (fixture->texture) * 4;
  fixture->pixels = g_malloc (fixture->stride * (gsize) gdk_texture_get_height (fixture->texture));
  gdk_texture_download (fixture->texture, fixture->pixels, fixture->stride);

  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (fixture->texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
get_pixel (Fixture *fixture,
           int      x,
           int      y_from_top,
           float    rgb[3])
{
  const guint8 *p = fixture->pixels + (gsize) y_from_top * fixture->stride + (gsize) x * 4;

  rgb[0] = p[2] / 255.0f;
  rgb[1] = p[1] / 255.0f;
  rgb[2] = p[0] / 255.0f;
}

static void
probe_entity (Fixture    *fixture,
              TwinEntity *entity,
              float       rgb[3])
{
  vec3 centre;
  int  x;
  int  y;

  render_fixture_get_box_centre (&fixture->scene, entity, centre);
  g_assert_true (render_fixture_project (twin_viewport_get_camera (fixture->viewport), WIDTH, HEIGHT, centre, &x, &y));
  g_test_message ("probing %s at %d, %d", twin_entity_get_name (entity), x, HEIGHT - 1 - y);
  get_pixel (fixture, x, HEIGHT - 1 - y, rgb);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  render_fixture_init (&fixture->scene);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, WIDTH, HEIGHT);
  gtk_window_set_decorated (fixture->window, FALSE);
  fixture->viewport = TWIN_VIEWPORT (twin_viewport_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->viewport));
  fixture->gl_area = GTK_GL_AREA (find_descendant (GTK_WIDGET (fixture->viewport), GTK_TYPE_GL_AREA));
  g_assert_nonnull (fixture->gl_area);
  fixture->hook_id = g_signal_add_emission_hook (g_signal_lookup ("render", GTK_TYPE_GL_AREA), 0,
                                                 render_hook, fixture, NULL);

  twin_viewport_set_model (fixture->viewport, fixture->scene.model);
  g_assert_true (twin_viewport_get_model (fixture->viewport) == fixture->scene.model);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_remove_emission_hook (g_signal_lookup ("render", GTK_TYPE_GL_AREA), fixture->hook_id);
  g_clear_object (&fixture->texture);
  g_clear_pointer (&fixture->pixels, g_free);
  gtk_window_destroy (fixture->window);
  drain_main_loop ();
  render_fixture_clear (&fixture->scene);
}

static gboolean
gl_is_disabled (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");

  return debug != NULL && strstr (debug, "gl-disable") != NULL;
}

static void
test_frame (Fixture      *fixture,
            gconstpointer data)
{
  float background[4];
  float pump[4];
  float sensor[4];
  float rgb[3];

  wait_for_render (fixture);
  g_assert_null (twin_viewport_get_gl_error (fixture->viewport));
  take_snapshot (fixture, "viewport-frame.png");

  /* Nothing is selected, so each box wears its type's colour. */
  twin_renderer_get_background_color (background);
  twin_renderer_get_type_color (twin_entity_get_type_name (fixture->scene.pump), pump);
  twin_renderer_get_type_color (twin_entity_get_type_name (fixture->scene.sensor), sensor);

  probe_entity (fixture, fixture->scene.pump, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, pump));
  probe_entity (fixture, fixture->scene.sensor, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, sensor));
  get_pixel (fixture, WIDTH - 1, 0, rgb);
  g_assert_true (render_fixture_is_color (rgb, background));
}

/* Selecting, editing the model and toggling the grid each draw a new frame, and nothing else does. */
static void
test_redraws_on_change (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  TwinTransform transform;
  float         pump[4] = { 0, 0, 0, 1 };
  float         highlight[4] = { 0, 0, 0, 1 };
  float         rgb[3];
  vec3          centre;
  guint         before;
  int           pump_x;
  int           pump_y;

  wait_for_render (fixture);
  take_snapshot (fixture, "viewport-before.png");
  render_fixture_get_box_centre (&fixture->scene, fixture->scene.pump, centre);
  g_assert_true (render_fixture_project (twin_viewport_get_camera (fixture->viewport), WIDTH, HEIGHT, centre, &pump_x, &pump_y));
  pump_y = HEIGHT - 1 - pump_y;
  get_pixel (fixture, pump_x, pump_y, pump);

  /* Idle: no new frames. */
  before = fixture->n_renders;
  drain_main_loop ();
  g_assert_cmpuint (fixture->n_renders, ==, before);

  twin_viewport_set_selected (fixture->viewport, fixture->scene.pump);
  g_assert_cmpstr (twin_viewport_get_selected_id (fixture->viewport), ==, twin_entity_get_id (fixture->scene.pump));
  wait_for_render (fixture);
  take_snapshot (fixture, "viewport-selected.png");
  get_pixel (fixture, pump_x, pump_y, rgb);
  /* The highlight is orange, red over green over blue, and unlike the pump's own colour. */
  g_assert_false (render_fixture_is_color (rgb, pump));
  g_assert_cmpfloat (rgb[0], >, rgb[1] + 0.1f);
  g_assert_cmpfloat (rgb[1], >, rgb[2] + 0.1f);
  highlight[0] = rgb[0];
  highlight[1] = rgb[1];
  highlight[2] = rgb[2];

  /* The pump flies up out of view: where it stood, it is gone on the next frame. */
  transform = *twin_entity_get_transform (fixture->scene.pump);
  transform.position_m[2] = 40.0;
  g_assert_true (twin_model_set_transform (fixture->scene.model, fixture->scene.pump, &transform, &error));
  g_assert_no_error (error);
  wait_for_render (fixture);
  take_snapshot (fixture, "viewport-edited.png");
  get_pixel (fixture, pump_x, pump_y, rgb);
  g_assert_false (render_fixture_is_color (rgb, highlight));

  g_assert_true (twin_viewport_get_show_grid (fixture->viewport));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->viewport), "viewport.toggle-grid", NULL));
  g_assert_false (twin_viewport_get_show_grid (fixture->viewport));
  wait_for_render (fixture);
}

/* Home (viewport.fit-all) frames the whole twin again after the camera moved away. */
static void
test_fit_all (Fixture      *fixture,
              gconstpointer data)
{
  const TwinCamera *camera = twin_viewport_get_camera (fixture->viewport);
  TwinCamera        fitted;

  wait_for_render (fixture);
  fitted = *camera;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->viewport), "viewport.fit-all", NULL));
  g_assert_cmpmem (camera, sizeof *camera, &fitted, sizeof fitted);

  twin_camera_zoom ((TwinCamera *) camera, 10.0f);
  twin_camera_pan ((TwinCamera *) camera, 50, 20, HEIGHT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->viewport), "viewport.fit-all", NULL));
  g_assert_cmpfloat_with_epsilon (camera->distance_m, fitted.distance_m, 1e-4);
  g_assert_cmpfloat_with_epsilon (camera->target_m[0], fitted.target_m[0], 1e-4);
  wait_for_render (fixture);
}

/* Without OpenGL the view says so in place, and the widget keeps working. */
static void
test_no_gl (Fixture      *fixture,
            gconstpointer data)
{
  GtkStack   *stack;
  GtkWidget  *label;
  const char *text;

  if (!gl_is_disabled ())
    {
      g_test_skip ("runs as test-viewport-no-gl, with GDK_DEBUG=gl-disable");
      return;
    }

  drain_main_loop ();
  g_assert_nonnull (twin_viewport_get_gl_error (fixture->viewport));
  stack = GTK_STACK (find_descendant (GTK_WIDGET (fixture->viewport), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  label = gtk_stack_get_visible_child (stack);
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_get_mapped (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "OpenGL is not available: "));
  g_assert_true (g_str_has_suffix (text, ". The rest of Twin Studio works."));
  g_assert_null (strstr (text, ".."));

  /* Everything else still works, with nothing drawn. */
  twin_viewport_set_selected (fixture->viewport, fixture->scene.sensor);
  twin_viewport_set_show_grid (fixture->viewport, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->viewport), "viewport.fit-all", NULL));
  twin_viewport_set_model (fixture->viewport, NULL);
  g_assert_null (twin_viewport_get_selected_id (fixture->viewport));
  take_snapshot (fixture, "viewport-no-gl.png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }

  if (!gl_is_disabled ())
    {
      g_test_add ("/gl/viewport/frame", Fixture, NULL, fixture_set_up, test_frame, fixture_tear_down);
      g_test_add ("/gl/viewport/redraws-on-change", Fixture, NULL, fixture_set_up, test_redraws_on_change, fixture_tear_down);
      g_test_add ("/gl/viewport/fit-all", Fixture, NULL, fixture_set_up, test_fit_all, fixture_tear_down);
    }
  g_test_add ("/gl/viewport/no-gl", Fixture, NULL, fixture_set_up, test_no_gl, fixture_tear_down);

  return g_test_run ();
}
