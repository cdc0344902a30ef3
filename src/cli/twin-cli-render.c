/* twin-cli-render.c: `twinctl render`, a picture of a project's 3D view as a PNG, with no display at all.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the project read-only, draws it with the same renderer as the app
 * (src/render) into an offscreen framebuffer on EGL's surfaceless platform,
 * so it runs on servers and in CI without an X server or a GPU, and writes
 * the image as a PNG (replaced atomically, never half-written). The view
 * frames every entity from a standard direction, as the app's "fit all"
 * does, antialiased with 4 samples a pixel. Entities are coloured by the
 * project's saved colour-by-value setting unless an option says otherwise.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "mesh/twin-color-map.h"
#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "twin-offscreen.h"
#include "twin-png.h"
#include "twin-render-list.h"
#include "twin-renderer.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <stdlib.h>

#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 800
#define SAMPLES 4

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height,
            GError    **error)
{
  g_auto (GStrv) parts = g_strsplit (text, "x", 3);
  guint64 values[2];

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, TWIN_OFFSCREEN_MAX_SIZE, &values[0], NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, TWIN_OFFSCREEN_MAX_SIZE, &values[1], NULL))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not an image size: give WIDTHxHEIGHT in pixels, each 1 to %d, such as 1280x800."),
                   text, TWIN_OFFSCREEN_MAX_SIZE);
      return FALSE;
    }
  *width = (int) values[0];
  *height = (int) values[1];
  return TRUE;
}

static gboolean
render_to_png (TwinModel       *model,
               TwinMeshCatalog *catalog,
               TwinColorBy     *color_by,
               TwinEntity      *selected,
               TwinCameraPreset preset,
               gboolean         orthographic,
               int              width,
               int              height,
               const char      *out_path,
               GError         **error)
{
  g_autoptr (TwinOffscreen) offscreen = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree guint8 *pixels = NULL;
  TwinRenderer      *renderer;
  TwinCamera         camera;
  GError            *local_error = NULL;
  vec3               min_m;
  vec3               max_m;

  offscreen = twin_offscreen_new (width, height, SAMPLES, &local_error);
  if (offscreen == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, "%s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  renderer = twin_renderer_new (&local_error);
  if (renderer == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, "%s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  twin_renderer_set_model (renderer, model);
  twin_renderer_set_mesh_catalog (renderer, catalog);
  twin_renderer_set_color_by (renderer, color_by);
  twin_renderer_set_selected (renderer, selected != NULL ? twin_entity_get_id (selected) : NULL);

  twin_camera_init (&camera);
  camera.orthographic = orthographic;
  twin_camera_set_preset (&camera, preset);
  items = twin_render_list_collect (model, catalog, twin_renderer_get_view_state (renderer), NULL);
  if (twin_render_list_compute_bounds (items, NULL, min_m, max_m))
    twin_camera_fit_bounds (&camera, min_m, max_m, (float) width / (float) height);

  twin_renderer_render (renderer, &camera, width, height);
  pixels = twin_offscreen_read_pixels (offscreen, TRUE);
  twin_renderer_free (renderer);

  return twin_png_save (out_path, pixels, width, height, error);
}

gboolean
twin_cli_render (char  ***args,
                 GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinMeshCatalog) catalog = NULL;
  g_autoptr (TwinColorBy) color_by = NULL;
  g_autofree char   *out_path = NULL;
  g_autofree char   *size_text = NULL;
  g_autofree char   *view_text = NULL;
  g_autofree char   *select_path = NULL;
  g_autofree char   *color_parameter = NULL;
  g_autofree char   *map_text = NULL;
  g_autofree char   *display = NULL;
  TwinEntity        *selected = NULL;
  TwinCameraPreset   preset = TWIN_CAMERA_PRESET_ISO;
  TwinColorMap       map = TWIN_COLOR_MAP_DEFAULT;
  gboolean           no_color_by = FALSE;
  gboolean           orthographic = FALSE;
  int                width = DEFAULT_WIDTH;
  int                height = DEFAULT_HEIGHT;
  const char        *path;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_ ("Write the picture to OUT.png (required)"), N_ ("OUT.png") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      N_ ("The picture’s size in pixels (default 1280x800)"), N_ ("WIDTHxHEIGHT") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_text,
      N_ ("Look from this side: iso (default), front, top or side"), N_ ("VIEW") },
    { "orthographic", 0, 0, G_OPTION_ARG_NONE, &orthographic,
      N_ ("Draw without perspective, as an engineering drawing"), NULL },
    { "select", 0, 0, G_OPTION_ARG_STRING, &select_path,
      N_ ("Highlight the entity at PATH (as “twinctl tree” shows it) and its parts"), N_ ("PATH") },
    { "color-by", 0, 0, G_OPTION_ARG_STRING, &color_parameter,
      N_ ("Colour the entities by the number parameter PARAMETER over its range, "
          "instead of the project’s saved setting"),
      N_ ("PARAMETER") },
    { "color-map", 0, 0, G_OPTION_ARG_STRING, &map_text,
      N_ ("The colour map for --color-by: viridis (default), plasma, inferno, coolwarm or turbo"), N_ ("MAP") },
    { "no-color-by", 0, 0, G_OPTION_ARG_NONE, &no_color_by,
      N_ ("Colour the entities by type, ignoring the project’s saved setting"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Draw the 3D view of the project file FILE into a PNG picture, "
                                     "framing every entity, with no display needed. The project is "
                                     "opened read-only; OUT.png is replaced only once complete."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  path = (*args)[1];

  if (out_path == NULL || *out_path == '\0')
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing option --output: where to write the picture."));
      return FALSE;
    }
  if (size_text != NULL && !parse_size (size_text, &width, &height, error))
    return FALSE;
  if (view_text != NULL && !twin_camera_preset_from_string (view_text, &preset))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("Unknown view “%s”: use iso, front, top or side."), view_text);
      return FALSE;
    }
  if (no_color_by && (color_parameter != NULL || map_text != NULL))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Option --no-color-by excludes --color-by and --color-map."));
      return FALSE;
    }
  if (color_parameter != NULL && !twin_parameter_is_valid_name (color_parameter))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not a parameter name."), color_parameter);
      return FALSE;
    }
  if (map_text != NULL && !twin_color_map_from_string (map_text, &map))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("Unknown colour map “%s”: use viridis, plasma, inferno, coolwarm or turbo."), map_text);
      return FALSE;
    }
  if (twin_cli_is_same_file (path, out_path))
    {
      display = twin_cli_display_name (out_path);
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("Refusing to write the picture over the project file “%s” itself."), display);
      return FALSE;
    }

  model = twin_cli_load_model (path, &store, error);
  if (model == NULL)
    return FALSE;
  catalog = twin_mesh_catalog_new (store, error);
  if (catalog == NULL)
    return FALSE;
  display = twin_cli_display_name (path);

  if (select_path != NULL)
    {
      selected = twin_model_lookup_path (model, select_path);
      if (selected == NULL)
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                       _ ("There is no entity “%s” in “%s”."), select_path, display);
          return FALSE;
        }
    }

  if (color_parameter != NULL)
    color_by = twin_color_by_new (color_parameter);
  else if (!no_color_by)
    color_by = twin_cli_dup_saved_color_by (store, display);
  if (color_by != NULL && map_text != NULL)
    twin_color_by_set_map (color_by, map);
  else if (color_by == NULL && map_text != NULL)
    twin_cli_print_warning (_ ("Option --color-map has no effect without a colour-by-value setting (--color-by or a saved one)."));

  return render_to_png (model, catalog, color_by, selected, preset, orthographic, width, height, out_path, error);
}
