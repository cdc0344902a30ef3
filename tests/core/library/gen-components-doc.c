/* gen-components-doc.c: rewrites docs/components.md from the component library (test-only tool).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: gen-components-doc [FILE]. Without FILE it prints the page.
 * `ninja -C build components-doc` runs it on the source tree's page.
 */

#include "config.h"

#include "components-doc.h"

#include <stdio.h>

int
main (int   argc,
      char *argv[])
{
  g_autofree char *page = components_doc_generate ();
  g_autoptr (GError) error = NULL;

  if (argc > 2)
    {
      fprintf (stderr, "Usage: %s [FILE]\n", argv[0]);
      return 2;
    }
  if (argc == 1)
    {
      fputs (page, stdout);
      return 0;
    }
  if (!g_file_set_contents (argv[1], page, -1, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  return 0;
}
