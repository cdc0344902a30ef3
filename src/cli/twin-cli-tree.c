/* twin-cli-tree.c: `twinctl tree`, which draws a project's entity hierarchy, one entity per line.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each line shows the entity's name, its type and how many parameters it
 * has. The branches are box-drawing characters in a UTF-8 locale and plain
 * ASCII otherwise, like tree(1).
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>

#include <string.h>

typedef struct
{
  const char *branch; /* before a child that has later siblings */
  const char *last;   /* before the last child */
  const char *pipe;   /* below a child that has later siblings */
  const char *space;  /* below the last child */
} TreeGlyphs;

static const TreeGlyphs utf8_glyphs = { "├── ", "└── ", "│   ", "    " };
static const TreeGlyphs ascii_glyphs = { "|-- ", "`-- ", "|   ", "    " };

/* Names are one line of text, but a file may come from anywhere: control
 * characters must not break the drawing. */
static char *
dup_printable (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
append_entity_line (GString    *out,
                    TwinEntity *entity)
{
  g_autofree char *name = dup_printable (twin_entity_get_name (entity));
  g_autofree char *type_name = dup_printable (twin_entity_get_type_name (entity));
  guint            n_parameters = twin_entity_get_n_parameters (entity);

  if (n_parameters == 0)
    /* Translators: an entity in `twinctl tree`: its name and its type. */
    g_string_append_printf (out, _ ("%s (%s)"), name, type_name);
  else
    /* Translators: an entity in `twinctl tree`: its name, its type and how many parameters it has. */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s (%s, %u parameter)", "%s (%s, %u parameters)", n_parameters),
                            name, type_name, n_parameters);
  g_string_append_c (out, '\n');
}

static void
append_children (GString          *out,
                 GString          *prefix,
                 TwinEntity       *entity,
                 const TreeGlyphs *glyphs)
{
  guint n_children = twin_entity_get_n_children (entity);

  for (guint i = 0; i < n_children; i++)
    {
      TwinEntity *child = twin_entity_get_child (entity, i);
      gboolean    is_last = i + 1 == n_children;
      gsize       prefix_len = prefix->len;

      g_string_append_len (out, prefix->str, prefix->len);
      g_string_append (out, is_last ? glyphs->last : glyphs->branch);
      append_entity_line (out, child);

      g_string_append (prefix, is_last ? glyphs->space : glyphs->pipe);
      append_children (out, prefix, child, glyphs);
      g_string_truncate (prefix, prefix_len);
    }
}

gboolean
twin_cli_tree (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GString) out = NULL;
  g_autoptr (GString) prefix = NULL;
  const char       *names[] = { "FILE" };
  const TreeGlyphs *glyphs;
  TwinEntity       *root;

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Draw the entity hierarchy of the project file FILE: each "
                                     "entity’s name, type and number of parameters. The file is "
                                     "opened read-only."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  model = twin_cli_load_model ((*args)[1], NULL, error);
  if (model == NULL)
    return FALSE;

  glyphs = g_get_charset (NULL) ? &utf8_glyphs : &ascii_glyphs;
  out = g_string_new (NULL);
  prefix = g_string_new (NULL);
  root = twin_model_get_root (model);
  append_entity_line (out, root);
  append_children (out, prefix, root, glyphs);

  /* g_print converts to the locale's character set. */
  g_print ("%s", out->str);
  return TRUE;
}
