/* twin-mesh-info.c: what a project knows about one stored mesh: its name, source, unit, up axis and size.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-mesh"

#include "config.h"

#include "twin-mesh-info.h"

#include <math.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (TwinMeshInfo, twin_mesh_info, twin_mesh_info_copy, twin_mesh_info_free)

static const struct
{
  const char *name;
  double      metres;
} units[] = {
  [TWIN_MESH_UNIT_MM] = { "mm", 0.001 },
  [TWIN_MESH_UNIT_CM] = { "cm", 0.01 },
  [TWIN_MESH_UNIT_M] = { "m", 1.0 },
  [TWIN_MESH_UNIT_IN] = { "in", 0.0254 },
};

TwinMeshInfo *
twin_mesh_info_copy (const TwinMeshInfo *self)
{
  TwinMeshInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->source = g_strdup (self->source);
  copy->checksum = g_strdup (self->checksum);
  return copy;
}

void
twin_mesh_info_free (TwinMeshInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->source);
  g_free (self->checksum);
  g_free (self);
}

/**
 * twin_mesh_info_make_id:
 * @checksum: the geometry's checksum
 *
 * Returns: (transfer full): the id of a mesh of that geometry, unit and up
 *   axis: the first 32 hex digits of a SHA-256 over the three, so importing
 *   the same file the same way twice gives the same id
 */
char *
twin_mesh_info_make_id (const char  *checksum,
                        TwinMeshUnit unit,
                        TwinMeshUp   up)
{
  g_autofree char *key = NULL;
  char            *id;

  g_return_val_if_fail (checksum != NULL, NULL);

  key = g_strdup_printf ("%s/%s/%s", checksum, twin_mesh_unit_to_string (unit), twin_mesh_up_to_string (up));
  id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  id[32] = '\0';
  return id;
}

/**
 * twin_mesh_unit_get_metres:
 *
 * Returns: the length of one @unit in metres
 */
double
twin_mesh_unit_get_metres (TwinMeshUnit unit)
{
  g_return_val_if_fail ((guint) unit < G_N_ELEMENTS (units), 1.0);

  return units[unit].metres;
}

/**
 * twin_mesh_unit_to_string:
 *
 * Returns: "mm", "cm", "m" or "in"
 */
const char *
twin_mesh_unit_to_string (TwinMeshUnit unit)
{
  g_return_val_if_fail ((guint) unit < G_N_ELEMENTS (units), "m");

  return units[unit].name;
}

/**
 * twin_mesh_unit_from_string:
 * @text: "mm", "cm", "m" or "in" (also "inch")
 * @unit: (out): the unit
 *
 * Returns: %TRUE when @text names a unit
 */
gboolean
twin_mesh_unit_from_string (const char   *text,
                            TwinMeshUnit *unit)
{
  g_return_val_if_fail (unit != NULL, FALSE);

  if (g_strcmp0 (text, "inch") == 0)
    text = "in";
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_strcmp0 (text, units[i].name) == 0)
      {
        *unit = (TwinMeshUnit) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * twin_mesh_up_to_string:
 *
 * Returns: "y" or "z"
 */
const char *
twin_mesh_up_to_string (TwinMeshUp up)
{
  return up == TWIN_MESH_UP_Y ? "y" : "z";
}

/**
 * twin_mesh_up_from_string:
 * @text: "y" or "z"
 * @up: (out): the axis
 *
 * Returns: %TRUE when @text names an up axis
 */
gboolean
twin_mesh_up_from_string (const char *text,
                          TwinMeshUp *up)
{
  g_return_val_if_fail (up != NULL, FALSE);

  if (g_ascii_strcasecmp (text != NULL ? text : "", "y") == 0)
    *up = TWIN_MESH_UP_Y;
  else if (g_ascii_strcasecmp (text != NULL ? text : "", "z") == 0)
    *up = TWIN_MESH_UP_Z;
  else
    return FALSE;
  return TRUE;
}

/**
 * twin_mesh_get_conversion_matrix:
 * @to_world: (out caller-allocates): from the file's unit and axes to
 *   metres with Z up
 *
 * A scale by the unit's length in metres, then for a Y-up file a turn of
 * +90° about X: (x, y, z) ↦ (x, −z, y).
 */
void
twin_mesh_get_conversion_matrix (TwinMeshUnit unit,
                                 TwinMeshUp   up,
                                 mat4         to_world)
{
  float s = (float) twin_mesh_unit_get_metres (unit);

  glm_mat4_zero (to_world);
  to_world[3][3] = 1.0f;
  /* cglm matrices are column-major: to_world[column][row]. */
  to_world[0][0] = s;
  if (up == TWIN_MESH_UP_Y)
    {
      to_world[1][2] = s;  /* source Y → world Z */
      to_world[2][1] = -s; /* source Z → world −Y */
    }
  else
    {
      to_world[1][1] = s;
      to_world[2][2] = s;
    }
}

/**
 * twin_mesh_info_get_matrix:
 * @to_world: (out caller-allocates): from the mesh's coordinates to its
 *   entity's frame (metres, Z up)
 */
void
twin_mesh_info_get_matrix (const TwinMeshInfo *self,
                           mat4                to_world)
{
  g_return_if_fail (self != NULL);

  twin_mesh_get_conversion_matrix (self->unit, self->up, to_world);
}

/**
 * twin_mesh_info_get_bounds_m:
 * @min_m: (out caller-allocates): the lowest corner in the entity's frame, metres
 * @max_m: (out caller-allocates): the highest corner
 *
 * The mesh's bounding box after the unit and axis conversion.
 */
void
twin_mesh_info_get_bounds_m (const TwinMeshInfo *self,
                             float               min_m[3],
                             float               max_m[3])
{
  mat4 to_world;

  g_return_if_fail (self != NULL);

  twin_mesh_info_get_matrix (self, to_world);
  for (int k = 0; k < 3; k++)
    {
      min_m[k] = INFINITY;
      max_m[k] = -INFINITY;
    }
  for (int corner = 0; corner < 8; corner++)
    {
      vec3 p = {
        (corner & 1) ? self->max[0] : self->min[0],
        (corner & 2) ? self->max[1] : self->min[1],
        (corner & 4) ? self->max[2] : self->min[2],
      };
      vec3 q;

      glm_mat4_mulv3 (to_world, p, 1.0f, q);
      for (int k = 0; k < 3; k++)
        {
          min_m[k] = MIN (min_m[k], q[k]);
          max_m[k] = MAX (max_m[k], q[k]);
        }
    }
}
