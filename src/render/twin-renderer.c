/* twin-renderer.c: draws a twin (boxes, ground grid, axes) into the current GL framebuffer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer never creates a context or a window: whoever owns the context
 * (a GtkGLArea, an EGL surfaceless test, twinctl) makes it current and binds
 * the framebuffer, then calls twin_renderer_render(). Creating and freeing
 * the renderer need the same context current.
 *
 * One frame, in order: clear; opaque boxes (entities without children);
 * the ground grid on Z = 0; every box's edges; the translucent boxes of
 * entities with children, far to near, so their contents show through; the
 * axes indicator in the bottom-left corner. Boxes are one shared unit cube
 * drawn per entity with its own matrix; the tree is walked every frame,
 * which costs O(entities) and no GPU upload. Only the grid's vertex buffer
 * is rebuilt, and only when the scene's extent asks for another grid.
 */

#define G_LOG_DOMAIN "twin-renderer"

#include "config.h"

#include "twin-renderer.h"

#include "model/twin-entity.h"
#include "mesh/twin-scene-box.h"
#include "twin-shader-program.h"

#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Colours are linear RGBA. */
static const float background_color[4] = { 0.20f, 0.22f, 0.25f, 1.0f };
static const float selected_color[3] = { 1.00f, 0.55f, 0.10f };
static const float grid_minor_color[4] = { 0.30f, 0.32f, 0.36f, 1.0f };
static const float grid_major_color[4] = { 0.40f, 0.42f, 0.47f, 1.0f };
static const float grid_x_axis_color[4] = { 0.75f, 0.30f, 0.30f, 1.0f };
static const float grid_y_axis_color[4] = { 0.35f, 0.65f, 0.35f, 1.0f };
static const float axis_colors[3][3] = {
  { 0.90f, 0.25f, 0.25f },
  { 0.35f, 0.75f, 0.30f },
  { 0.30f, 0.50f, 0.95f },
};

/* Entities get a colour by type, so alike things look alike. */
static const float type_palette[][3] = {
  { 0.55f, 0.70f, 0.85f },
  { 0.60f, 0.80f, 0.60f },
  { 0.85f, 0.78f, 0.55f },
  { 0.78f, 0.62f, 0.80f },
  { 0.55f, 0.80f, 0.78f },
  { 0.80f, 0.80f, 0.80f },
};

/* A container's fill lets its children show through. */
#define CONTAINER_ALPHA 0.08f
#define SELECTED_CONTAINER_ALPHA 0.30f
/* Edges are the fill colour darkened (leaves) or kept (containers). */
#define EDGE_DARKEN 0.45f

/* The key light, towards the sun: above, to the front right. */
static const float light_direction[3] = { 0.35f, -0.55f, 0.75f };

/* The axes indicator: a square in the bottom-left corner, device pixels. */
#define AXES_FRACTION 0.22f
#define AXES_MIN_PX 64
#define AXES_MAX_PX 128
#define AXES_MARGIN_PX 8
#define AXES_BAR_WIDTH 0.09f
#define AXES_VIEW_HALF 1.25f

/* The grid aims at between 5 and 50 lines on each side of the origin. */
#define GRID_MAX_LINES_PER_SIDE 50.0f
#define GRID_MAJOR_EVERY 10
#define GRID_MIN_HALF_SIZE_M 5.0f

/* Interleaved vertices of the unit cube: position (3), normal (3). */
#define CUBE_N_VERTICES 36
#define EDGES_N_VERTICES 24

struct _TwinRenderer
{
  /* Owned references */
  TwinModel         *model;
  char              *selected_id;
  TwinShaderProgram *shaded;
  TwinShaderProgram *line;

  /* GL objects, owned; deleted with the context current */
  GLuint             cube_vao;
  GLuint             cube_vbo;
  GLuint             edges_vao;
  GLuint             edges_vbo;
  GLuint             grid_vao;
  GLuint             grid_vbo;

  /* State */
  GLsizei            grid_n_vertices;
  float              grid_spacing_m;
  float              grid_half_size_m;
  gboolean           show_grid;
};

typedef struct
{
  guint index;   /* into the boxes array */
  float depth_m; /* eye-space z of the box's centre: more negative is farther */
} DepthEntry;

G_DEFINE_QUARK (twin_renderer_error_quark, twin_renderer_error)

static void
build_cube (float vertices[CUBE_N_VERTICES * 6])
{
  /* Each face: its normal and two tangents; corners go counter-clockwise seen from outside. */
  static const float faces[6][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { -1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
    { { 0, 1, 0 }, { 0, 0, 1 }, { 1, 0, 0 } },
    { { 0, -1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } },
    { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } },
    { { 0, 0, -1 }, { 0, 1, 0 }, { 1, 0, 0 } },
  };
  static const float corners[6][2] = {
    { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, -1 }, { 1, 1 }, { -1, 1 }
  };
  int f;
  int v;
  int n = 0;

  for (f = 0; f < 6; f++)
    for (v = 0; v < 6; v++)
      {
        int k;

        for (k = 0; k < 3; k++)
          vertices[n++] = 0.5f * (faces[f][0][k] + corners[v][0] * faces[f][1][k] + corners[v][1] * faces[f][2][k]);
        for (k = 0; k < 3; k++)
          vertices[n++] = faces[f][0][k];
      }
}

static void
build_edges (float vertices[EDGES_N_VERTICES * 3])
{
  int n = 0;
  int axis;
  int a;
  int b;

  /* Four edges along each axis, at the four combinations of the other two. */
  for (axis = 0; axis < 3; axis++)
    for (a = 0; a < 2; a++)
      for (b = 0; b < 2; b++)
        {
          int end;

          for (end = 0; end < 2; end++)
            {
              float p[3];

              p[axis] = end ? 0.5f : -0.5f;
              p[(axis + 1) % 3] = a ? 0.5f : -0.5f;
              p[(axis + 2) % 3] = b ? 0.5f : -0.5f;
              vertices[n++] = p[0];
              vertices[n++] = p[1];
              vertices[n++] = p[2];
            }
        }
}

static void
append_grid_line (GArray     *vertices,
                  const float from[3],
                  const float to[3],
                  const float color[4])
{
  g_array_append_vals (vertices, from, 3);
  g_array_append_vals (vertices, color, 4);
  g_array_append_vals (vertices, to, 3);
  g_array_append_vals (vertices, color, 4);
}

/* Rebuilds the grid's vertex buffer if the scene now asks for another size or spacing. */
static void
update_grid (TwinRenderer *self,
             float         extent_m)
{
  g_autoptr (GArray) vertices = NULL;
  float half_size_m = MAX (GRID_MIN_HALF_SIZE_M, 1.5f * extent_m + 5.0f);
  float spacing_m = powf (10.0f, ceilf (log10f (half_size_m / GRID_MAX_LINES_PER_SIDE)));
  int   n_lines;
  int   i;

  n_lines = (int) ceilf (half_size_m / (spacing_m * GRID_MAJOR_EVERY)) * GRID_MAJOR_EVERY;
  half_size_m = (float) n_lines * spacing_m;
  if (self->grid_n_vertices > 0 && half_size_m == self->grid_half_size_m && spacing_m == self->grid_spacing_m)
    return;

  vertices = g_array_sized_new (FALSE, FALSE, sizeof (float), (guint) (2 * (2 * n_lines + 1) * 2 * 7));
  for (i = -n_lines; i <= n_lines; i++)
    {
      float        c = (float) i * spacing_m;
      const float *color = (i % GRID_MAJOR_EVERY == 0) ? grid_major_color : grid_minor_color;
      float        along_x_from[3] = { -half_size_m, c, 0.0f };
      float        along_x_to[3] = { half_size_m, c, 0.0f };
      float        along_y_from[3] = { c, -half_size_m, 0.0f };
      float        along_y_to[3] = { c, half_size_m, 0.0f };

      /* The lines through the origin are the X axis (red) and the Y axis (green). */
      append_grid_line (vertices, along_x_from, along_x_to, i == 0 ? grid_x_axis_color : color);
      append_grid_line (vertices, along_y_from, along_y_to, i == 0 ? grid_y_axis_color : color);
    }

  glBindBuffer (GL_ARRAY_BUFFER, self->grid_vbo);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) (vertices->len * sizeof (float)), vertices->data, GL_STATIC_DRAW);
  glBindBuffer (GL_ARRAY_BUFFER, 0);

  self->grid_n_vertices = (GLsizei) (vertices->len / 7);
  self->grid_spacing_m = spacing_m;
  self->grid_half_size_m = half_size_m;
}

static void
set_model_matrix (TwinShaderProgram *program,
                  mat4               model)
{
  GLint normal_location = twin_shader_program_get_uniform (program, TWIN_UNIFORM_NORMAL_MATRIX);

  glUniformMatrix4fv (twin_shader_program_get_uniform (program, TWIN_UNIFORM_MODEL), 1, GL_FALSE, (const GLfloat *) model);
  if (normal_location >= 0)
    {
      mat3 normal;

      glm_mat4_pick3 (model, normal);
      /* A box squashed flat to nothing has no inverse; its normals stay as they are. */
      if (fabsf (glm_mat3_det (normal)) > 1e-12f)
        {
          glm_mat3_inv (normal, normal);
          glm_mat3_transpose (normal);
        }
      else
        glm_mat3_identity (normal);
      glUniformMatrix3fv (normal_location, 1, GL_FALSE, (const GLfloat *) normal);
    }
}

static void
set_color (TwinShaderProgram *program,
           const float        rgb[3],
           float              alpha)
{
  glUniform4f (twin_shader_program_get_uniform (program, TWIN_UNIFORM_COLOR), rgb[0], rgb[1], rgb[2], alpha);
}

static gboolean
is_selected (TwinRenderer *self,
             TwinEntity   *entity)
{
  return self->selected_id != NULL && g_strcmp0 (self->selected_id, twin_entity_get_id (entity)) == 0;
}

static void
get_fill_color (TwinRenderer       *self,
                const TwinSceneBox *box,
                float               rgba[4])
{
  twin_renderer_get_box_color (self, box->entity, rgba);
  if (box->is_container)
    rgba[3] = is_selected (self, box->entity) ? SELECTED_CONTAINER_ALPHA : CONTAINER_ALPHA;
}

static void
draw_boxes (TwinRenderer *self,
            GArray       *boxes,
            gboolean      containers)
{
  guint i;

  for (i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);
      float         rgba[4];

      if (box->is_container != containers)
        continue;
      get_fill_color (self, box, rgba);
      set_model_matrix (self->shaded, box->box);
      set_color (self->shaded, rgba, rgba[3]);
      glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
    }
}

static int
compare_depth (gconstpointer a,
               gconstpointer b)
{
  const DepthEntry *da = a;
  const DepthEntry *db = b;

  /* Farthest (most negative eye-space z) first. */
  return (da->depth_m > db->depth_m) - (da->depth_m < db->depth_m);
}

static void
draw_containers_far_to_near (TwinRenderer *self,
                             GArray       *boxes,
                             mat4          view)
{
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (DepthEntry));
  guint i;

  for (i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);
      DepthEntry    entry = { i, 0.0f };
      vec3          centre;
      vec3          eye;

      if (!box->is_container)
        continue;
      glm_mat4_mulv3 (box->box, (vec3){ 0.0f, 0.0f, 0.0f }, 1.0f, centre);
      glm_mat4_mulv3 (view, centre, 1.0f, eye);
      entry.depth_m = eye[2];
      g_array_append_val (order, entry);
    }
  g_array_sort (order, compare_depth);

  for (i = 0; i < order->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, g_array_index (order, DepthEntry, i).index);
      float         rgba[4];

      get_fill_color (self, box, rgba);
      set_model_matrix (self->shaded, box->box);
      set_color (self->shaded, rgba, rgba[3]);
      /* A mirroring transform turns the cube's counter-clockwise front faces clockwise. */
      glFrontFace (glm_mat4_det (box->box) < 0.0f ? GL_CW : GL_CCW);
      glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
    }
  glFrontFace (GL_CCW);
}

static void
draw_edges (TwinRenderer *self,
            GArray       *boxes)
{
  guint i;

  for (i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);
      float         rgba[4];
      float         rgb[3];
      float         factor;

      twin_renderer_get_box_color (self, box->entity, rgba);
      factor = box->is_container ? 1.0f : EDGE_DARKEN;
      rgb[0] = rgba[0] * factor;
      rgb[1] = rgba[1] * factor;
      rgb[2] = rgba[2] * factor;
      set_model_matrix (self->line, box->box);
      set_color (self->line, rgb, box->is_container ? 0.9f : 1.0f);
      glDrawArrays (GL_LINES, 0, EDGES_N_VERTICES);
    }
}

static void
draw_grid (TwinRenderer *self,
           mat4          view_projection)
{
  static const float white[3] = { 1.0f, 1.0f, 1.0f };
  mat4               identity;

  glm_mat4_identity (identity);
  twin_shader_program_use (self->line);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  set_model_matrix (self->line, identity);
  set_color (self->line, white, 1.0f);
  glUniform3f (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_FADE_ORIGIN), 0.0f, 0.0f, 0.0f);
  glUniform1f (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_FADE_RADIUS), self->grid_half_size_m);
  glBindVertexArray (self->grid_vao);
  glDrawArrays (GL_LINES, 0, self->grid_n_vertices);
}

/* The axes indicator: three bars along X, Y and Z, turned like the scene, in a corner square. */
static void
draw_axes (TwinRenderer     *self,
           const TwinCamera *camera,
           int               width,
           int               height)
{
  static const float origin_color[3] = { 0.75f, 0.75f, 0.75f };
  TwinCamera         axes_camera = *camera;
  mat4               view;
  mat4               projection;
  mat4               view_projection;
  mat4               model;
  int                size_px;
  int                axis;

  size_px = (int) (AXES_FRACTION * (float) MIN (width, height));
  size_px = CLAMP (size_px, AXES_MIN_PX, AXES_MAX_PX);
  if (size_px + AXES_MARGIN_PX > width || size_px + AXES_MARGIN_PX > height)
    return;

  /* The same turn as the scene's camera, seen from a fixed distance without perspective. */
  glm_vec3_zero (axes_camera.target_m);
  axes_camera.distance_m = 5.0f;
  twin_camera_get_view (&axes_camera, view);
  glm_ortho (-AXES_VIEW_HALF, AXES_VIEW_HALF, -AXES_VIEW_HALF, AXES_VIEW_HALF, 0.1f, 10.0f, projection);
  glm_mat4_mul (projection, view, view_projection);

  glViewport (AXES_MARGIN_PX, AXES_MARGIN_PX, size_px, size_px);
  glEnable (GL_SCISSOR_TEST);
  glScissor (AXES_MARGIN_PX, AXES_MARGIN_PX, size_px, size_px);
  glClear (GL_DEPTH_BUFFER_BIT);
  glDisable (GL_SCISSOR_TEST);

  twin_shader_program_use (self->shaded);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glBindVertexArray (self->cube_vao);

  for (axis = 0; axis < 3; axis++)
    {
      vec3 offset = { 0.0f, 0.0f, 0.0f };
      vec3 scale = { AXES_BAR_WIDTH, AXES_BAR_WIDTH, AXES_BAR_WIDTH };

      offset[axis] = 0.5f;
      scale[axis] = 1.0f;
      glm_translate_make (model, offset);
      glm_scale (model, scale);
      set_model_matrix (self->shaded, model);
      set_color (self->shaded, axis_colors[axis], 1.0f);
      glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
    }

  glm_scale_make (model, (vec3){ 2.0f * AXES_BAR_WIDTH, 2.0f * AXES_BAR_WIDTH, 2.0f * AXES_BAR_WIDTH });
  set_model_matrix (self->shaded, model);
  set_color (self->shaded, origin_color, 1.0f);
  glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
}

/**
 * twin_renderer_get_background_color:
 * @rgba: (out caller-allocates): the colour the view is cleared to, linear RGBA
 */
void
twin_renderer_get_background_color (float rgba[4])
{
  g_return_if_fail (rgba != NULL);

  memcpy (rgba, background_color, sizeof background_color);
}

/**
 * twin_renderer_get_type_color:
 * @type_name: (nullable): an entity type's name
 * @rgba: (out caller-allocates): the base colour of that type's boxes, linear RGBA
 *
 * Entities of one type share a colour, picked from a small palette by the
 * type's name, so alike things look alike. No GL needed.
 */
void
twin_renderer_get_type_color (const char *type_name,
                              float       rgba[4])
{
  const float *rgb;

  g_return_if_fail (rgba != NULL);

  rgb = type_palette[g_str_hash (type_name != NULL ? type_name : "") % G_N_ELEMENTS (type_palette)];
  rgba[0] = rgb[0];
  rgba[1] = rgb[1];
  rgba[2] = rgb[2];
  rgba[3] = 1.0f;
}

/**
 * twin_renderer_new:
 * @error: return location for a #TWIN_RENDERER_ERROR or #TWIN_SHADER_ERROR
 *
 * Builds the shader programs and the shared meshes. The GL context to draw
 * with must be current, and be desktop OpenGL 3.3 or newer.
 *
 * Returns: (transfer full) (nullable): a renderer, or %NULL with @error set
 */
TwinRenderer *
twin_renderer_new (GError **error)
{
  g_autoptr (TwinRenderer) self = NULL;
  float cube[CUBE_N_VERTICES * 6];
  float edges[EDGES_N_VERTICES * 3];
  int   version;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  version = epoxy_gl_version ();
  if (!epoxy_is_desktop_gl () || version < 33)
    {
      g_set_error (error, TWIN_RENDERER_ERROR, TWIN_RENDERER_ERROR_UNSUPPORTED,
                   _ ("The 3D view needs desktop OpenGL 3.3 or newer, and this driver offers %s %d.%d."),
                   epoxy_is_desktop_gl () ? "OpenGL" : "OpenGL ES",
                   version / 10, version % 10);
      return NULL;
    }

  self = g_new0 (TwinRenderer, 1);
  self->show_grid = TRUE;

  self->shaded = twin_shader_program_new ("shaded", error);
  if (self->shaded == NULL)
    return NULL;
  self->line = twin_shader_program_new ("line", error);
  if (self->line == NULL)
    return NULL;

  build_cube (cube);
  glGenVertexArrays (1, &self->cube_vao);
  glGenBuffers (1, &self->cube_vbo);
  glBindVertexArray (self->cube_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->cube_vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof cube, cube, GL_STATIC_DRAW);
  glEnableVertexAttribArray (TWIN_ATTRIB_POSITION);
  glVertexAttribPointer (TWIN_ATTRIB_POSITION, 3, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (const void *) 0);
  glEnableVertexAttribArray (TWIN_ATTRIB_NORMAL);
  glVertexAttribPointer (TWIN_ATTRIB_NORMAL, 3, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (const void *) (3 * sizeof (float)));

  /* Edges have no colour array: the line shader's colour attribute takes its constant value. */
  build_edges (edges);
  glGenVertexArrays (1, &self->edges_vao);
  glGenBuffers (1, &self->edges_vbo);
  glBindVertexArray (self->edges_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->edges_vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof edges, edges, GL_STATIC_DRAW);
  glEnableVertexAttribArray (TWIN_ATTRIB_POSITION);
  glVertexAttribPointer (TWIN_ATTRIB_POSITION, 3, GL_FLOAT, GL_FALSE, 3 * sizeof (float), (const void *) 0);

  glGenVertexArrays (1, &self->grid_vao);
  glGenBuffers (1, &self->grid_vbo);
  glBindVertexArray (self->grid_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->grid_vbo);
  glEnableVertexAttribArray (TWIN_ATTRIB_POSITION);
  glVertexAttribPointer (TWIN_ATTRIB_POSITION, 3, GL_FLOAT, GL_FALSE, 7 * sizeof (float), (const void *) 0);
  glEnableVertexAttribArray (TWIN_ATTRIB_COLOR);
  glVertexAttribPointer (TWIN_ATTRIB_COLOR, 4, GL_FLOAT, GL_FALSE, 7 * sizeof (float), (const void *) (3 * sizeof (float)));

  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);

  return g_steal_pointer (&self);
}

/**
 * twin_renderer_free:
 *
 * Deletes the renderer's GL objects and frees it. The context it was created
 * with must be current.
 */
void
twin_renderer_free (TwinRenderer *self)
{
  if (self == NULL)
    return;

  if (self->grid_vbo != 0)
    glDeleteBuffers (1, &self->grid_vbo);
  if (self->grid_vao != 0)
    glDeleteVertexArrays (1, &self->grid_vao);
  if (self->edges_vbo != 0)
    glDeleteBuffers (1, &self->edges_vbo);
  if (self->edges_vao != 0)
    glDeleteVertexArrays (1, &self->edges_vao);
  if (self->cube_vbo != 0)
    glDeleteBuffers (1, &self->cube_vbo);
  if (self->cube_vao != 0)
    glDeleteVertexArrays (1, &self->cube_vao);
  g_clear_pointer (&self->line, twin_shader_program_free);
  g_clear_pointer (&self->shaded, twin_shader_program_free);
  g_clear_object (&self->model);
  g_clear_pointer (&self->selected_id, g_free);
  g_free (self);
}

/**
 * twin_renderer_set_model:
 * @model: (nullable): the twin to draw; %NULL draws only the grid and axes
 *
 * The renderer keeps a reference and reads the model on every frame, so an
 * edit shows on the next twin_renderer_render() without telling it.
 */
void
twin_renderer_set_model (TwinRenderer *self,
                         TwinModel    *model)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (model == NULL || TWIN_IS_MODEL (model));

  g_set_object (&self->model, model);
}

/**
 * twin_renderer_get_model:
 *
 * Returns: (transfer none) (nullable): the model being drawn
 */
TwinModel *
twin_renderer_get_model (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

/**
 * twin_renderer_set_selected:
 * @entity_id: (nullable): the id of the entity to highlight, or %NULL for none
 *
 * An id that is not in the model highlights nothing.
 */
void
twin_renderer_set_selected (TwinRenderer *self,
                            const char   *entity_id)
{
  g_return_if_fail (self != NULL);

  if (g_strcmp0 (self->selected_id, entity_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (entity_id);
}

/**
 * twin_renderer_get_selected:
 *
 * Returns: (nullable): the id of the highlighted entity
 */
const char *
twin_renderer_get_selected (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->selected_id;
}

/**
 * twin_renderer_set_show_grid:
 * @show_grid: whether to draw the ground grid
 */
void
twin_renderer_set_show_grid (TwinRenderer *self,
                             gboolean      show_grid)
{
  g_return_if_fail (self != NULL);

  self->show_grid = !!show_grid;
}

gboolean
twin_renderer_get_show_grid (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->show_grid;
}

/**
 * twin_renderer_get_box_color:
 * @entity: an entity
 * @rgba: (out caller-allocates): the base colour of its box, linear RGBA
 *   (opaque): the highlight if it is the selected entity, else a colour
 *   chosen by its type. Lighting only scales the RGB part, never the hue.
 */
void
twin_renderer_get_box_color (TwinRenderer *self,
                             TwinEntity   *entity,
                             float         rgba[4])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TWIN_IS_ENTITY (entity));
  g_return_if_fail (rgba != NULL);

  if (!is_selected (self, entity))
    {
      twin_renderer_get_type_color (twin_entity_get_type_name (entity), rgba);
      return;
    }
  rgba[0] = selected_color[0];
  rgba[1] = selected_color[1];
  rgba[2] = selected_color[2];
  rgba[3] = 1.0f;
}

/**
 * twin_renderer_render:
 * @camera: the view
 * @width: the framebuffer's width, device pixels
 * @height: the framebuffer's height, device pixels
 *
 * Draws one frame of the model into the framebuffer that is bound now, which
 * must have a depth buffer. Leaves the GL state as GL's defaults, except the
 * viewport.
 */
void
twin_renderer_render (TwinRenderer     *self,
                      const TwinCamera *camera,
                      int               width,
                      int               height)
{
  g_autoptr (GArray) boxes = NULL;
  mat4  view;
  mat4  projection;
  mat4  view_projection;
  vec3  min_m;
  vec3  max_m;
  vec3  light;
  float aspect;
  float extent_m = 0.0f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera != NULL);

  if (width <= 0 || height <= 0)
    return;

  aspect = (float) width / (float) height;
  twin_camera_get_view (camera, view);
  twin_camera_get_projection (camera, aspect, projection);
  glm_mat4_mul (projection, view, view_projection);

  if (self->model != NULL)
    boxes = twin_scene_box_collect (self->model);
  else
    boxes = g_array_new (FALSE, FALSE, sizeof (TwinSceneBox));
  if (twin_scene_box_compute_bounds (boxes, min_m, max_m))
    extent_m = MAX (MAX (fabsf (min_m[0]), fabsf (max_m[0])), MAX (fabsf (min_m[1]), fabsf (max_m[1])));

  glViewport (0, 0, width, height);
  glClearColor (background_color[0], background_color[1], background_color[2], background_color[3]);
  glClearDepth (1.0);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  /* Blend colour by alpha but keep the framebuffer opaque, so a compositor (GTK) never sees through it. */
  glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  /* Opaque boxes, pushed back a little so their edges win the depth test. */
  glm_vec3_copy ((float *) light_direction, light);
  glm_vec3_normalize (light);
  twin_shader_program_use (self->shaded);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glUniform3f (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_LIGHT_DIRECTION), light[0], light[1], light[2]);
  glBindVertexArray (self->cube_vao);
  glEnable (GL_POLYGON_OFFSET_FILL);
  glPolygonOffset (1.0f, 1.0f);
  draw_boxes (self, boxes, FALSE);

  /* Lines and translucent fills blend and do not hide what is drawn after them. */
  glEnable (GL_BLEND);
  glDepthMask (GL_FALSE);
  if (self->show_grid)
    {
      update_grid (self, extent_m);
      draw_grid (self, view_projection);
    }

  glBindVertexArray (self->edges_vao);
  glVertexAttrib4f (TWIN_ATTRIB_COLOR, 1.0f, 1.0f, 1.0f, 1.0f);
  twin_shader_program_use (self->line);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glUniform1f (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_FADE_RADIUS), 0.0f);
  draw_edges (self, boxes);

  /* Only the near faces of a container, so nested ones do not pile up into fog. */
  twin_shader_program_use (self->shaded);
  glBindVertexArray (self->cube_vao);
  glEnable (GL_CULL_FACE);
  draw_containers_far_to_near (self, boxes, view);
  glDisable (GL_CULL_FACE);

  glDepthMask (GL_TRUE);
  glDisable (GL_BLEND);
  glDisable (GL_POLYGON_OFFSET_FILL);
  draw_axes (self, camera, width, height);

  glBindVertexArray (0);
  glUseProgram (0);
  glDisable (GL_DEPTH_TEST);
  glViewport (0, 0, width, height);
}
