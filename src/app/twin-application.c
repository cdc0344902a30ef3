/* twin-application.c: the Twin Studio application: windows, app-wide actions and shortcuts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window shows one twin. `twin-studio FILE…` opens each file in a
 * window of its own; a plain start opens a new untitled twin.
 */

#define G_LOG_DOMAIN "twin-application"

#include "config.h"

#include "twin-application.h"
#include "twin-window.h"

#include <glib/gi18n.h>

struct _TwinApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TwinApplication, twin_application, GTK_TYPE_APPLICATION)

static void
twin_application_activate (GApplication *app)
{
  TwinWindow *window = twin_window_new (TWIN_APPLICATION (app));

  twin_window_new_untitled (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
twin_application_open (GApplication *app,
                       GFile       **files,
                       int           n_files,
                       const char   *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      TwinWindow      *window = twin_window_new (TWIN_APPLICATION (app));
      g_autofree char *path = g_file_get_path (files[i]);

      gtk_window_present (GTK_WINDOW (window));
      if (path == NULL || !twin_window_open_path (window, path, FALSE))
        twin_window_new_untitled (window);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList          *windows = g_list_copy (gtk_application_get_windows (app));

  /* Each window asks about unsaved changes before it goes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  static const char *developers[] = { "The Twin Studio authors", NULL };
  GtkWindow         *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", _ ("Twin Studio"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _ ("Build digital twins of physical systems and keep them in step with reality"),
                         "website", "https://github.com/twinstudio/twin-studio",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "copyright", "© 2026 The Twin Studio authors",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
twin_application_startup (GApplication *app)
{
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save-as", { "<Control><Shift>s", "<Control>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.import-mesh", { "<Control>i", NULL } },
    { "win.show-inspector", { "F9", NULL } },
    { "win.run-simulation", { "F5", NULL } },
    { "win.cancel-simulation", { "<Shift>F5", NULL } },
  };
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (twin_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
twin_application_class_init (TwinApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = twin_application_activate;
  app_class->open = twin_application_open;
  app_class->startup = twin_application_startup;
}

static void
twin_application_init (TwinApplication *self)
{
}

TwinApplication *
twin_application_new (void)
{
  return g_object_new (TWIN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
