/* bench-render.c: the 3D view's frame time for a 1M-triangle mesh through TwinRenderer, against a bare GL loop drawing the same buffers.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One EGL surfaceless context (TwinOffscreen, no multisampling) of the
 * viewport's default window size, 1280 × 800. The scene is one entity whose
 * mesh is a UV sphere of ~1M triangles (smooth normals), framed by the
 * camera's fit. The renderer draws a whole frame: render list, lighting,
 * grid, axes indicator. The raw limit, measured in the same run and context,
 * draws the same geometry (a TwinMeshBuffer of the same mesh, the same
 * vertex layout and index buffer) with a trivial shader (position times one
 * matrix, a constant colour), clearing colour and depth first. Each frame
 * ends with glFinish (), so the time is the whole frame's. The two loops
 * alternate in rounds so that drift (thermal, other load) hits both, and the
 * median frame is reported. Also printed: the first frame (which uploads the
 * mesh) and a pick through the mesh at the centre of the view.
 *
 * Goal: renderer / bare ≤ 1.1.
 */

#include "config.h"

#include "mesh/twin-mesh-catalog.h"
#include "twin-mesh-buffer.h"
#include "twin-offscreen.h"
#include "twin-picker.h"
#include "twin-render-list.h"
#include "twin-renderer.h"
#include "twin-shader-program.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#define WIDTH 1280
#define HEIGHT 800
/* 708 rings × 708 segments × 2 ≈ 1.0M triangles. */
#define SEGMENTS 708
#define ROUNDS 12
#define FRAMES_PER_ROUND 1

static const char *const bare_vertex =
  "#version 330 core\n"
  "layout(location = 0) in vec3 a_position;\n"
  "uniform mat4 u_model;\n"
  "void main () { gl_Position = u_model * vec4 (a_position, 1.0); }\n";
static const char *const bare_fragment =
  "#version 330 core\n"
  "out vec4 c;\n"
  "void main () { c = vec4 (0.6, 0.7, 0.8, 1.0); }\n";

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* CPU time of every thread of the process (llvmpipe draws on several), seconds. */
static double
cpu_s (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static TwinMesh *
make_sphere (float radius_m)
{
  g_autoptr (GError) error = NULL;
  guint     n_rings = SEGMENTS;
  guint     n_segments = SEGMENTS;
  guint     n_vertices = (n_rings + 1) * (n_segments + 1);
  guint     n_triangles = 2 * n_rings * n_segments;
  float    *positions = g_new (float, 3 * (gsize) n_vertices);
  float    *normals = g_new (float, 3 * (gsize) n_vertices);
  guint32  *indices = g_new (guint32, 3 * (gsize) n_triangles);
  guint     v = 0;
  gsize     t = 0;
  TwinMesh *mesh;

  for (guint r = 0; r <= n_rings; r++)
    {
      float polar = (float) G_PI * (float) r / (float) n_rings;

      for (guint s = 0; s <= n_segments; s++, v++)
        {
          float azimuth = 2.0f * (float) G_PI * (float) s / (float) n_segments;
          float n[3] = { sinf (polar) * cosf (azimuth), sinf (polar) * sinf (azimuth), cosf (polar) };

          for (int k = 0; k < 3; k++)
            {
              normals[3 * v + k] = n[k];
              positions[3 * v + k] = radius_m * n[k] + (k == 2 ? radius_m : 0.0f);
            }
        }
    }
  for (guint r = 0; r < n_rings; r++)
    for (guint s = 0; s < n_segments; s++)
      {
        guint32 a = r * (n_segments + 1) + s;
        guint32 b = a + n_segments + 1;

        indices[t++] = a;
        indices[t++] = b;
        indices[t++] = a + 1;
        indices[t++] = a + 1;
        indices[t++] = b;
        indices[t++] = b + 1;
      }
  mesh = twin_mesh_new_take (positions, normals, n_vertices, indices, n_triangles, &error);
  if (mesh == NULL)
    g_error ("%s", error->message);
  return mesh;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinOffscreen) offscreen = NULL;
  g_autoptr (TwinMesh) mesh = NULL;
  g_autoptr (TwinMeshInfo) info = NULL;
  g_autoptr (TwinMeshCatalog) catalog = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GArray) items = NULL;
  g_autoptr (GArray) renderer_s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) renderer_cpu_s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_cpu_s = g_array_new (FALSE, FALSE, sizeof (double));
  TwinShaderProgram *bare_program;
  TwinMeshBuffer    *bare_buffer;
  TwinRenderer      *renderer;
  TwinPickResult     pick;
  TwinCamera         camera;
  TwinEntity        *part;
  mat4               view_projection;
  vec3               min_m;
  vec3               max_m;
  double             start;
  double             first_frame_s;
  double             pick_s;
  double             renderer_median;
  double             bare_median;

  offscreen = twin_offscreen_new (WIDTH, HEIGHT, 0, &error);
  if (offscreen == NULL)
    {
      g_print ("render: skipped, %s\n", error->message);
      return 0;
    }

  mesh = make_sphere (2.0f);
  catalog = twin_mesh_catalog_new (NULL, &error);
  g_assert_no_error (error);
  info = twin_mesh_catalog_make_info (mesh, "sphere", NULL, TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  if (!twin_mesh_catalog_add (catalog, info, mesh, &error))
    g_error ("%s", error->message);
  root = twin_entity_new (NULL, "system", "Bench");
  {
    g_autoptr (TwinEntity) child = twin_entity_new (NULL, "part", "Sphere");

    twin_entity_set_initial_mesh_id (child, info->id);
    twin_entity_append_child (root, child);
    part = child;
  }
  model = twin_model_new (root);

  renderer = twin_renderer_new (&error);
  g_assert_no_error (error);
  twin_renderer_set_model (renderer, model);
  twin_renderer_set_mesh_catalog (renderer, catalog);
  twin_camera_init (&camera);
  items = twin_render_list_collect (model, catalog, NULL, NULL);
  twin_render_list_compute_bounds (items, NULL, min_m, max_m);
  /* Close enough that the sphere fills most of the height, as when working on a part. */
  twin_camera_fit_bounds (&camera, min_m, max_m, (float) WIDTH / HEIGHT);
  twin_camera_zoom (&camera, 0.8f);
  twin_camera_get_view_projection (&camera, (float) WIDTH / HEIGHT, view_projection);

  bare_program = twin_shader_program_new_from_source ("bare", bare_vertex, bare_fragment, &error);
  g_assert_no_error (error);
  bare_buffer = twin_mesh_buffer_new (mesh);

  start = now_s ();
  twin_renderer_render (renderer, &camera, WIDTH, HEIGHT);
  glFinish ();
  first_frame_s = now_s () - start;

  /* Warm both paths up, then alternate. */
  for (int round = -1; round < ROUNDS; round++)
    {
      for (int f = 0; f < FRAMES_PER_ROUND; f++)
        {
          double frame_start = now_s ();
          double cpu_start = cpu_s ();

          twin_renderer_render (renderer, &camera, WIDTH, HEIGHT);
          glFinish ();
          if (round >= 0)
            {
              double elapsed = now_s () - frame_start;
              double cpu = cpu_s () - cpu_start;

              g_array_append_val (renderer_s, elapsed);
              g_array_append_val (renderer_cpu_s, cpu);
            }
        }
      for (int f = 0; f < FRAMES_PER_ROUND; f++)
        {
          double frame_start = now_s ();
          double cpu_start = cpu_s ();

          glViewport (0, 0, WIDTH, HEIGHT);
          glClearColor (0.2f, 0.22f, 0.25f, 1.0f);
          glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
          glEnable (GL_DEPTH_TEST);
          twin_shader_program_use (bare_program);
          glUniformMatrix4fv (twin_shader_program_get_uniform (bare_program, TWIN_UNIFORM_MODEL), 1, GL_FALSE,
                              (const GLfloat *) view_projection);
          twin_mesh_buffer_draw (bare_buffer);
          glBindVertexArray (0);
          glDisable (GL_DEPTH_TEST);
          glFinish ();
          if (round >= 0)
            {
              double elapsed = now_s () - frame_start;
              double cpu = cpu_s () - cpu_start;

              g_array_append_val (bare_s, elapsed);
              g_array_append_val (bare_cpu_s, cpu);
            }
        }
    }
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);

  start = now_s ();
  twin_picker_pick (model, catalog, NULL, &camera, WIDTH / 2.0f, HEIGHT / 2.0f, WIDTH, HEIGHT, &pick);
  pick_s = now_s () - start;
  if (pick.entity != part)
    g_error ("the pick at the centre of the view missed the sphere");

  renderer_median = median (renderer_s);
  bare_median = median (bare_s);
  g_print ("render: %u triangles at %d × %d (%s): bare GL loop %.1f ms/frame, TwinRenderer %.1f ms/frame, "
           "ratio %.2f (goal ≤ 1.1); CPU time of all threads %.1f and %.1f ms/frame, ratio %.2f; "
           "first frame with upload %.0f ms; pick at the centre %.1f ms\n",
           twin_mesh_get_n_triangles (mesh), WIDTH, HEIGHT, glGetString (GL_RENDERER),
           1000.0 * bare_median, 1000.0 * renderer_median, renderer_median / bare_median,
           1000.0 * median (bare_cpu_s), 1000.0 * median (renderer_cpu_s), median (renderer_cpu_s) / median (bare_cpu_s),
           1000.0 * first_frame_s, 1000.0 * pick_s);

  twin_mesh_buffer_free (bare_buffer);
  twin_shader_program_free (bare_program);
  twin_renderer_free (renderer);
  return 0;
}
