/* test-render-headless.c: renders a fixture twin with no X server (EGL surfaceless) and probes pixels.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws with TwinOffscreen: Mesa's EGL with EGL_MESA_platform_surfaceless
 * and a GL 3.3 core context (llvmpipe gives one). Where that is missing the
 * whole program is skipped with TAP's "1..0 # SKIP". Set TWIN_RENDER_DUMP_DIR to also write
 * each probed frame there as a PPM image.
 */

#include "config.h"

#include "render-fixture.h"
#include "twin-offscreen.h"
#include "twin-renderer.h"
#include "twin-shader-program.h"

#include <epoxy/gl.h>
#include <stdio.h>

#define WIDTH 320
#define HEIGHT 240

typedef struct
{
  guint8       *pixels; /* RGBA, bottom row first, as glReadPixels gives them */
  TwinRenderer *renderer;
  RenderFixture scene;
  TwinCamera    camera;
} Fixture;

static TwinOffscreen *offscreen;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  twin_offscreen_make_current (offscreen);
  render_fixture_init (&fixture->scene);
  render_fixture_camera (&fixture->scene, &fixture->camera, (float) WIDTH / HEIGHT);

  fixture->renderer = twin_renderer_new (&error);
  g_assert_no_error (error);
  twin_renderer_set_model (fixture->renderer, fixture->scene.model);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->renderer, twin_renderer_free);
  render_fixture_clear (&fixture->scene);
  g_clear_pointer (&fixture->pixels, g_free);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
}

static void
dump_frame (Fixture    *fixture,
            const char *name)
{
  const char *dir = g_getenv ("TWIN_RENDER_DUMP_DIR");
  g_autoptr (GString) ppm = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int y;

  if (dir == NULL)
    return;
  ppm = g_string_new (NULL);
  g_string_append_printf (ppm, "P6\n%d %d\n255\n", WIDTH, HEIGHT);
  for (y = HEIGHT - 1; y >= 0; y--)
    {
      int x;

      for (x = 0; x < WIDTH; x++)
        g_string_append_len (ppm, (const char *) &fixture->pixels[(y * WIDTH + x) * 4], 3);
    }
  path = g_strdup_printf ("%s/%s.ppm", dir, name);
  g_file_set_contents (path, ppm->str, (gssize) ppm->len, &error);
  g_assert_no_error (error);
  g_test_message ("frame written to %s", path);
}

static void
render_frame (Fixture    *fixture,
              const char *name)
{
  twin_renderer_render (fixture->renderer, &fixture->camera, WIDTH, HEIGHT);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
  g_free (fixture->pixels);
  fixture->pixels = twin_offscreen_read_pixels (offscreen, FALSE);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
  dump_frame (fixture, name);
}

static void
get_pixel (Fixture *fixture,
           int      x,
           int      y,
           float    rgb[3])
{
  const guint8 *p = &fixture->pixels[(y * WIDTH + x) * 4];

  rgb[0] = p[0] / 255.0f;
  rgb[1] = p[1] / 255.0f;
  rgb[2] = p[2] / 255.0f;
}

/* The pixel where a world point lands. */
static void
probe (Fixture   *fixture,
       const vec3 point_m,
       float      rgb[3])
{
  int x;
  int y;

  g_assert_true (render_fixture_project (&fixture->camera, WIDTH, HEIGHT, point_m, &x, &y));
  g_test_message ("probing (%g, %g, %g) at pixel %d, %d", point_m[0], point_m[1], point_m[2], x, y);
  get_pixel (fixture, x, y, rgb);
}

static void
probe_entity (Fixture    *fixture,
              TwinEntity *entity,
              float       rgb[3])
{
  vec3 centre;

  render_fixture_get_box_centre (&fixture->scene, entity, centre);
  probe (fixture, centre, rgb);
}

static void
test_shader_errors (void)
{
  static const char *const good_vertex =
    "#version 330 core\nlayout(location = 0) in vec3 a_position;\n"
    "void main () { gl_Position = vec4 (a_position, 1.0); }\n";
  static const char *const good_fragment =
    "#version 330 core\nout vec4 c;\nvoid main () { c = vec4 (1.0); }\n";
  static const char *const bad_fragment =
    "#version 330 core\nout vec4 c;\nvoid main () { c = undeclared_thing; }\n";
  /* Compiles alone, but calls a function no stage defines: a link error. */
  static const char *const unlinkable_fragment =
    "#version 330 core\nout vec4 c;\nvec4 never_defined ();\n"
    "void main () { c = never_defined (); }\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinShaderProgram) program = NULL;

  program = twin_shader_program_new_from_source ("broken", good_vertex, bad_fragment, &error);
  g_assert_null (program);
  g_assert_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_COMPILE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "fragment shader"));
  g_assert_nonnull (strstr (error->message, "“broken”"));
  g_assert_nonnull (strstr (error->message, "undeclared_thing")); /* the driver's own log */
  g_clear_error (&error);

  program = twin_shader_program_new_from_source ("unlinkable", good_vertex, unlinkable_fragment, &error);
  g_assert_null (program);
  g_assert_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_LINK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "never_defined"));
  g_clear_error (&error);

  program = twin_shader_program_new ("no-such-program", &error);
  g_assert_null (program);
  g_assert_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-program.vert"));
  g_clear_error (&error);

  program = twin_shader_program_new_from_source ("good", good_vertex, good_fragment, &error);
  g_assert_no_error (error);
  g_assert_nonnull (program);
  g_assert_cmpuint (twin_shader_program_get_id (program), !=, 0);
  g_assert_cmpint (twin_shader_program_get_uniform (program, TWIN_UNIFORM_MODEL), ==, -1);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
}

/* Every program links and finds every uniform it declares. */
static void
test_programs_link (void)
{
  static const struct
  {
    const char *name;
    TwinUniform uniforms[6];
    guint       n_uniforms;
  } cases[] = {
    { "shaded", { TWIN_UNIFORM_MODEL, TWIN_UNIFORM_VIEW_PROJECTION, TWIN_UNIFORM_NORMAL_MATRIX, TWIN_UNIFORM_COLOR, TWIN_UNIFORM_LIGHT_DIRECTION, TWIN_UNIFORM_FILL_DIRECTION }, 6 },
    { "line", { TWIN_UNIFORM_MODEL, TWIN_UNIFORM_VIEW_PROJECTION, TWIN_UNIFORM_COLOR, TWIN_UNIFORM_FADE_ORIGIN, TWIN_UNIFORM_FADE_RADIUS }, 5 },
    { "outline", { TWIN_UNIFORM_MASK, TWIN_UNIFORM_COLOR, TWIN_UNIFORM_OUTLINE_WIDTH }, 3 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinShaderProgram) program = twin_shader_program_new (cases[i].name, &error);
      guint u;

      g_assert_no_error (error);
      g_assert_cmpstr (twin_shader_program_get_name (program), ==, cases[i].name);
      for (u = 0; u < cases[i].n_uniforms; u++)
        {
          g_test_message ("%s: %s", cases[i].name, twin_shader_uniform_get_name (cases[i].uniforms[u]));
          g_assert_cmpint (twin_shader_program_get_uniform (program, cases[i].uniforms[u]), >=, 0);
        }
    }
}

static void
test_boxes (Fixture      *fixture,
            gconstpointer data)
{
  float background[4];
  float base[4];
  float rgb[3];

  render_frame (fixture, "boxes");
  twin_renderer_get_background_color (background);

  /* Each leaf's box centre shows that box, lit, in its own colour. */
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.pump, base);
  probe_entity (fixture, fixture->scene.pump, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, base));

  /* The sensor sits where its parent's transform puts it. */
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.sensor, base);
  probe_entity (fixture, fixture->scene.sensor, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, base));

  /* The top corners look over the horizon at the background. */
  get_pixel (fixture, 0, HEIGHT - 1, rgb);
  g_assert_true (render_fixture_is_color (rgb, background));
  get_pixel (fixture, WIDTH - 1, HEIGHT - 1, rgb);
  g_assert_true (render_fixture_is_color (rgb, background));
}

/* The faces of a box get different light, and the hue stays the same. */
static void
test_lighting (Fixture      *fixture,
               gconstpointer data)
{
  vec3  centre;
  vec3  top;
  vec3  front;
  float base[4];
  float top_rgb[3];
  float front_rgb[3];

  render_frame (fixture, "lighting");
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.pump, base);
  render_fixture_get_box_centre (&fixture->scene, fixture->scene.pump, centre);

  /* The pump is 2 m high and 2 m deep: its roof is 1 m above the centre, its -Y face 1 m in front. */
  glm_vec3_copy (centre, top);
  top[2] += 0.99f;
  glm_vec3_copy (centre, front);
  front[1] -= 0.99f;
  probe (fixture, top, top_rgb);
  probe (fixture, front, front_rgb);
  g_assert_true (render_fixture_is_lit_color (top_rgb, base));
  g_assert_true (render_fixture_is_lit_color (front_rgb, base));
  g_assert_cmpfloat (fabsf (top_rgb[0] - front_rgb[0]), >, 0.05f);
}

static void
test_selection (Fixture      *fixture,
                gconstpointer data)
{
  float pump_before[4];
  float pump_after[4];
  float sensor_color[4];
  float rgb[3];

  twin_renderer_get_box_color (fixture->renderer, fixture->scene.pump, pump_before);
  twin_renderer_set_selected (fixture->renderer, twin_entity_get_id (fixture->scene.pump));
  g_assert_cmpstr (twin_renderer_get_selected (fixture->renderer), ==, twin_entity_get_id (fixture->scene.pump));
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.pump, pump_after);
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.sensor, sensor_color);
  render_frame (fixture, "selection");

  /* The highlight is a colour of its own, and only the selected box wears it. */
  g_assert_false (render_fixture_is_lit_color (pump_after, pump_before));
  probe_entity (fixture, fixture->scene.pump, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, pump_after));
  probe_entity (fixture, fixture->scene.sensor, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, sensor_color));

  /* An id that is not in the model highlights nothing. */
  twin_renderer_set_selected (fixture->renderer, "00000000-0000-4000-8000-000000000000");
  render_frame (fixture, "selection-none");
  probe_entity (fixture, fixture->scene.pump, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, pump_before));
}

/* Whether any pixel around a point is clearly red, as the grid's X axis line is. */
static gboolean
has_red_near (Fixture   *fixture,
              const vec3 point_m)
{
  int x;
  int y;
  int dx;
  int dy;

  g_assert_true (render_fixture_project (&fixture->camera, WIDTH, HEIGHT, point_m, &x, &y));
  for (dy = -2; dy <= 2; dy++)
    for (dx = -2; dx <= 2; dx++)
      {
        float rgb[3];

        get_pixel (fixture, CLAMP (x + dx, 0, WIDTH - 1), CLAMP (y + dy, 0, HEIGHT - 1), rgb);
        if (rgb[0] > rgb[1] + 0.15f && rgb[0] > rgb[2] + 0.15f)
          return TRUE;
      }
  return FALSE;
}

static void
test_grid (Fixture      *fixture,
           gconstpointer data)
{
  vec3  on_x_axis = { -2.0f, 0.0f, 0.0f };
  vec3  on_ground = { 0.5f, -3.5f, 0.0f }; /* between grid lines, clear of every box */
  float background[4];
  float rgb[3];

  twin_renderer_get_background_color (background);
  g_assert_true (twin_renderer_get_show_grid (fixture->renderer));
  render_frame (fixture, "grid");
  g_assert_true (has_red_near (fixture, on_x_axis));
  probe (fixture, on_ground, rgb);
  g_assert_true (render_fixture_is_color (rgb, background));

  twin_renderer_set_show_grid (fixture->renderer, FALSE);
  render_frame (fixture, "no-grid");
  g_assert_false (has_red_near (fixture, on_x_axis));
}

/* The axes indicator in the bottom-left corner shows a red, a green and a blue bar. */
static void
test_axes_indicator (Fixture      *fixture,
                     gconstpointer data)
{
  gboolean found[3] = { FALSE, FALSE, FALSE };
  int      x;
  int      y;
  int      c;

  render_frame (fixture, "axes");
  for (y = 0; y < HEIGHT / 4; y++)
    for (x = 0; x < WIDTH / 4; x++)
      {
        float rgb[3];

        get_pixel (fixture, x, y, rgb);
        for (c = 0; c < 3; c++)
          if (rgb[c] > 0.3f && rgb[c] > rgb[(c + 1) % 3] + 0.2f && rgb[c] > rgb[(c + 2) % 3] + 0.2f)
            found[c] = TRUE;
      }
  g_assert_true (found[0]);
  g_assert_true (found[1]);
  g_assert_true (found[2]);
}

/* The renderer reads the model on every frame: an edit moves the box on the next one. */
static void
test_follows_edits (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  TwinTransform transform;
  float         background[4];
  float         base[4];
  float         rgb[3];
  vec3          old_centre;

  twin_renderer_get_background_color (background);
  twin_renderer_get_box_color (fixture->renderer, fixture->scene.pump, base);
  render_fixture_get_box_centre (&fixture->scene, fixture->scene.pump, old_centre);

  transform = *twin_entity_get_transform (fixture->scene.pump);
  transform.position_m[2] = 30.0; /* lifted far above the view */
  g_assert_true (twin_model_set_transform (fixture->scene.model, fixture->scene.pump, &transform, &error));
  g_assert_no_error (error);
  render_frame (fixture, "edited");
  probe (fixture, old_centre, rgb);
  g_assert_false (render_fixture_is_lit_color (rgb, base));

  g_assert_true (twin_model_undo (fixture->scene.model, &error));
  g_assert_no_error (error);
  render_frame (fixture, "undone");
  probe (fixture, old_centre, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, base));
}

/* No model and a degenerate size draw without errors. */
static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  float background[4];
  float rgb[3];

  twin_renderer_set_model (fixture->renderer, NULL);
  g_assert_null (twin_renderer_get_model (fixture->renderer));
  twin_renderer_render (fixture->renderer, &fixture->camera, 0, 0);
  twin_renderer_render (fixture->renderer, &fixture->camera, 1, 1);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);

  fixture->camera.elevation_deg = 0.0f; /* only the horizon: the grid is edge-on */
  render_frame (fixture, "empty");
  twin_renderer_get_background_color (background);
  get_pixel (fixture, WIDTH / 2, HEIGHT - 10, rgb);
  g_assert_true (render_fixture_is_color (rgb, background));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  offscreen = twin_offscreen_new (WIDTH, HEIGHT, 0, &error);
  if (offscreen == NULL)
    {
      printf ("1..0 # SKIP %s\n", error->message);
      return 0;
    }
  g_test_message ("GL %s, %s", glGetString (GL_VERSION), glGetString (GL_RENDERER));

  g_test_add_func ("/gl/render/shader-errors", test_shader_errors);
  g_test_add_func ("/gl/render/programs-link", test_programs_link);
  g_test_add ("/gl/render/boxes", Fixture, NULL, fixture_set_up, test_boxes, fixture_tear_down);
  g_test_add ("/gl/render/lighting", Fixture, NULL, fixture_set_up, test_lighting, fixture_tear_down);
  g_test_add ("/gl/render/selection", Fixture, NULL, fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/gl/render/grid", Fixture, NULL, fixture_set_up, test_grid, fixture_tear_down);
  g_test_add ("/gl/render/axes-indicator", Fixture, NULL, fixture_set_up, test_axes_indicator, fixture_tear_down);
  g_test_add ("/gl/render/follows-edits", Fixture, NULL, fixture_set_up, test_follows_edits, fixture_tear_down);
  g_test_add ("/gl/render/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);

  status = g_test_run ();
  twin_offscreen_free (offscreen);
  return status;
}
