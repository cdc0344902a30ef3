/* test-mesh.c: tests of TwinMesh: its binary form round trip, damaged blobs refused, checksums, normals.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <math.h>
#include <string.h>

/* A tetrahedron: 4 vertices, 4 triangles, counter-clockwise from outside. */
static TwinMesh *
new_tetrahedron (float offset)
{
  static const float   positions[12] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  static const guint32 indices[12] = { 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3 };
  g_autoptr (GError) error = NULL;
  float    *p = g_memdup2 (positions, sizeof positions);
  TwinMesh *mesh;

  p[0] += offset;
  mesh = twin_mesh_new_take (p, NULL, 4, g_memdup2 (indices, sizeof indices), 4, &error);
  g_assert_no_error (error);
  return mesh;
}

/* A mesh of @n vertices in a strip, to cross the 16-bit index limit. */
static TwinMesh *
new_strip (guint n)
{
  g_autoptr (GError) error = NULL;
  float    *positions = g_new (float, 3 * n);
  guint32  *indices = g_new (guint32, 3 * (n - 2));
  TwinMesh *mesh;

  for (guint i = 0; i < n; i++)
    {
      positions[3 * i] = (float) (i / 2);
      positions[3 * i + 1] = (float) (i % 2);
      positions[3 * i + 2] = 0.25f * (float) (i % 7);
    }
  for (guint t = 0; t < n - 2; t++)
    {
      indices[3 * t] = t;
      indices[3 * t + 1] = t % 2 == 0 ? t + 1 : t + 2;
      indices[3 * t + 2] = t % 2 == 0 ? t + 2 : t + 1;
    }
  mesh = twin_mesh_new_take (positions, NULL, n, indices, n - 2, &error);
  g_assert_no_error (error);
  return mesh;
}

static void
assert_same_mesh (TwinMesh *a,
                  TwinMesh *b)
{
  guint n = twin_mesh_get_n_vertices (a);

  g_assert_cmpuint (twin_mesh_get_n_vertices (b), ==, n);
  g_assert_cmpuint (twin_mesh_get_n_triangles (b), ==, twin_mesh_get_n_triangles (a));
  g_assert_cmpmem (twin_mesh_get_positions (a), 12 * n, twin_mesh_get_positions (b), 12 * n);
  g_assert_cmpmem (twin_mesh_get_indices (a), 12 * twin_mesh_get_n_triangles (a),
                   twin_mesh_get_indices (b), 12 * twin_mesh_get_n_triangles (b));
  /* Normals travel as 16-bit numbers. */
  for (guint i = 0; i < 3 * n; i++)
    g_assert_cmpfloat_with_epsilon (twin_mesh_get_normals (a)[i], twin_mesh_get_normals (b)[i], 1.0 / 16384);
}

static void
test_round_trip (void)
{
  const guint sizes[] = { 0, 70000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (TwinMesh) mesh = sizes[s] == 0 ? new_tetrahedron (0.0f) : new_strip (sizes[s]);
      g_autoptr (GBytes) bytes = twin_mesh_to_bytes (mesh);
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinMesh) back = twin_mesh_new_from_bytes (bytes, &error);
      g_autoptr (GBytes) again = NULL;

      g_assert_no_error (error);
      assert_same_mesh (mesh, back);
      /* The binary form of what was read back is the same bytes. */
      again = twin_mesh_to_bytes (back);
      g_assert_true (g_bytes_equal (bytes, again));
    }
}

static void
test_bounds (void)
{
  g_autoptr (TwinMesh) mesh = new_tetrahedron (-2.0f);
  float min[3];
  float max[3];

  twin_mesh_get_bounds (mesh, min, max);
  g_assert_cmpfloat (min[0], ==, -2.0f);
  g_assert_cmpfloat (min[1], ==, 0.0f);
  g_assert_cmpfloat (max[0], ==, 1.0f);
  g_assert_cmpfloat (max[2], ==, 1.0f);
}

/* Equal geometry, equal checksum; any change, another. */
static void
test_checksum (void)
{
  g_autoptr (TwinMesh) a = new_tetrahedron (0.0f);
  g_autoptr (TwinMesh) b = new_tetrahedron (0.0f);
  g_autoptr (TwinMesh) c = new_tetrahedron (0.5f);
  g_autofree char *sum_a = twin_mesh_dup_checksum (a);
  g_autofree char *sum_b = twin_mesh_dup_checksum (b);
  g_autofree char *sum_c = twin_mesh_dup_checksum (c);

  g_assert_cmpuint (strlen (sum_a), ==, 64);
  g_assert_cmpstr (sum_a, ==, sum_b);
  g_assert_cmpstr (sum_a, !=, sum_c);
}

/* Truncated, padded, with a bad magic, an index out of range, a position
 * that is not a number: each refused as CORRUPT, never read out of bounds. */
static void
test_corrupt (void)
{
  g_autoptr (TwinMesh) mesh = new_tetrahedron (0.0f);
  g_autoptr (GBytes) bytes = twin_mesh_to_bytes (mesh);
  gsize         size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (guint kind = 0; kind < 6; kind++)
    {
      g_autofree guint8 *copy = g_malloc (size + 4);
      gsize              length = size;
      g_autoptr (GBytes) damaged = NULL;
      g_autoptr (GError) error = NULL;
      TwinMesh *back;

      memcpy (copy, data, size);
      switch (kind)
        {
        case 0: /* truncated in the indices */
          length = size - 2;
          break;
        case 1: /* longer than its header says */
          memset (copy + size, 0, 4);
          length = size + 4;
          break;
        case 2: /* not a mesh */
          copy[0] = 'X';
          break;
        case 3: /* the last index points past the vertices (2-byte indices) */
          copy[size - 2] = 0x40;
          break;
        case 4: /* the first position is a NaN */
          {
            float nan_value = NAN;

            memcpy (copy + 24, &nan_value, 4);
          }
          break;
        case 5: /* only a header */
          length = 10;
          break;
        }
      damaged = g_bytes_new (copy, length);
      back = twin_mesh_new_from_bytes (damaged, &error);
      g_assert_null (back);
      g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT);
    }
}

/* Invalid input to the constructor: refused, and the arrays freed. */
static void
test_invalid (void)
{
  g_autoptr (GError) error = NULL;
  float   *positions = g_new0 (float, 9);
  guint32 *indices = g_new0 (guint32, 3);

  indices[2] = 3;
  g_assert_null (twin_mesh_new_take (positions, NULL, 3, indices, 1, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID);
  g_clear_error (&error);

  positions = g_new0 (float, 9);
  indices = g_new0 (guint32, 3);
  positions[4] = INFINITY;
  indices[1] = 1;
  indices[2] = 2;
  g_assert_null (twin_mesh_new_take (positions, NULL, 3, indices, 1, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID);
}

/* Smooth normals of a flat square: +Z everywhere, unit length. */
static void
test_compute_normals (void)
{
  const float   positions[12] = { 0, 0, 0, 2, 0, 0, 2, 1, 0, 0, 1, 0 };
  const guint32 indices[6] = { 0, 1, 2, 0, 2, 3 };
  float         normals[12];

  twin_mesh_compute_normals (positions, 4, indices, 2, normals);
  for (guint v = 0; v < 4; v++)
    {
      g_assert_cmpfloat_with_epsilon (normals[3 * v], 0.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (normals[3 * v + 1], 0.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (normals[3 * v + 2], 1.0, 1e-6);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/mesh/data/round-trip", test_round_trip);
  g_test_add_func ("/core/mesh/data/bounds", test_bounds);
  g_test_add_func ("/core/mesh/data/checksum", test_checksum);
  g_test_add_func ("/core/mesh/data/corrupt", test_corrupt);
  g_test_add_func ("/core/mesh/data/invalid", test_invalid);
  g_test_add_func ("/core/mesh/data/compute-normals", test_compute_normals);

  return g_test_run ();
}
