/* bench-import.c: how long a 1M-triangle OBJ and binary STL take to import, and how much memory, against bare Assimp.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a height field of 1,002,528 triangles (a 708 × 708 grid of
 * quads) as an OBJ (indexed, no normals) and a binary STL (facet normals)
 * in a temporary folder. Each measurement runs in a forked child, so its
 * peak resident memory (ru_maxrss from wait4) is its own: bare
 * aiImportFile() with the post-processing flags the importer uses
 * (Triangulate | SortByPType), then twin_mesh_import_file() (the same Assimp
 * read, welding, crease normals, the TwinMesh). Each is run three times and
 * the fastest run and smallest peak are kept; the ratios are ours over
 * Assimp's (goal ≤ 1.2).
 */

#include "config.h"

#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <glib/gstdio.h>

#include "mesh/twin-mesh-importer.h"
#include "twin-core.h"
#include "twin-test-util.h"

#include <math.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define GRID 708
#define RUNS 3

static double
height (guint i,
        guint j)
{
  return 20.0 * sin (i * 0.05) * cos (j * 0.07) + 0.01 * ((i * 31 + j * 17) % 13);
}

static void
write_obj (const char *path)
{
  FILE *file = fopen (path, "w");
  char  number[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_nonnull (file);
  for (guint i = 0; i <= GRID; i++)
    for (guint j = 0; j <= GRID; j++)
      fprintf (file, "v %u %u %s\n", i, j, g_ascii_formatd (number, sizeof number, "%.4f", height (i, j)));
  for (guint i = 0; i < GRID; i++)
    for (guint j = 0; j < GRID; j++)
      {
        guint a = i * (GRID + 1) + j + 1;

        fprintf (file, "f %u %u %u\nf %u %u %u\n", a, a + GRID + 1, a + GRID + 2, a, a + GRID + 2, a + 1);
      }
  g_assert_cmpint (fclose (file), ==, 0);
}

static void
write_stl (const char *path)
{
  FILE   *file = fopen (path, "wb");
  char    header[80] = "bench-import height field";
  guint32 count = GUINT32_TO_LE (2 * GRID * GRID);

  g_assert_nonnull (file);
  fwrite (header, 1, sizeof header, file);
  fwrite (&count, 4, 1, file);
  for (guint i = 0; i < GRID; i++)
    for (guint j = 0; j < GRID; j++)
      {
        float corners[4][3] = {
          { (float) i, (float) j, (float) height (i, j) },
          { (float) (i + 1), (float) j, (float) height (i + 1, j) },
          { (float) (i + 1), (float) (j + 1), (float) height (i + 1, j + 1) },
          { (float) i, (float) (j + 1), (float) height (i, j + 1) },
        };
        const int order[2][3] = { { 0, 1, 2 }, { 0, 2, 3 } };

        for (int t = 0; t < 2; t++)
          {
            float   facet[12] = { 0, 0, 1 };
            guint16 attribute = 0;

            for (int c = 0; c < 3; c++)
              for (int k = 0; k < 3; k++)
                facet[3 + 3 * c + k] = corners[order[t][c]][k];
            fwrite (facet, sizeof facet, 1, file);
            fwrite (&attribute, 2, 1, file);
          }
      }
  g_assert_cmpint (fclose (file), ==, 0);
}

typedef struct
{
  double seconds;
  double peak_mb;
  guint  n_triangles;
} Measure;

/* Runs one import in a child; its time comes back through a pipe. */
static Measure
measure (const char *path,
         gboolean    ours)
{
  Measure       result = { 0 };
  int           fds[2];
  pid_t         pid;
  int           status = 0;
  struct rusage usage;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      double data[2] = { 0 };
      gint64 start = g_get_monotonic_time ();

      close (fds[0]);
      if (ours)
        {
          g_autoptr (GError) error = NULL;
          TwinMeshImport *import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);

          if (import == NULL)
            {
              g_printerr ("%s\n", error->message);
              _exit (1);
            }
          data[1] = (double) import->n_triangles;
          data[0] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
          /* Freeing is part of the work Assimp's side does too. */
          twin_mesh_import_free (import);
        }
      else
        {
          const struct aiScene *scene = aiImportFile (path, aiProcess_Triangulate | aiProcess_SortByPType);

          if (scene == NULL)
            _exit (1);
          for (guint i = 0; i < scene->mNumMeshes; i++)
            data[1] += scene->mMeshes[i]->mNumFaces;
          data[0] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
          aiReleaseImport (scene);
        }
      data[0] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (write (fds[1], data, sizeof data) != sizeof data)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  {
    double data[2] = { 0 };

    g_assert_cmpint (read (fds[0], data, sizeof data), ==, sizeof data);
    result.seconds = data[0];
    result.n_triangles = (guint) data[1];
  }
  close (fds[0]);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  result.peak_mb = usage.ru_maxrss / 1024.0; /* kilobytes on Linux */
  return result;
}

static Measure
best_of (const char *path,
         gboolean    ours)
{
  Measure best = { G_MAXDOUBLE, G_MAXDOUBLE, 0 };

  for (int r = 0; r < RUNS; r++)
    {
      Measure m = measure (path, ours);

      best.seconds = MIN (best.seconds, m.seconds);
      best.peak_mb = MIN (best.peak_mb, m.peak_mb);
      best.n_triangles = m.n_triangles;
    }
  return best;
}

static void
compare (const char *label,
         const char *path)
{
  Measure bare = best_of (path, FALSE);
  Measure ours = best_of (path, TRUE);

  g_print ("import %-11s %u triangles: aiImportFile %.3f s %.0f MB, twin_mesh_import_file %.3f s %.0f MB; "
           "ratio time %.2f, memory %.2f (goal <= 1.2)\n",
           label, ours.n_triangles, bare.seconds, bare.peak_mb, ours.seconds, ours.peak_mb,
           ours.seconds / bare.seconds, ours.peak_mb / bare.peak_mb);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *obj = twin_test_tmp_path ("grid.obj");
  g_autofree char *stl = twin_test_tmp_path ("grid.stl");

  write_obj (obj);
  write_stl (stl);
  compare ("OBJ", obj);
  compare ("binary STL", stl);
  g_unlink (obj);
  g_unlink (stl);
  return 0;
}
