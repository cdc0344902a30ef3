/* twin-renderer.c: draws a twin (meshes, boxes, ground grid, axes) into the current GL framebuffer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer never creates a context or a window: whoever owns the context
 * (a GtkGLArea, an EGL surfaceless test, twinctl) makes it current and binds
 * the framebuffer, then calls twin_renderer_render(). Creating and freeing
 * the renderer need the same context current.
 *
 * What is drawn comes from twin_render_list_collect() every frame: an entity
 * whose mesh id resolves in the mesh catalog is its mesh, others are boxes;
 * hidden and isolated entities are left out (TwinViewState). Each mesh is
 * uploaded once into a TwinMeshBuffer, cached by mesh id (ids are derived
 * from the geometry, so a cached buffer is never stale); buffers no longer
 * drawn are dropped on the first frame after the model or the catalog
 * changes. Boxes are one shared unit cube drawn per entity with its matrix.
 *
 * One frame, in order: clear; opaque items (leaf boxes and meshes at full
 * opacity); the ground grid on Z = 0; box edges; the see-through items far
 * to near (container boxes, entities made transparent, everything in
 * X-ray), with depth writes off; the selection outline; the axes indicator
 * in the bottom-left corner.
 *
 * Colours: an entity's type colour; or, colouring by value, its value's
 * colour on the map (grey without a value). The framebuffer has no sRGB
 * encoding and the type palette is written as is, so map colours are
 * encoded to sRGB before use: a value then shows on screen in the colour
 * the legend (GTK, sRGB) shows for it. The selected entity's box wears the
 * highlight colour, the rest of its subtree a tint of it (no tint while
 * colouring by value, which must stay readable), and the whole selection
 * gets an outline: its silhouette is drawn into a mask texture as big as
 * the view, and a full-view pass paints the pixels just outside it.
 */

#define G_LOG_DOMAIN "twin-renderer"

#include "config.h"

#include "twin-renderer.h"

#include "mesh/twin-color-map.h"
#include "mesh/twin-scene-box.h"
#include "mesh/twin-scene-palette.h"
#include "model/twin-entity.h"
#include "twin-mesh-buffer.h"
#include "twin-render-list.h"
#include "twin-shader-program.h"

#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Colours are RGBA as written to the framebuffer. */
static const float background_color[4] = { 0.20f, 0.22f, 0.25f, 1.0f };
static const float selected_color[3] = { 1.00f, 0.55f, 0.10f };
static const float outline_color[4] = { 1.00f, 0.62f, 0.15f, 1.0f };
static const float grid_minor_color[4] = { 0.30f, 0.32f, 0.36f, 1.0f };
static const float grid_major_color[4] = { 0.40f, 0.42f, 0.47f, 1.0f };
static const float grid_x_axis_color[4] = { 0.75f, 0.30f, 0.30f, 1.0f };
static const float grid_y_axis_color[4] = { 0.35f, 0.65f, 0.35f, 1.0f };
static const float axis_colors[3][3] = {
  { 0.90f, 0.25f, 0.25f },
  { 0.35f, 0.75f, 0.30f },
  { 0.30f, 0.50f, 0.95f },
};

/* A container's fill lets its children show through. */
#define CONTAINER_ALPHA 0.08f
#define SELECTED_CONTAINER_ALPHA 0.30f
/* Edges are the fill colour darkened (leaves) or kept (containers). */
#define EDGE_DARKEN 0.45f
/* How far the selected subtree's colours move towards the highlight. */
#define SELECTION_TINT 0.55f
/* The selection outline's width, device pixels. */
#define OUTLINE_WIDTH_PX 2.0f

/* The key light, towards the sun: above, to the front right; the fill comes from the back left. */
static const float light_direction[3] = { 0.35f, -0.55f, 0.75f };
static const float fill_direction[3] = { -0.55f, 0.45f, 0.25f };

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

typedef struct
{
  TwinMeshBuffer *buffer;
  gboolean        used; /* drawn since the last prune */
} CachedBuffer;

struct _TwinRenderer
{
  /* Owned references */
  TwinModel         *model;
  TwinMeshCatalog   *catalog;
  TwinViewState     *view_state;
  TwinColorBy       *color_by;
  char              *selected_id;
  TwinShaderProgram *shaded;
  TwinShaderProgram *line;
  TwinShaderProgram *outline;
  GHashTable        *buffers;         /* mesh id → CachedBuffer */
  GHashTable        *failed_mesh_ids; /* set of mesh ids that cannot be read or uploaded */

  /* GL objects, owned; deleted with the context current */
  GLuint             cube_vao;
  GLuint             cube_vbo;
  GLuint             edges_vao;
  GLuint             edges_vbo;
  GLuint             grid_vao;
  GLuint             grid_vbo;
  GLuint             empty_vao; /* for the attribute-less full-view pass */
  GLuint             mask_framebuffer;
  GLuint             mask_texture;

  /* State */
  GLsizei            grid_n_vertices;
  float              grid_spacing_m;
  float              grid_half_size_m;
  int                mask_width;
  int                mask_height;
  gboolean           show_grid;
  gboolean           prune_buffers;
};

/* What one frame knows about each item, beside the render list. */
typedef struct
{
  float    rgba[4]; /* fill colour before lighting; alpha includes opacity */
  float    edge_rgba[4];
  gboolean see_through; /* drawn in the blended pass */
  gboolean selected;    /* the selected entity or inside it: outlined */
} ItemLook;

typedef struct
{
  guint index;   /* into the items array */
  float depth_m; /* eye-space z of the item's centre: more negative is farther */
} DepthEntry;

/* The state of one frame's colouring. */
typedef struct
{
  TwinEntity *selected;
  gboolean    color_by_value;
  double      minimum;
  double      maximum;
} Colouring;

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

/* A mirroring transform turns counter-clockwise front faces clockwise. */
static void
set_front_face (mat4 model)
{
  glFrontFace (glm_mat4_det (model) < 0.0f ? GL_CW : GL_CCW);
}

static void
free_cached_buffer (gpointer data)
{
  CachedBuffer *cached = data;

  twin_mesh_buffer_free (cached->buffer);
  g_free (cached);
}

static void
get_colouring (TwinRenderer *self,
               Colouring    *colouring)
{
  colouring->selected = (self->model != NULL && self->selected_id != NULL)
                          ? twin_model_lookup (self->model, self->selected_id)
                          : NULL;
  colouring->color_by_value = self->color_by != NULL && self->model != NULL &&
                              twin_color_by_get_range (self->color_by, self->model,
                                                       &colouring->minimum, &colouring->maximum);
  /* Automatic range with no value anywhere: everything is "no value". */
  if (self->color_by != NULL && self->model != NULL && !colouring->color_by_value)
    {
      colouring->color_by_value = TRUE;
      colouring->minimum = 0.0;
      colouring->maximum = 1.0;
    }
}

static gboolean
is_in_selection (const Colouring *colouring,
                 TwinEntity      *entity)
{
  return colouring->selected != NULL &&
         (entity == colouring->selected || twin_entity_is_ancestor_of (colouring->selected, entity));
}

/* The colour an entity is drawn in before lighting, opaque. */
static void
get_base_color (TwinRenderer    *self,
                const Colouring *colouring,
                TwinEntity      *entity,
                gboolean         drawn_as_box,
                float            rgba[4])
{
  rgba[3] = 1.0f;
  if (colouring->color_by_value)
    {
      if (!twin_color_by_get_color (self->color_by, entity, colouring->minimum, colouring->maximum, rgba))
        twin_color_by_get_no_value_color (rgba);
      for (int k = 0; k < 3; k++)
        rgba[k] = twin_color_linear_to_srgb (rgba[k]);
      return;
    }

  twin_renderer_get_type_color (twin_entity_get_type_name (entity), rgba);
  if (entity == colouring->selected && drawn_as_box)
    memcpy (rgba, selected_color, sizeof selected_color);
  else if (is_in_selection (colouring, entity))
    for (int k = 0; k < 3; k++)
      rgba[k] += SELECTION_TINT * (selected_color[k] - rgba[k]);
}

static void
get_look (TwinRenderer         *self,
          const Colouring      *colouring,
          const TwinRenderItem *item,
          ItemLook             *look)
{
  gboolean glass = item->mesh == NULL && item->is_container;
  float    factor;

  look->selected = is_in_selection (colouring, item->entity);
  get_base_color (self, colouring, item->entity, item->mesh == NULL, look->rgba);

  factor = glass ? 1.0f : EDGE_DARKEN;
  for (int k = 0; k < 3; k++)
    look->edge_rgba[k] = look->rgba[k] * factor;
  look->edge_rgba[3] = (glass ? 0.9f : 1.0f) * item->opacity;

  if (glass)
    look->rgba[3] = (item->entity == colouring->selected ? SELECTED_CONTAINER_ALPHA : CONTAINER_ALPHA) * item->opacity;
  else
    look->rgba[3] = item->opacity;
  look->see_through = glass || item->opacity < 1.0f;
}

/* The item's GPU buffer, uploaded on first use; NULL (drawn as a box) if the upload failed. */
static TwinMeshBuffer *
get_buffer (TwinRenderer         *self,
            const TwinRenderItem *item)
{
  CachedBuffer *cached = g_hash_table_lookup (self->buffers, item->mesh_id);
  GLenum        status;

  if (cached == NULL)
    {
      while (glGetError () != GL_NO_ERROR)
        ;
      cached = g_new0 (CachedBuffer, 1);
      cached->buffer = twin_mesh_buffer_new (item->mesh);
      status = glGetError ();
      if (status != GL_NO_ERROR)
        {
          g_debug ("Mesh %s could not be uploaded (GL error 0x%x); it is drawn as a box", item->mesh_id, status);
          free_cached_buffer (cached);
          g_hash_table_add (self->failed_mesh_ids, g_strdup (item->mesh_id));
          return NULL;
        }
      g_hash_table_insert (self->buffers, g_strdup (item->mesh_id), cached);
    }
  cached->used = TRUE;
  return cached->buffer;
}

/* Draws one item's fill with the shaded program in use. */
static void
draw_item (TwinRenderer         *self,
           const TwinRenderItem *item,
           const ItemLook       *look)
{
  TwinMeshBuffer *buffer = item->mesh != NULL ? get_buffer (self, item) : NULL;

  set_model_matrix (self->shaded, (vec4 *) item->to_world);
  set_color (self->shaded, look->rgba, look->rgba[3]);
  set_front_face ((vec4 *) item->to_world);
  if (buffer != NULL)
    {
      /* Meshes have no edges to keep in front of them: no polygon offset, which costs per triangle. */
      glDisable (GL_POLYGON_OFFSET_FILL);
      twin_mesh_buffer_draw (buffer);
      glEnable (GL_POLYGON_OFFSET_FILL);
    }
  else if (item->mesh == NULL)
    {
      glBindVertexArray (self->cube_vao);
      glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
    }
}

static void
draw_opaque (TwinRenderer *self,
             GArray       *items,
             ItemLook     *looks)
{
  for (guint i = 0; i < items->len; i++)
    if (!looks[i].see_through)
      draw_item (self, &g_array_index (items, TwinRenderItem, i), &looks[i]);
  glFrontFace (GL_CCW);
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

/* See-through items far to near; boxes show only their near faces, so nested ones do not pile up into fog. */
static void
draw_see_through (TwinRenderer *self,
                  GArray       *items,
                  ItemLook     *looks,
                  mat4          view)
{
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (DepthEntry));

  for (guint i = 0; i < items->len; i++)
    {
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);
      DepthEntry      entry = { i, 0.0f };
      vec3            centre;
      vec3            eye;

      if (!looks[i].see_through)
        continue;
      glm_vec3_center (item->min_m, item->max_m, centre);
      glm_mat4_mulv3 (view, centre, 1.0f, eye);
      entry.depth_m = eye[2];
      g_array_append_val (order, entry);
    }
  g_array_sort (order, compare_depth);

  for (guint i = 0; i < order->len; i++)
    {
      guint           index = g_array_index (order, DepthEntry, i).index;
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, index);

      /* CAD shells may be open: a see-through mesh shows both sides. */
      if (item->mesh != NULL)
        glDisable (GL_CULL_FACE);
      else
        glEnable (GL_CULL_FACE);
      draw_item (self, item, &looks[index]);
    }
  glDisable (GL_CULL_FACE);
  glFrontFace (GL_CCW);
}

static void
draw_edges (TwinRenderer *self,
            GArray       *items,
            ItemLook     *looks)
{
  for (guint i = 0; i < items->len; i++)
    {
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);

      if (item->mesh != NULL)
        continue;
      set_model_matrix (self->line, item->to_world);
      set_color (self->line, looks[i].edge_rgba, looks[i].edge_rgba[3]);
      glDrawArrays (GL_LINES, 0, EDGES_N_VERTICES);
    }
}

/* The pixel rectangle (x0, y0, x1, y1) the selection may cover, or FALSE when it reaches behind the eye. */
static gboolean
get_selection_rect (GArray           *items,
                    ItemLook         *looks,
                    const TwinCamera *camera,
                    int               width,
                    int               height,
                    int               rect[4])
{
  float aspect = (float) width / (float) height;
  float lo[2] = { G_MAXFLOAT, G_MAXFLOAT };
  float hi[2] = { -G_MAXFLOAT, -G_MAXFLOAT };

  for (guint i = 0; i < items->len; i++)
    {
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);

      if (!looks[i].selected)
        continue;
      for (int corner = 0; corner < 8; corner++)
        {
          vec3 point = {
            (corner & 1) ? item->max_m[0] : item->min_m[0],
            (corner & 2) ? item->max_m[1] : item->min_m[1],
            (corner & 4) ? item->max_m[2] : item->min_m[2],
          };
          vec3 ndc;

          if (!twin_camera_project (camera, aspect, point, ndc))
            return FALSE;
          lo[0] = MIN (lo[0], ndc[0]);
          lo[1] = MIN (lo[1], ndc[1]);
          hi[0] = MAX (hi[0], ndc[0]);
          hi[1] = MAX (hi[1], ndc[1]);
        }
    }
  rect[0] = (int) floorf ((lo[0] + 1.0f) / 2.0f * (float) width - OUTLINE_WIDTH_PX - 1.0f);
  rect[1] = (int) floorf ((lo[1] + 1.0f) / 2.0f * (float) height - OUTLINE_WIDTH_PX - 1.0f);
  rect[2] = (int) ceilf ((hi[0] + 1.0f) / 2.0f * (float) width + OUTLINE_WIDTH_PX + 1.0f);
  rect[3] = (int) ceilf ((hi[1] + 1.0f) / 2.0f * (float) height + OUTLINE_WIDTH_PX + 1.0f);
  rect[0] = CLAMP (rect[0], 0, width);
  rect[1] = CLAMP (rect[1], 0, height);
  rect[2] = CLAMP (rect[2], 0, width);
  rect[3] = CLAMP (rect[3], 0, height);
  return TRUE;
}

static gboolean
ensure_mask (TwinRenderer *self,
             int           width,
             int           height)
{
  GLint previous_texture = 0;

  if (self->mask_framebuffer != 0 && self->mask_width == width && self->mask_height == height)
    return TRUE;

  if (self->mask_framebuffer == 0)
    {
      glGenFramebuffers (1, &self->mask_framebuffer);
      glGenTextures (1, &self->mask_texture);
    }
  glGetIntegerv (GL_TEXTURE_BINDING_2D, &previous_texture);
  glBindTexture (GL_TEXTURE_2D, self->mask_texture);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, NULL);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture (GL_TEXTURE_2D, (GLuint) previous_texture);
  self->mask_width = width;
  self->mask_height = height;
  return TRUE;
}

/* Paints a ring just outside the silhouette of every selected item, over whatever hides them. */
static void
draw_outline (TwinRenderer     *self,
              GArray           *items,
              ItemLook         *looks,
              const TwinCamera *camera,
              mat4              view_projection,
              int               width,
              int               height)
{
  static const float white[3] = { 1.0f, 1.0f, 1.0f };
  GLint              draw_framebuffer = 0;
  int                rect[4] = { 0, 0, width, height };
  gboolean           any = FALSE;

  for (guint i = 0; i < items->len && !any; i++)
    any = looks[i].selected;
  if (!any)
    return;
  if (!get_selection_rect (items, looks, camera, width, height, rect))
    {
      rect[0] = rect[1] = 0;
      rect[2] = width;
      rect[3] = height;
    }
  if (rect[2] <= rect[0] || rect[3] <= rect[1] || !ensure_mask (self, width, height))
    return;

  /* The mask: the selection's silhouette, hidden parts included, drawn flat. */
  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &draw_framebuffer);
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, self->mask_framebuffer);
  glFramebufferTexture2D (GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, self->mask_texture, 0);
  glEnable (GL_SCISSOR_TEST);
  glScissor (rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]);
  glClearColor (0.0f, 0.0f, 0.0f, 0.0f);
  glClear (GL_COLOR_BUFFER_BIT);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_BLEND);

  twin_shader_program_use (self->line);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glUniform1f (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_FADE_RADIUS), 0.0f);
  set_color (self->line, white, 1.0f);
  glVertexAttrib4f (TWIN_ATTRIB_COLOR, 1.0f, 1.0f, 1.0f, 1.0f);
  for (guint i = 0; i < items->len; i++)
    {
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);
      TwinMeshBuffer *buffer;

      if (!looks[i].selected)
        continue;
      set_model_matrix (self->line, item->to_world);
      buffer = item->mesh != NULL ? get_buffer (self, item) : NULL;
      if (buffer != NULL)
        twin_mesh_buffer_draw (buffer);
      else if (item->mesh == NULL)
        {
          glBindVertexArray (self->cube_vao);
          glDrawArrays (GL_TRIANGLES, 0, CUBE_N_VERTICES);
        }
    }

  /* The ring, over the scene. */
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, (GLuint) draw_framebuffer);
  glEnable (GL_BLEND);
  twin_shader_program_use (self->outline);
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, self->mask_texture);
  glUniform1i (twin_shader_program_get_uniform (self->outline, TWIN_UNIFORM_MASK), 0);
  glUniform1f (twin_shader_program_get_uniform (self->outline, TWIN_UNIFORM_OUTLINE_WIDTH), OUTLINE_WIDTH_PX);
  set_color (self->outline, outline_color, outline_color[3]);
  glBindVertexArray (self->empty_vao);
  glDrawArrays (GL_TRIANGLES, 0, 3);
  glBindTexture (GL_TEXTURE_2D, 0);
  glDisable (GL_SCISSOR_TEST);
  glEnable (GL_DEPTH_TEST);
}

/* Drops the GPU copies of meshes the frame since the last model or catalog change did not draw. */
static void
prune_buffers (TwinRenderer *self,
               gboolean      frame_start)
{
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, self->buffers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CachedBuffer *cached = value;

      if (frame_start)
        cached->used = FALSE;
      else if (!cached->used)
        g_hash_table_iter_remove (&iter);
    }
}

static void
update_grid_for_items (TwinRenderer *self,
                       GArray       *items)
{
  vec3  min_m;
  vec3  max_m;
  float extent_m = 0.0f;

  if (twin_render_list_compute_bounds (items, NULL, min_m, max_m))
    extent_m = MAX (MAX (fabsf (min_m[0]), fabsf (max_m[0])), MAX (fabsf (min_m[1]), fabsf (max_m[1])));
  update_grid (self, extent_m);
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
 * @rgba: (out caller-allocates): the colour the view is cleared to, RGBA
 */
void
twin_renderer_get_background_color (float rgba[4])
{
  g_return_if_fail (rgba != NULL);

  memcpy (rgba, background_color, sizeof background_color);
}

/**
 * twin_renderer_get_outline_color:
 * @rgba: (out caller-allocates): the colour of the ring around the selection, RGBA
 */
void
twin_renderer_get_outline_color (float rgba[4])
{
  g_return_if_fail (rgba != NULL);

  memcpy (rgba, outline_color, sizeof outline_color);
}

/**
 * twin_renderer_get_type_color:
 * @type_name: (nullable): an entity type's name
 * @rgba: (out caller-allocates): the base colour of that type's boxes and meshes, RGBA
 *
 * Entities of one type share a colour, so alike things look alike; the
 * glTF export uses the same one (twin_scene_palette_get_type_color()).
 * No GL needed.
 */
void
twin_renderer_get_type_color (const char *type_name,
                              float       rgba[4])
{
  g_return_if_fail (rgba != NULL);

  twin_scene_palette_get_type_color (type_name, rgba);
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
  self->buffers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_cached_buffer);
  self->failed_mesh_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->view_state = twin_view_state_new ();

  self->shaded = twin_shader_program_new ("shaded", error);
  if (self->shaded == NULL)
    return NULL;
  self->line = twin_shader_program_new ("line", error);
  if (self->line == NULL)
    return NULL;
  self->outline = twin_shader_program_new ("outline", error);
  if (self->outline == NULL)
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

  glGenVertexArrays (1, &self->empty_vao);

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

  g_clear_pointer (&self->buffers, g_hash_table_unref);
  g_clear_pointer (&self->failed_mesh_ids, g_hash_table_unref);
  if (self->mask_texture != 0)
    glDeleteTextures (1, &self->mask_texture);
  if (self->mask_framebuffer != 0)
    glDeleteFramebuffers (1, &self->mask_framebuffer);
  if (self->empty_vao != 0)
    glDeleteVertexArrays (1, &self->empty_vao);
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
  g_clear_pointer (&self->outline, twin_shader_program_free);
  g_clear_pointer (&self->line, twin_shader_program_free);
  g_clear_pointer (&self->shaded, twin_shader_program_free);
  g_clear_object (&self->model);
  g_clear_object (&self->catalog);
  g_clear_object (&self->view_state);
  g_clear_object (&self->color_by);
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

  if (g_set_object (&self->model, model))
    self->prune_buffers = TRUE;
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
 * twin_renderer_set_mesh_catalog:
 * @catalog: (nullable): the meshes the model's entities refer to; %NULL
 *   draws every entity as a box
 *
 * Meshes are read from the catalog and uploaded when first drawn. No GL
 * context is needed for this call.
 */
void
twin_renderer_set_mesh_catalog (TwinRenderer    *self,
                                TwinMeshCatalog *catalog)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (catalog == NULL || TWIN_IS_MESH_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    {
      self->prune_buffers = TRUE;
      g_hash_table_remove_all (self->failed_mesh_ids);
    }
}

/**
 * twin_renderer_get_mesh_catalog:
 *
 * Returns: (transfer none) (nullable): the mesh catalog
 */
TwinMeshCatalog *
twin_renderer_get_mesh_catalog (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->catalog;
}

/**
 * twin_renderer_set_view_state:
 * @state: (nullable): what to hide, isolate and show see-through; %NULL
 *   gives the renderer a fresh state that shows everything
 *
 * The renderer reads the state on every frame; the viewport keeps it (and
 * the picker reads the same one), so it outlives GL contexts.
 */
void
twin_renderer_set_view_state (TwinRenderer  *self,
                              TwinViewState *state)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (state == NULL || TWIN_IS_VIEW_STATE (state));

  if (state == NULL)
    {
      g_clear_object (&self->view_state);
      self->view_state = twin_view_state_new ();
      return;
    }
  g_set_object (&self->view_state, state);
}

/**
 * twin_renderer_get_view_state:
 *
 * Returns: (transfer none): the view state in use
 */
TwinViewState *
twin_renderer_get_view_state (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->view_state;
}

/**
 * twin_renderer_set_color_by:
 * @color_by: (nullable): colour entities by a value through a colour map,
 *   or %NULL for colours by type
 *
 * While set, entities with a value are drawn in its colour on the map over
 * the setting's range, and those without one in a neutral grey; the
 * selection is shown by its outline only. Read on every frame.
 */
void
twin_renderer_set_color_by (TwinRenderer *self,
                            TwinColorBy  *color_by)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (color_by == NULL || TWIN_IS_COLOR_BY (color_by));

  g_set_object (&self->color_by, color_by);
}

/**
 * twin_renderer_get_color_by:
 *
 * Returns: (transfer none) (nullable): the colour-by-value setting in use
 */
TwinColorBy *
twin_renderer_get_color_by (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->color_by;
}

/**
 * twin_renderer_get_n_mesh_buffers:
 *
 * Returns: how many meshes are uploaded to the GPU
 */
guint
twin_renderer_get_n_mesh_buffers (TwinRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->buffers);
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
 * @rgba: (out caller-allocates): the colour its box or mesh is drawn in
 *   before lighting, opaque: its value's colour (sRGB-encoded) or the
 *   "no value" grey while colouring by value; else the highlight for the
 *   selected entity's box, a tint of it inside the selection, or its type's
 *   colour. Lighting only scales the RGB part, never the hue.
 */
void
twin_renderer_get_box_color (TwinRenderer *self,
                             TwinEntity   *entity,
                             float         rgba[4])
{
  Colouring colouring;

  g_return_if_fail (self != NULL);
  g_return_if_fail (TWIN_IS_ENTITY (entity));
  g_return_if_fail (rgba != NULL);

  get_colouring (self, &colouring);
  get_base_color (self, &colouring, entity,
                  self->catalog == NULL || twin_mesh_catalog_lookup (self->catalog, twin_entity_get_mesh_id (entity)) == NULL,
                  rgba);
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
  g_autoptr (GArray) items = NULL;
  g_autofree ItemLook *looks = NULL;
  Colouring            colouring;
  mat4                 view;
  mat4                 projection;
  mat4                 view_projection;
  vec3                 light;
  vec3                 fill;
  float                aspect;

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera != NULL);

  if (width <= 0 || height <= 0)
    return;

  aspect = (float) width / (float) height;
  twin_camera_get_view (camera, view);
  twin_camera_get_projection (camera, aspect, projection);
  glm_mat4_mul (projection, view, view_projection);

  if (self->prune_buffers)
    prune_buffers (self, TRUE);
  if (self->model != NULL)
    items = twin_render_list_collect (self->model, self->catalog, self->view_state, self->failed_mesh_ids);
  else
    items = g_array_new (FALSE, FALSE, sizeof (TwinRenderItem));
  get_colouring (self, &colouring);
  looks = g_new0 (ItemLook, items->len + 1);
  for (guint i = 0; i < items->len; i++)
    get_look (self, &colouring, &g_array_index (items, TwinRenderItem, i), &looks[i]);

  glViewport (0, 0, width, height);
  glClearColor (background_color[0], background_color[1], background_color[2], background_color[3]);
  glClearDepth (1.0);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  /* Blend colour by alpha but keep the framebuffer opaque, so a compositor (GTK) never sees through it. */
  glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  /* Opaque items, pushed back a little so box edges win the depth test. */
  glm_vec3_copy ((float *) light_direction, light);
  glm_vec3_normalize (light);
  glm_vec3_copy ((float *) fill_direction, fill);
  glm_vec3_normalize (fill);
  twin_shader_program_use (self->shaded);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glUniform3f (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_LIGHT_DIRECTION), light[0], light[1], light[2]);
  glUniform3f (twin_shader_program_get_uniform (self->shaded, TWIN_UNIFORM_FILL_DIRECTION), fill[0], fill[1], fill[2]);
  glEnable (GL_POLYGON_OFFSET_FILL);
  glPolygonOffset (1.0f, 1.0f);
  draw_opaque (self, items, looks);

  /* Lines and see-through fills blend and do not hide what is drawn after them. */
  glEnable (GL_BLEND);
  glDepthMask (GL_FALSE);
  if (self->show_grid)
    {
      update_grid_for_items (self, items);
      draw_grid (self, view_projection);
    }

  glBindVertexArray (self->edges_vao);
  glVertexAttrib4f (TWIN_ATTRIB_COLOR, 1.0f, 1.0f, 1.0f, 1.0f);
  twin_shader_program_use (self->line);
  glUniformMatrix4fv (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_VIEW_PROJECTION), 1, GL_FALSE, (const GLfloat *) view_projection);
  glUniform1f (twin_shader_program_get_uniform (self->line, TWIN_UNIFORM_FADE_RADIUS), 0.0f);
  draw_edges (self, items, looks);

  twin_shader_program_use (self->shaded);
  draw_see_through (self, items, looks, view);

  glDepthMask (GL_TRUE);
  glDisable (GL_POLYGON_OFFSET_FILL);
  draw_outline (self, items, looks, camera, view_projection, width, height);
  glDisable (GL_BLEND);
  draw_axes (self, camera, width, height);

  if (self->prune_buffers)
    {
      prune_buffers (self, FALSE);
      self->prune_buffers = FALSE;
    }

  glBindVertexArray (0);
  glUseProgram (0);
  glDisable (GL_DEPTH_TEST);
  glViewport (0, 0, width, height);
}
