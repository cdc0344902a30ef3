/* test-shader-sources.c: checks the shaders are linked in as resources and agree with the C side (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-shader-program.h"

#include <gio/gio.h>

/* Every program the renderer builds; each needs a .vert and a .frag. */
static const char *const programs[] = { "line", "outline", "shaded" };

static char *
dup_source (const char *file_name)
{
  g_autofree char *path = g_build_path ("/", TWIN_SHADER_RESOURCE_PATH, file_name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The static-library pitfall: the resources must survive linking into a program that only links twin_render_dep. */
static void
test_resources_linked (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) children = g_resources_enumerate_children (TWIN_SHADER_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  guint i;

  g_assert_no_error (error);
  g_assert_nonnull (children);
  for (i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *vert = g_strconcat (programs[i], ".vert", NULL);
      g_autofree char *frag = g_strconcat (programs[i], ".frag", NULL);

      g_assert_true (g_strv_contains ((const char *const *) children, vert));
      g_assert_true (g_strv_contains ((const char *const *) children, frag));
    }
}

static void
test_version_line (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) children = g_resources_enumerate_children (TWIN_SHADER_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  guint i;

  g_assert_no_error (error);
  for (i = 0; children[i] != NULL; i++)
    {
      g_autofree char *source = dup_source (children[i]);

      g_test_message ("%s", children[i]);
      g_assert_true (g_str_has_prefix (source, "#version 330 core\n"));
    }
}

/* Every uniform a shader declares is in the header's list, and every listed one is used somewhere. */
static void
test_uniforms_listed_once (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) children = g_resources_enumerate_children (TWIN_SHADER_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autoptr (GRegex) regex = g_regex_new ("^uniform\\s+\\w+\\s+(\\w+)\\s*;", G_REGEX_MULTILINE, 0, &error);
  g_autoptr (GHashTable) declared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint i;
  int   u;

  g_assert_no_error (error);
  for (i = 0; children[i] != NULL; i++)
    {
      g_autofree char *source = dup_source (children[i]);
      g_autoptr (GMatchInfo) match = NULL;

      g_regex_match (regex, source, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          gboolean         listed = FALSE;

          for (u = 0; u < TWIN_N_UNIFORMS; u++)
            listed |= g_str_equal (name, twin_shader_uniform_get_name ((TwinUniform) u));
          g_test_message ("%s declares %s", children[i], name);
          g_assert_true (listed);
          g_hash_table_add (declared, g_steal_pointer (&name));
          g_match_info_next (match, NULL);
        }
    }

  for (u = 0; u < TWIN_N_UNIFORMS; u++)
    g_assert_true (g_hash_table_contains (declared, twin_shader_uniform_get_name ((TwinUniform) u)));
}

/* The attribute locations in the shaders are the ones the C side binds buffers to. */
static void
test_attribute_locations (void)
{
  static const struct
  {
    const char *file_name;
    const char *declaration;
  } cases[] = {
    { "shaded.vert", "layout(location = " G_STRINGIFY (TWIN_ATTRIB_POSITION) ") in vec3 a_position;" },
    { "shaded.vert", "layout(location = " G_STRINGIFY (TWIN_ATTRIB_NORMAL) ") in vec3 a_normal;" },
    { "line.vert", "layout(location = " G_STRINGIFY (TWIN_ATTRIB_POSITION) ") in vec3 a_position;" },
    { "line.vert", "layout(location = " G_STRINGIFY (TWIN_ATTRIB_COLOR) ") in vec4 a_color;" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *source = dup_source (cases[i].file_name);

      g_test_message ("%s: %s", cases[i].file_name, cases[i].declaration);
      g_assert_nonnull (strstr (source, cases[i].declaration));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/shader-sources/resources-linked", test_resources_linked);
  g_test_add_func ("/render/shader-sources/version-line", test_version_line);
  g_test_add_func ("/render/shader-sources/uniforms-listed", test_uniforms_listed_once);
  g_test_add_func ("/render/shader-sources/attribute-locations", test_attribute_locations);

  return g_test_run ();
}
