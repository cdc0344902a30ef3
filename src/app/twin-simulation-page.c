/* twin-simulation-page.c: the window's Simulation page: scenarios, runs with progress, live charts, overlays and replay.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the left, the scenario being edited: the project keeps its scenarios
 * (TwinSimArchive, through the page's own connection to the project file),
 * and every edit of the form is saved once the typing settles and the
 * scenario is valid; otherwise the form says what is wrong. On the right,
 * the run bar, the charts, the runs of the project and the replay bar.
 *
 * A run is compiled here (twin_sim_run_prepare() reads the entities) and
 * integrated in a worker thread; the compiled model holds no entity, so the
 * twin stays editable meanwhile. The thread stores results through its own
 * connection, a batch about every quarter second, and reports progress into
 * a RunJob; a timer here (at most 30 Hz) shows the progress with elapsed and
 * remaining time and asks the charts to read the new samples. Asking for a
 * run while one goes queues it: it starts when the first one ends.
 *
 * Runs: selecting one charts its charted variables; two overlay them (the
 * second run dashed, in the first one's colours); a run and a measured
 * signal, chosen in the Compare list, share one chart. The replay bar
 * colours the 3D view by the selected run's results at the slider's time:
 * a TwinColorBy whose value function reads each entity's result signal
 * (ENTITY-PATH.PROPERTY, or the mean over its direct parts: a room shows
 * its air's temperature) at that time, over the run's whole range, so the
 * colours mean the same all through the replay.
 */

#define G_LOG_DOMAIN "twin-simulation-page"

#include "config.h"

#include "twin-simulation-page.h"

#include "history/twin-time-parse.h"
#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "sim/twin-sim-run.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The run bar and the charts follow a run at most this often (≤ 30 Hz). */
#define REFRESH_INTERVAL_MS 33
/* Form edits are saved once the typing pauses this long. */
#define SAVE_DELAY_MS 400
/* A replay plays the whole run in this many frames of REPLAY_FRAME_MS. */
#define REPLAY_FRAMES 300
#define REPLAY_FRAME_MS 40
/* Charts made for a run's variables, at most. */
#define MAX_CHARTS 6
#define US_PER_S G_GINT64_CONSTANT (1000000)

/* What a running simulation shares between the worker thread and the page. */
typedef struct
{
  TwinSimRun  *run;
  TwinProject *project; /* the project it runs on (main thread only) */
  GMutex       lock;
  double       fraction; /* under lock */
  double       t_s;      /* under lock */
  gint64       run_id;   /* under lock: known once the run has begun its record */
} RunJob;

static void
run_job_free (RunJob *job)
{
  g_clear_object (&job->run);
  g_clear_object (&job->project);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* The results a replay shows, shared with the colour setting's value function. */
typedef struct
{
  TwinHistorian *historian;
  gint64         t_us;
  GHashTable    *signals; /* entity path → gint64 signal id, for the replayed property */
  GHashTable    *cache;   /* entity path → double at t_us (NAN: no value) */
} Replay;

static void
replay_clear (Replay *replay)
{
  g_clear_object (&replay->historian);
  g_clear_pointer (&replay->signals, g_hash_table_unref);
  g_clear_pointer (&replay->cache, g_hash_table_unref);
}

static void
replay_release (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify) replay_clear);
}

struct _TwinSimulationPage
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkPaned          *paned;
  GtkDropDown       *scenario_dropdown;
  GtkEntry          *name_entry;
  GtkEntry          *start_entry;
  GtkEntry          *duration_entry;
  GtkEntry          *interval_entry;
  GtkDropDown       *method_dropdown;
  GtkEntry          *rtol_entry;
  GtkEntry          *atol_entry;
  GtkTextView       *overrides_view;
  GtkListBox        *inputs_list;
  GtkTextView       *charted_view;
  GtkTextView       *outputs_view;
  GtkDropDown       *store_states_dropdown;
  GtkLabel          *scenario_message;
  GtkButton         *run_button;
  GtkProgressBar    *run_progress;
  GtkLabel          *run_label;
  GtkStack          *chart_area;
  TwinChartStack    *chart_stack;
  GtkDropDown       *compare_dropdown;
  GtkColumnView     *runs_view;
  GtkToggleButton   *play_button;
  GtkScale          *replay_scale;
  GtkLabel          *replay_label;
  GtkDropDown       *property_dropdown;

  /* Owned references */
  TwinProject       *project;
  TwinSimArchive    *archive;   /* NULL without a project */
  TwinHistorian     *historian; /* the page's read connection to the results */
  TwinSimScenario   *scenario;  /* the scenario shown, as last read from the form */
  GtkStringList     *scenario_names;
  GtkStringList     *run_ids; /* the runs, newest first, as decimal text */
  GHashTable        *runs;    /* id text → TwinSimRunRecord */
  GtkMultiSelection *run_selection;
  GtkStringList     *signal_names;   /* measured (not simulated) signals of the history */
  GtkStringList     *compare_names;  /* "no comparison" + signal_names */
  GtkStringList     *property_names; /* what the replayed run can colour by */
  GHashTable        *replay_units;   /* property → unit, of the replayed run */
  GCancellable      *cancellable;    /* while a run goes */
  Replay            *replay;         /* NULL when no run is replayed */
  GtkStringList     *method_names;

  /* Borrowed references */
  TwinViewport      *viewport; /* weak */
  RunJob            *job;      /* the running task's data */

  /* State */
  char              *scenario_error;
  char              *run_message;
  guint              save_source;
  guint              refresh_source;
  guint              replay_source;
  gint64             run_started_us; /* monotonic */
  gint64             live_run_id;    /* the run being charted live, or 0 */
  gint64             live_start_us;
  double             live_duration_s;
  double             progress;
  gint64             replay_run_id;
  gint64             replay_start_us;
  double             replay_min;
  double             replay_max;
  gboolean           replay_shown;  /* the 3D view shows the replay */
  gboolean           live_charting; /* the charts follow the running run (until the user picks runs) */
  guint              live_made;     /* the running run's series found so far */
  gboolean           run_pending;
  gboolean           loading;   /* the form is being filled: edits are not the user's */
  gboolean           selecting; /* the runs' selection is being set */
};

G_DEFINE_FINAL_TYPE (TwinSimulationPage, twin_simulation_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_REPLAY_SHOWN,
  N_PROPS,
};

enum
{
  SIGNAL_ERROR,
  SIGNAL_VIEW_REQUESTED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

enum
{
  COLUMN_ID,
  COLUMN_SCENARIO,
  COLUMN_STATUS,
  COLUMN_METHOD,
  COLUMN_WHEN,
  COLUMN_MESSAGE,
};

static void update_actions (TwinSimulationPage *self);
static void show_selected_runs (TwinSimulationPage *self);
static void start_run (TwinSimulationPage *self);

/* --- Text helpers ------------------------------------------------------- */

static char *
get_text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_text_view_lines (GtkTextView *view,
                     GPtrArray   *lines)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);
}

/* The non-empty lines of @text, trimmed. */
static GPtrArray *
split_lines (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0')
        g_ptr_array_add (result, g_strdup (line));
    }
  return result;
}

static const struct
{
  const char *suffix;
  double      seconds;
} duration_units[] = {
  { "s", 1.0 },
  { "sec", 1.0 },
  { "min", 60.0 },
  { "m", 60.0 },
  { "h", 3600.0 },
  { "d", 86400.0 },
  { "w", 604800.0 },
};

/* "90", "15 min", "1.5 h", "7 d" as seconds. */
static gboolean
parse_duration (const char *text,
                const char *what,
                double     *seconds,
                GError    **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char            *end = NULL;
  double           number = g_ascii_strtod (copy, &end);

  if (end != copy && isfinite (number))
    {
      while (*end == ' ')
        end++;
      if (*end == '\0')
        {
          *seconds = number;
          return TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (duration_units); i++)
        if (g_ascii_strcasecmp (end, duration_units[i].suffix) == 0)
          {
            *seconds = number * duration_units[i].seconds;
            return TRUE;
          }
    }
  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
               /* Translators: the first %s is a field such as “The duration”, the second what was typed */
               _ ("%s “%s” is not a time span: write a number with s, min, h, d or w, such as “15 min”."), what,
               copy);
  return FALSE;
}

static char *
format_duration (double seconds)
{
  static const struct
  {
    const char *suffix;
    double      seconds;
  } units[] = { { "w", 604800.0 }, { "d", 86400.0 }, { "h", 3600.0 }, { "min", 60.0 } };
  g_autofree char *number = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (seconds >= units[i].seconds && fmod (seconds, units[i].seconds) == 0.0)
      {
        number = twin_format_number (seconds / units[i].seconds);
        return g_strdup_printf ("%s %s", number, units[i].suffix);
      }
  number = twin_format_number (seconds);
  return g_strdup_printf ("%s s", number);
}

static char *
format_local_time (gint64 t_us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (t_us / US_PER_S);
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  if (g_date_time_get_second (local) != 0)
    return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* "1:05" or "1:02:05". */
static char *
format_clock (double seconds)
{
  gint64 s = (gint64) MAX (0.0, round (seconds));

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static gboolean
parse_number (const char *text,
              const char *what,
              double     *number,
              GError    **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char            *end = NULL;

  *number = g_ascii_strtod (copy, &end);
  if (*copy == '\0' || end == copy || *end != '\0' || !isfinite (*number))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   /* Translators: the first %s is a field such as “The relative tolerance”, the second what was typed */
                   _ ("%s “%s” is not a number."), what, copy);
      return FALSE;
    }
  return TRUE;
}

static const char *
status_text (TwinSimRunStatus status)
{
  switch (status)
    {
    case TWIN_SIM_RUN_RUNNING:
      return C_ ("run status", "Running");
    case TWIN_SIM_RUN_COMPLETED:
      return C_ ("run status", "Completed");
    case TWIN_SIM_RUN_FAILED:
      return C_ ("run status", "Failed");
    case TWIN_SIM_RUN_CANCELLED:
      return C_ ("run status", "Cancelled");
    case TWIN_SIM_RUN_INTERRUPTED:
      return C_ ("run status", "Interrupted");
    default:
      return "?";
    }
}

/* --- Scenario form ------------------------------------------------------ */

static void
set_scenario_message (TwinSimulationPage *self,
                      const char         *message)
{
  g_free (self->scenario_error);
  self->scenario_error = g_strdup (message);
  gtk_label_set_label (self->scenario_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_message), message != NULL);
}

static void              form_changed_cb (TwinSimulationPage *self);

static const char *const input_kind_names[] = {
  N_ ("Constant"),
  N_ ("Profile"),
  N_ ("History"),
};

static void
input_kind_changed_cb (GtkDropDown *kind,
                       GParamSpec  *pspec,
                       GtkWidget   *row)
{
  guint      selected = gtk_drop_down_get_selected (kind);
  GtkWidget *value = g_object_get_data (G_OBJECT (row), "value-entry");
  GtkWidget *signal = g_object_get_data (G_OBJECT (row), "signal-dropdown");
  GtkWidget *stepwise = g_object_get_data (G_OBJECT (row), "stepwise-check");

  gtk_widget_set_visible (value, selected != TWIN_SIM_INPUT_HISTORY);
  gtk_widget_set_visible (signal, selected == TWIN_SIM_INPUT_HISTORY);
  gtk_widget_set_visible (stepwise, selected == TWIN_SIM_INPUT_PROFILE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (value), selected == TWIN_SIM_INPUT_PROFILE
                                                       /* Translators: a profile: pairs of time (s) and value */
                                                       ? _ ("0 5; 3600 8; 7200 6")
                                                       : _ ("Value"));
}

static void
remove_input_clicked_cb (GtkButton *button,
                         GtkWidget *row)
{
  TwinSimulationPage *self = g_object_get_data (G_OBJECT (row), "page");

  gtk_list_box_remove (self->inputs_list, row);
  form_changed_cb (self);
}

static char *
profile_to_text (const TwinSimInput *input)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n = input->times_s != NULL && input->values != NULL ? MIN (input->times_s->len, input->values->len) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *t = twin_format_number (g_array_index (input->times_s, double, i));
      g_autofree char *v = twin_format_number (g_array_index (input->values, double, i));

      g_string_append_printf (text, "%s%s %s", i > 0 ? "; " : "", t, v);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A row of the inputs list, showing @input (or a new constant input). */
static GtkWidget *
make_input_row (TwinSimulationPage *self,
                const TwinSimInput *input)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *target = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkWidget *kind;
  GtkWidget *value = gtk_entry_new ();
  GtkWidget *signal = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->signal_names)), NULL);
  GtkWidget *stepwise = gtk_check_button_new_with_label (_ ("Steps"));
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (input_kind_names); i++)
    gtk_string_list_append (kinds, _ (input_kind_names[i]));
  kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (target, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (target), _ ("Entity path.input port"));
  gtk_widget_set_tooltip_text (target, _ ("An unconnected input port, such as Office/Outside.temperature"));
  gtk_widget_set_tooltip_text (remove, _ ("Remove the Input"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_hexpand (value, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (value), 6);
  gtk_widget_set_hexpand (signal, TRUE);
  gtk_widget_set_tooltip_text (signal, _ ("The recorded signal whose samples drive the input"));
  gtk_widget_set_tooltip_text (stepwise, _ ("Hold each value until the next time, instead of a straight line"));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (signal), TRUE);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (signal),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  gtk_box_append (GTK_BOX (top), target);
  gtk_box_append (GTK_BOX (top), remove);
  gtk_box_append (GTK_BOX (bottom), kind);
  gtk_box_append (GTK_BOX (bottom), value);
  gtk_box_append (GTK_BOX (bottom), signal);
  gtk_box_append (GTK_BOX (bottom), stepwise);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  g_object_set_data (G_OBJECT (row), "page", self);
  g_object_set_data (G_OBJECT (row), "target-entry", target);
  g_object_set_data (G_OBJECT (row), "kind-dropdown", kind);
  g_object_set_data (G_OBJECT (row), "value-entry", value);
  g_object_set_data (G_OBJECT (row), "signal-dropdown", signal);
  g_object_set_data (G_OBJECT (row), "stepwise-check", stepwise);

  if (input != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (target), input->target != NULL ? input->target : "");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), (guint) input->kind);
      if (input->kind == TWIN_SIM_INPUT_CONSTANT)
        {
          g_autofree char *text = twin_format_number (input->value);

          gtk_editable_set_text (GTK_EDITABLE (value), text);
        }
      else if (input->kind == TWIN_SIM_INPUT_PROFILE)
        {
          g_autofree char *text = profile_to_text (input);

          gtk_editable_set_text (GTK_EDITABLE (value), text);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (stepwise), input->stepwise);
        }
      else
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (self->signal_names));

          /* A signal the history lacks now is listed anyway, so the scenario keeps it. */
          for (guint i = 0; i <= n; i++)
            {
              if (i == n && input->signal != NULL)
                gtk_string_list_append (self->signal_names, input->signal);
              if (g_strcmp0 (gtk_string_list_get_string (self->signal_names, i), input->signal) == 0)
                {
                  gtk_drop_down_set_selected (GTK_DROP_DOWN (signal), i);
                  break;
                }
            }
        }
    }
  input_kind_changed_cb (GTK_DROP_DOWN (kind), NULL, row);

  g_signal_connect (kind, "notify::selected", G_CALLBACK (input_kind_changed_cb), row);
  g_signal_connect_swapped (kind, "notify::selected", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (signal, "notify::selected", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (target, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (value, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (stepwise, "toggled", G_CALLBACK (form_changed_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_input_clicked_cb), row);
  return row;
}

/* "t v; t v" (or one pair a line) as a profile. */
static gboolean
parse_profile (const char   *text,
               const char   *target,
               TwinSimInput *input,
               GError      **error)
{
  g_autofree char *copy = g_strdup (text);
  g_auto (GStrv) pairs = NULL;

  g_strdelimit (copy, "\n", ';');
  pairs = g_strsplit (copy, ";", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) parts = NULL;
      char  *pair = g_strstrip (pairs[i]);
      double t, v;
      char  *end_t = NULL, *end_v = NULL;

      if (*pair == '\0')
        continue;
      g_strdelimit (pair, ",\t", ' ');
      t = g_ascii_strtod (pair, &end_t);
      v = end_t != pair ? g_ascii_strtod (end_t, &end_v) : NAN;
      while (end_v != NULL && *end_v == ' ')
        end_v++;
      if (end_t == pair || end_v == end_t || end_v == NULL || *end_v != '\0' || !isfinite (t) || !isfinite (v))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The profile of input “%s” has “%s”, which is not a time in seconds and a value."),
                       target, pair);
          return FALSE;
        }
      g_array_append_val (input->times_s, t);
      g_array_append_val (input->values, v);
    }
  if (input->times_s->len == 0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The profile of input “%s” is empty: give times in seconds and values, such as “0 5; 3600 8”."),
                   target);
      return FALSE;
    }
  return TRUE;
}

static TwinSimInput *
read_input_row (GtkWidget *row,
                GError   **error)
{
  const char  *target = gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "target-entry"));
  guint        kind = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "kind-dropdown"));
  const char  *value = gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "value-entry"));
  GtkDropDown *signal = g_object_get_data (G_OBJECT (row), "signal-dropdown");
  g_autoptr (GError) local_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (target));
  TwinSimInput    *input;

  if (kind > TWIN_SIM_INPUT_HISTORY)
    kind = TWIN_SIM_INPUT_CONSTANT;
  input = twin_sim_input_new (trimmed, (TwinSimInputKind) kind);
  switch (kind)
    {
    case TWIN_SIM_INPUT_CONSTANT:
      {
        g_autofree char *what = g_strdup_printf (_ ("The value of input “%s”"), trimmed);

        if (!parse_number (value, what, &input->value, error))
          goto fail;
      }
      break;
    case TWIN_SIM_INPUT_PROFILE:
      if (input->times_s == NULL)
        input->times_s = g_array_new (FALSE, FALSE, sizeof (double));
      if (input->values == NULL)
        input->values = g_array_new (FALSE, FALSE, sizeof (double));
      input->stepwise = gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "stepwise-check"));
      if (!parse_profile (value, trimmed, input, error))
        goto fail;
      break;
    case TWIN_SIM_INPUT_HISTORY:
      {
        GtkStringObject *item = gtk_drop_down_get_selected_item (signal);

        if (item == NULL)
          {
            g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                         _ ("Input “%s” replays history, but no signal is chosen for it."), trimmed);
            goto fail;
          }
        g_free (input->signal);
        input->signal = g_strdup (gtk_string_object_get_string (item));
      }
      break;
    default:
      break;
    }
  return input;

fail:
  twin_sim_input_free (input);
  return NULL;
}

static void
fill_form (TwinSimulationPage *self)
{
  const TwinSimScenario *scenario = self->scenario;
  g_autoptr (GPtrArray) overrides = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->inputs_list))) != NULL)
    gtk_list_box_remove (self->inputs_list, child);
  if (scenario == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->start_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->duration_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->interval_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->rtol_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->atol_entry), "");
      set_text_view_lines (self->overrides_view, NULL);
      set_text_view_lines (self->charted_view, NULL);
      set_text_view_lines (self->outputs_view, NULL);
      self->loading = FALSE;
      return;
    }
  {
    g_autofree char *start = format_local_time (scenario->start_us);
    g_autofree char *duration = format_duration (scenario->duration_s);
    g_autofree char *interval = format_duration (scenario->solver.output_interval_s);
    g_autofree char *rtol = g_strdup_printf ("%g", scenario->solver.rtol);
    g_autofree char *atol = g_strdup_printf ("%g", scenario->solver.atol);

    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), scenario->name);
    gtk_editable_set_text (GTK_EDITABLE (self->start_entry), start);
    gtk_editable_set_text (GTK_EDITABLE (self->duration_entry), duration);
    gtk_editable_set_text (GTK_EDITABLE (self->interval_entry), interval);
    gtk_editable_set_text (GTK_EDITABLE (self->rtol_entry), rtol);
    gtk_editable_set_text (GTK_EDITABLE (self->atol_entry), atol);
  }
  gtk_drop_down_set_selected (self->method_dropdown, (guint) scenario->solver.method);
  gtk_drop_down_set_selected (self->store_states_dropdown, (guint) scenario->store_states);
  if (scenario->overrides != NULL)
    {
      GHashTableIter iter;
      gpointer       key, value;

      g_hash_table_iter_init (&iter, scenario->overrides);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_ptr_array_add (overrides, g_strdup_printf ("%s = %s", (char *) key, (char *) value));
      g_ptr_array_sort (overrides, (GCompareFunc) g_strcmp0);
    }
  set_text_view_lines (self->overrides_view, overrides);
  set_text_view_lines (self->charted_view, scenario->charted);
  set_text_view_lines (self->outputs_view, scenario->outputs);
  for (guint i = 0; scenario->inputs != NULL && i < scenario->inputs->len; i++)
    gtk_list_box_append (self->inputs_list, make_input_row (self, g_ptr_array_index (scenario->inputs, i)));
  self->loading = FALSE;
}

/* The scenario as the form shows it, or NULL with what is wrong. */
static TwinSimScenario *
read_form (TwinSimulationPage *self,
           GError            **error)
{
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) time_error = NULL;
  const char *start = gtk_editable_get_text (GTK_EDITABLE (self->start_entry));
  guint       method = gtk_drop_down_get_selected (self->method_dropdown);
  guint       store = gtk_drop_down_get_selected (self->store_states_dropdown);

  if (self->scenario == NULL)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("No scenario is chosen."));
      return NULL;
    }
  scenario = twin_sim_scenario_copy (self->scenario);
  if (!twin_time_parse (start, local, &scenario->start_us, &time_error))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The start “%s” is not a date and time such as “2024-01-15 08:00”: %s"), start,
                   time_error->message);
      return NULL;
    }
  if (!parse_duration (gtk_editable_get_text (GTK_EDITABLE (self->duration_entry)), _ ("The duration"),
                       &scenario->duration_s, error) ||
      !parse_duration (gtk_editable_get_text (GTK_EDITABLE (self->interval_entry)), _ ("The output interval"),
                       &scenario->solver.output_interval_s, error) ||
      !parse_number (gtk_editable_get_text (GTK_EDITABLE (self->rtol_entry)), _ ("The relative tolerance"),
                     &scenario->solver.rtol, error) ||
      !parse_number (gtk_editable_get_text (GTK_EDITABLE (self->atol_entry)), _ ("The absolute tolerance"),
                     &scenario->solver.atol, error))
    return NULL;
  scenario->solver.t0_s = 0.0;
  scenario->solver.t1_s = scenario->duration_s;
  scenario->solver.method = method <= TWIN_SIM_METHOD_CVODE_KLU ? (TwinSimMethod) method : TWIN_SIM_METHOD_AUTO;
  scenario->store_states = store <= TWIN_SIM_STORE_STATES_NONE ? (TwinSimStoreStates) store
                                                               : TWIN_SIM_STORE_STATES_AUTO;

  /* Overrides: "PATH.PARAMETER = VALUE" a line. */
  if (scenario->overrides != NULL)
    g_hash_table_remove_all (scenario->overrides);
  text = get_text_view_text (self->overrides_view);
  lines = split_lines (text);
  for (guint i = 0; i < lines->len; i++)
    {
      const char      *line = g_ptr_array_index (lines, i);
      const char      *equals = strchr (line, '=');
      g_autofree char *path = NULL;
      g_autofree char *value = NULL;
      g_autofree char *assignment = NULL;

      if (equals == NULL)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The override “%s” has no “=”: write entity path.parameter = value."), line);
          return NULL;
        }
      path = g_strstrip (g_strndup (line, (gsize) (equals - line)));
      value = g_strstrip (g_strdup (equals + 1));
      assignment = g_strconcat (path, "=", value, NULL);
      if (!twin_sim_scenario_add_override_text (scenario, assignment, error))
        return NULL;
    }
  g_clear_pointer (&lines, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  text = get_text_view_text (self->charted_view);
  g_clear_pointer (&scenario->charted, g_ptr_array_unref);
  scenario->charted = split_lines (text);
  g_clear_pointer (&text, g_free);
  text = get_text_view_text (self->outputs_view);
  g_clear_pointer (&scenario->outputs, g_ptr_array_unref);
  scenario->outputs = split_lines (text);

  if (scenario->inputs == NULL)
    scenario->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_sim_input_free);
  g_ptr_array_set_size (scenario->inputs, 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->inputs_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      TwinSimInput *input;

      if (!GTK_IS_LIST_BOX_ROW (row) || g_object_get_data (G_OBJECT (row), "target-entry") == NULL)
        continue;
      input = read_input_row (row, error);
      if (input == NULL)
        return NULL;
      g_ptr_array_add (scenario->inputs, input);
    }

  if (!twin_sim_scenario_validate (scenario, error))
    return NULL;
  return g_steal_pointer (&scenario);
}

/* Reads the form and, when it holds a valid scenario, keeps it in the project. */
static gboolean
save_form (TwinSimulationPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimScenario) scenario = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->scenario == NULL)
    return FALSE;
  scenario = read_form (self, &error);
  if (scenario == NULL)
    {
      set_scenario_message (self, error->message);
      return FALSE;
    }
  /* The name field renames only on Enter: until then the scenario keeps its name. */
  g_free (scenario->name);
  scenario->name = g_strdup (self->scenario->name);
  if (self->archive != NULL && !twin_project_get_is_read_only (self->project) &&
      !twin_sim_archive_save_scenario (self->archive, scenario, &error))
    {
      set_scenario_message (self, error->message);
      return FALSE;
    }
  twin_sim_scenario_free (self->scenario);
  self->scenario = g_steal_pointer (&scenario);
  set_scenario_message (self, NULL);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer data)
{
  TwinSimulationPage *self = data;

  self->save_source = 0;
  save_form (self);
  return G_SOURCE_REMOVE;
}

static void
form_changed_cb (TwinSimulationPage *self)
{
  if (self->loading || self->scenario == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* Lists the project's scenarios and shows @select (or the first one). */
static void
reload_scenarios (TwinSimulationPage *self,
                  const char         *select)
{
  g_autoptr (GPtrArray) scenarios = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *wanted = g_strdup (select);
  guint            n;

  self->loading = TRUE;
  if (self->archive != NULL)
    scenarios = twin_sim_archive_list_scenarios (self->archive, &error);
  if (error != NULL)
    set_scenario_message (self, error->message);
  for (guint i = 0; scenarios != NULL && i < scenarios->len; i++)
    g_ptr_array_add (names, ((TwinSimScenario *) g_ptr_array_index (scenarios, i))->name);
  g_ptr_array_add (names, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenario_names));
  gtk_string_list_splice (self->scenario_names, 0, n, (const char *const *) names->pdata);
  self->loading = FALSE;

  n = names->len - 1;
  if (wanted == NULL && n > 0)
    wanted = g_strdup (g_ptr_array_index (names, 0));
  if (wanted == NULL || !twin_simulation_page_select_scenario (self, wanted))
    {
      g_clear_pointer (&self->scenario, twin_sim_scenario_free);
      fill_form (self);
    }
  update_actions (self);
}

static void
scenario_selected_cb (TwinSimulationPage *self)
{
  GtkStringObject *item;

  if (self->loading)
    return;
  item = gtk_drop_down_get_selected_item (self->scenario_dropdown);
  if (item != NULL && (self->scenario == NULL || g_strcmp0 (self->scenario->name, gtk_string_object_get_string (item)) != 0))
    twin_simulation_page_select_scenario (self, gtk_string_object_get_string (item));
}

static void
name_activated_cb (TwinSimulationPage *self)
{
  g_autoptr (GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));

  if (self->scenario == NULL || g_strcmp0 (name, self->scenario->name) == 0)
    return;
  if (!twin_simulation_page_rename_scenario (self, name, &error))
    set_scenario_message (self, error->message);
}

/* --- Runs list ---------------------------------------------------------- */

static TwinSimRunRecord *
lookup_run (TwinSimulationPage *self,
            gint64              id)
{
  char key[32];

  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, id);
  return g_hash_table_lookup (self->runs, key);
}

static void
run_cell_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
run_cell_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TwinSimulationPage       *self)
{
  GtkLabel         *label = GTK_LABEL (gtk_list_item_get_child (item));
  const char       *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  TwinSimRunRecord *record = g_hash_table_lookup (self->runs, key);
  int               column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char  *text = NULL;

  if (record == NULL)
    {
      gtk_label_set_label (label, "");
      return;
    }
  switch (column)
    {
    case COLUMN_ID:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
      break;
    case COLUMN_SCENARIO:
      text = g_strdup (record->scenario_name != NULL ? record->scenario_name : "");
      break;
    case COLUMN_STATUS:
      text = g_strdup (status_text (record->status));
      break;
    case COLUMN_METHOD:
      text = g_strdup (record->method != NULL ? record->method : "");
      break;
    case COLUMN_WHEN:
      text = format_local_time (record->started_us);
      break;
    case COLUMN_MESSAGE:
    default:
      text = g_strdup (record->message != NULL ? record->message : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), record->message);
      break;
    }
  gtk_label_set_label (label, text);
}

static void
add_run_column (TwinSimulationPage *self,
                const char         *title,
                int                 column,
                gboolean            expand)
{
  GtkListItemFactory  *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (run_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (run_cell_bind_cb), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->runs_view, view_column);
  g_object_unref (view_column);
}

/* The ids of the selected runs, in list order (newest first). */
static GArray *
get_selected_run_ids (TwinSimulationPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint   n = self->run_ids != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->run_ids)) : 0;

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->run_selection), i))
      {
        gint64 id = g_ascii_strtoll (gtk_string_list_get_string (self->run_ids, i), NULL, 10);

        g_array_append_val (ids, id);
      }
  return ids;
}

static void
runs_selection_changed_cb (TwinSimulationPage *self)
{
  if (self->selecting)
    return;
  show_selected_runs (self);
  update_actions (self);
}

/* Reads the list of signals: measured ones for inputs and comparisons. */
static void
reload_signals (TwinSimulationPage *self)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GtkStringObject *compared = gtk_drop_down_get_selected_item (self->compare_dropdown);
  g_autofree char *keep = compared != NULL && gtk_drop_down_get_selected (self->compare_dropdown) > 0
                            ? g_strdup (gtk_string_object_get_string (compared))
                            : NULL;
  guint            n;

  if (self->historian == NULL && self->project != NULL)
    self->historian = twin_historian_open (twin_project_get_path (self->project), TRUE, &error);
  if (self->historian != NULL)
    infos = twin_historian_list_signals (self->historian, &error);
  if (error != NULL)
    g_debug ("Cannot read the history: %s", error->message);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      TwinSignalInfo  *info = g_ptr_array_index (infos, i);
      gint64           run_id;
      g_autofree char *variable = NULL;

      if (!twin_sim_parse_result_signal_name (info->name, &run_id, &variable))
        g_ptr_array_add (names, info->name);
    }
  g_ptr_array_add (names, NULL);
  self->selecting = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->signal_names));
  gtk_string_list_splice (self->signal_names, 0, n, (const char *const *) names->pdata);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->compare_names));
  gtk_string_list_splice (self->compare_names, 1, n - 1, (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->compare_dropdown, 0);
  for (guint i = 0; keep != NULL && i + 1 < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), keep) == 0)
      gtk_drop_down_set_selected (self->compare_dropdown, i + 1);
  self->selecting = FALSE;
}

/* --- Charts ------------------------------------------------------------- */

static void
clear_charts (TwinSimulationPage *self)
{
  while (twin_chart_stack_get_n_charts (self->chart_stack) > 0)
    twin_chart_stack_remove_chart (self->chart_stack, twin_chart_stack_get_chart (self->chart_stack, 0));
  gtk_stack_set_visible_child_name (self->chart_area, "empty");
}

static TwinChartSeries *
make_series (TwinSimulationPage *self,
             const char         *signal_name,
             const char         *label)
{
  g_autoptr (TwinSignalInfo) info = NULL;
  TwinChartSeries *series;

  if (self->historian == NULL)
    return NULL;
  info = twin_historian_lookup_signal (self->historian, signal_name, NULL);
  if (info == NULL)
    return NULL;
  /* Made under the signal's name, which its source looks the extent up by; then labelled. */
  series = twin_chart_series_new_for_historian (self->historian, info->id, info->name, info->unit);
  twin_chart_series_set_name (series, label);
  return series;
}

/* The name of @variable without the root's name, for legends. */
static const char *
short_variable (const char *variable)
{
  const char *slash = strchr (variable, '/');
  const char *dot = strrchr (variable, '.');

  return slash != NULL && (dot == NULL || slash < dot) ? slash + 1 : variable;
}

/* The variables a run charts: its scenario's, else a few of its results (temperatures first). */
static GPtrArray *
dup_run_variables (TwinSimulationPage    *self,
                   gint64                 run_id,
                   const TwinSimScenario *scenario)
{
  GPtrArray *variables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) infos = NULL;

  if (scenario != NULL && scenario->charted != NULL && scenario->charted->len > 0)
    {
      for (guint i = 0; i < scenario->charted->len && variables->len < MAX_CHARTS; i++)
        g_ptr_array_add (variables, g_strdup (g_ptr_array_index (scenario->charted, i)));
      return variables;
    }
  if (self->historian == NULL || (infos = twin_historian_list_signals (self->historian, NULL)) == NULL)
    return variables;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < infos->len && variables->len < 4; i++)
      {
        TwinSignalInfo  *info = g_ptr_array_index (infos, i);
        gint64           id;
        g_autofree char *variable = NULL;
        gboolean         celsius = g_strcmp0 (info->unit, "°C") == 0;

        if (twin_sim_parse_result_signal_name (info->name, &id, &variable) && id == run_id &&
            (pass == 0 ? celsius : !celsius))
          g_ptr_array_add (variables, g_steal_pointer (&variable));
      }
  return variables;
}

static TwinSimScenario *
dup_run_scenario (TwinSimulationPage *self,
                  gint64              run_id)
{
  TwinSimRunRecord *record = lookup_run (self, run_id);

  if (record == NULL || record->scenario_json == NULL)
    return NULL;
  return twin_sim_scenario_new_from_json (record->scenario_json, NULL);
}

/* One chart per variable of the first run, with the other runs' same
 * variable dashed in its colour, and @measured (nullable) beside the
 * first chart of its unit. Returns how many series could be made. */
static guint
chart_runs (TwinSimulationPage *self,
            const gint64       *run_ids,
            guint               n_runs,
            GPtrArray          *variables,
            const char         *measured)
{
  guint n_series = 0;

  clear_charts (self);
  for (guint v = 0; v < variables->len && v < MAX_CHARTS; v++)
    {
      const char *variable = g_ptr_array_index (variables, v);
      TwinChart  *chart = NULL;
      GdkRGBA     first_color;
      gboolean    have_first = FALSE;

      for (guint r = 0; r < n_runs; r++)
        {
          g_autofree char *signal = twin_sim_result_signal_name (run_ids[r], variable);
          g_autofree char *label = NULL;
          g_autoptr (TwinChartSeries) series = NULL;

          /* Translators: a chart legend: a variable and the run it comes from, as in “Lobby/Air.T · run 3” */
          label = g_strdup_printf (_ ("%s · run %" G_GINT64_FORMAT), short_variable (variable), run_ids[r]);
          series = make_series (self, signal, label);
          if (series == NULL)
            continue;
          if (have_first)
            {
              twin_chart_series_set_style (series, TWIN_CHART_SERIES_DASHED);
              twin_chart_series_set_color (series, &first_color);
            }
          else if (measured != NULL)
            twin_chart_series_set_style (series, TWIN_CHART_SERIES_DASHED);
          /* A chart only for a variable some run has. */
          if (chart == NULL)
            chart = twin_chart_stack_add_chart (self->chart_stack);
          twin_chart_stack_add_series (self->chart_stack, chart, series);
          if (!have_first)
            have_first = twin_chart_get_series_color (chart, series, &first_color);
          n_series++;
        }
    }
  if (measured != NULL)
    {
      g_autoptr (TwinChartSeries) series = make_series (self, measured, measured);

      if (series != NULL)
        {
          TwinChart *chart = NULL;

          for (guint i = 0; i < twin_chart_stack_get_n_charts (self->chart_stack) && chart == NULL; i++)
            {
              TwinChart *candidate = twin_chart_stack_get_chart (self->chart_stack, i);

              if (twin_chart_get_n_series (candidate) > 0 &&
                  g_strcmp0 (twin_chart_series_get_unit (twin_chart_get_series (candidate, 0)),
                             twin_chart_series_get_unit (series)) == 0)
                chart = candidate;
            }
          if (chart == NULL)
            chart = twin_chart_stack_get_n_charts (self->chart_stack) > 0
                      ? twin_chart_stack_get_chart (self->chart_stack, 0)
                      : twin_chart_stack_add_chart (self->chart_stack);
          twin_chart_stack_add_series (self->chart_stack, chart, series);
          n_series++;
        }
    }
  if (twin_chart_stack_get_n_charts (self->chart_stack) > 0)
    gtk_stack_set_visible_child_name (self->chart_area, "charts");
  return n_series;
}

static void
fit_charts (TwinSimulationPage *self,
            const gint64       *run_ids,
            guint               n_runs)
{
  gint64 from = G_MAXINT64, to = G_MININT64;

  if (twin_chart_stack_get_n_charts (self->chart_stack) == 0)
    return;
  /* The runs' whole simulated spans, so a run still going grows into its frame. */
  for (guint r = 0; r < n_runs; r++)
    {
      TwinSimRunRecord *record = lookup_run (self, run_ids[r]);
      g_autoptr (TwinSimScenario) scenario = dup_run_scenario (self, run_ids[r]);

      if (record == NULL)
        continue;
      from = MIN (from, record->start_us);
      to = MAX (to, record->start_us + (gint64) ((scenario != NULL ? scenario->duration_s : record->t_reached_s) * 1e6));
    }
  if (from < to)
    twin_chart_range_set (twin_chart_stack_get_range (self->chart_stack), from, to);
  else
    twin_chart_reset (twin_chart_stack_get_chart (self->chart_stack, 0));
}

/* --- Replay ------------------------------------------------------------- */

static gboolean
replay_sample (Replay     *replay,
               const char *path,
               double     *value)
{
  gint64    *id = g_hash_table_lookup (replay->signals, path);
  TwinSample sample;

  if (id == NULL || !twin_historian_sample_at (replay->historian, *id, replay->t_us, &sample))
    return FALSE;
  *value = sample.value;
  return TRUE;
}

/* An entity's result at the replay's time: its own variable, or the mean of its direct parts'. */
static gboolean
replay_value_cb (TwinEntity *entity,
                 const char *parameter,
                 double     *value,
                 gpointer    user_data)
{
  Replay          *replay = user_data;
  g_autofree char *path = twin_entity_dup_path (entity);
  double          *cached = g_hash_table_lookup (replay->cache, path);
  double           result = NAN;

  if (cached != NULL)
    result = *cached;
  else
    {
      if (!replay_sample (replay, path, &result))
        {
          double sum = 0.0;
          guint  n = 0;

          for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
            {
              g_autofree char *child = twin_entity_dup_path (twin_entity_get_child (entity, i));
              double           v;

              if (replay_sample (replay, child, &v))
                {
                  sum += v;
                  n++;
                }
            }
          result = n > 0 ? sum / n : NAN;
        }
      g_hash_table_insert (replay->cache, g_strdup (path), g_memdup2 (&result, sizeof result));
    }
  *value = result;
  return isfinite (result);
}

static void
update_replay_label (TwinSimulationPage *self)
{
  double           t_s = gtk_range_get_value (GTK_RANGE (self->replay_scale));
  g_autofree char *text = NULL;

  if (self->replay_run_id == 0)
    text = g_strdup ("");
  else
    text = format_local_time (self->replay_start_us + (gint64) (t_s * 1e6));
  gtk_label_set_label (self->replay_label, text);
}

static void
set_replay_shown (TwinSimulationPage *self,
                  gboolean            shown)
{
  if (self->replay_shown == shown)
    return;
  self->replay_shown = shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLAY_SHOWN]);
}

/* Colours the 3D view by the replay at the slider's time. */
static void
apply_replay (TwinSimulationPage *self)
{
  g_autoptr (TwinColorBy) color_by = NULL;
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->property_dropdown);
  const char      *property = item != NULL ? gtk_string_object_get_string (item) : NULL;
  TwinColorBy     *shown;

  update_replay_label (self);
  if (self->replay == NULL || self->viewport == NULL || property == NULL)
    return;
  self->replay->t_us = self->replay_start_us + (gint64) (gtk_range_get_value (GTK_RANGE (self->replay_scale)) * 1e6);
  g_hash_table_remove_all (self->replay->cache);

  color_by = twin_color_by_new (twin_parameter_is_valid_name (property) ? property : "value");
  twin_color_by_set_auto_range (color_by, FALSE);
  twin_color_by_set_fixed_range (color_by, self->replay_min,
                                 self->replay_max > self->replay_min ? self->replay_max : self->replay_min + 1.0);
  /* The view keeps a copy; its value function is the replay's. Setting it
   * anew makes the view draw again (it does not follow values changing). */
  twin_viewport_set_color_by (self->viewport, color_by);
  shown = twin_viewport_get_color_by (self->viewport);
  if (shown != NULL)
    {
      twin_color_by_set_value_func (shown, replay_value_cb, g_rc_box_acquire (self->replay), replay_release);
      /* The legend's unit is the run's (°C), not that of a parameter of the same name. */
      twin_color_by_set_unit (shown, g_hash_table_lookup (self->replay_units, property));
    }
  set_replay_shown (self, TRUE);
}

/* Builds the replay of the chosen property for the replayed run. */
static void
rebuild_replay (TwinSimulationPage *self)
{
  g_autoptr (GPtrArray) infos = NULL;
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->property_dropdown);
  const char      *property = item != NULL ? gtk_string_object_get_string (item) : NULL;
  gboolean         found = FALSE;

  g_clear_pointer (&self->replay, replay_release);
  if (self->replay_run_id == 0 || property == NULL || self->historian == NULL ||
      (infos = twin_historian_list_signals (self->historian, NULL)) == NULL)
    return;
  self->replay = g_rc_box_new0 (Replay);
  self->replay->historian = g_object_ref (self->historian);
  self->replay->signals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->replay->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->replay_min = 0.0;
  self->replay_max = 1.0;
  for (guint i = 0; i < infos->len; i++)
    {
      TwinSignalInfo  *info = g_ptr_array_index (infos, i);
      g_autofree char *variable = NULL;
      g_autoptr (GArray) buckets = NULL;
      gint64      id;
      const char *dot;

      if (!twin_sim_parse_result_signal_name (info->name, &id, &variable) || id != self->replay_run_id ||
          (dot = strrchr (variable, '.')) == NULL || strcmp (dot + 1, property) != 0)
        continue;
      g_hash_table_insert (self->replay->signals, g_strndup (variable, (gsize) (dot - variable)),
                           g_memdup2 (&info->id, sizeof info->id));
      /* The run's whole range of the property keeps the colours steady through the replay. */
      buckets = twin_historian_query (self->historian, info->id, info->first_us, info->last_us + 1, 1, NULL);
      for (guint b = 0; buckets != NULL && b < buckets->len; b++)
        {
          TwinBucket *bucket = &g_array_index (buckets, TwinBucket, b);

          self->replay_min = found ? MIN (self->replay_min, bucket->min) : bucket->min;
          self->replay_max = found ? MAX (self->replay_max, bucket->max) : bucket->max;
          found = TRUE;
        }
    }
}

/* Lists what the replayed run can colour by: the properties of its results. */
static void
reload_properties (TwinSimulationPage *self)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->property_dropdown);
  g_autofree char *keep = item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
  guint            select = 0;
  gboolean         have_celsius = FALSE;
  guint            n;

  g_hash_table_remove_all (self->replay_units);
  if (self->replay_run_id != 0 && self->historian != NULL)
    infos = twin_historian_list_signals (self->historian, NULL);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      TwinSignalInfo  *info = g_ptr_array_index (infos, i);
      g_autofree char *variable = NULL;
      gint64           id;
      const char      *dot;

      if (!twin_sim_parse_result_signal_name (info->name, &id, &variable) || id != self->replay_run_id ||
          (dot = strrchr (variable, '.')) == NULL || g_hash_table_contains (self->replay_units, dot + 1))
        continue;
      g_hash_table_insert (self->replay_units, g_strdup (dot + 1), g_strdup (info->unit != NULL ? info->unit : ""));
      g_ptr_array_add (names, g_strdup (dot + 1));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  /* The one shown before, else a temperature in °C, else the first. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *unit = g_hash_table_lookup (self->replay_units, g_ptr_array_index (names, i));

      if (keep != NULL && g_strcmp0 (keep, g_ptr_array_index (names, i)) == 0)
        {
          select = i;
          break;
        }
      if (!have_celsius && g_strcmp0 (unit, "°C") == 0)
        {
          select = i;
          have_celsius = TRUE;
        }
    }
  g_ptr_array_add (names, NULL);
  self->selecting = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->property_names));
  gtk_string_list_splice (self->property_names, 0, n, (const char *const *) names->pdata);
  if (names->len > 1)
    gtk_drop_down_set_selected (self->property_dropdown, select);
  self->selecting = FALSE;
}

/* Replays @run_id (0: none) on the slider. */
static void
set_replay_run (TwinSimulationPage *self,
                gint64              run_id)
{
  TwinSimRunRecord *record = run_id != 0 ? lookup_run (self, run_id) : NULL;
  GtkAdjustment    *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->replay_scale));
  double            span = record != NULL ? MAX (record->t_reached_s, 0.0) : 0.0;

  self->replay_run_id = record != NULL ? run_id : 0;
  self->replay_start_us = record != NULL ? record->start_us : 0;
  reload_properties (self);
  rebuild_replay (self);
  self->selecting = TRUE;
  gtk_adjustment_configure (adjustment, MIN (gtk_adjustment_get_value (adjustment), span), 0.0, MAX (span, 0.0),
                            MAX (span / REPLAY_FRAMES, 1.0), MAX (span / 10.0, 1.0), 0.0);
  self->selecting = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->replay_scale), self->replay_run_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), self->replay_run_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->property_dropdown), self->replay_run_id != 0);
  if (self->replay_shown)
    apply_replay (self);
  else
    update_replay_label (self);
  update_actions (self);
}

static void
replay_moved_cb (TwinSimulationPage *self)
{
  if (self->selecting)
    return;
  apply_replay (self);
}

static void
property_selected_cb (TwinSimulationPage *self)
{
  if (self->selecting)
    return;
  rebuild_replay (self);
  if (self->replay_shown)
    apply_replay (self);
}

static gboolean
replay_tick_cb (gpointer data)
{
  TwinSimulationPage *self = data;
  GtkAdjustment      *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->replay_scale));
  double              upper = gtk_adjustment_get_upper (adjustment);
  double              next = gtk_adjustment_get_value (adjustment) + upper / REPLAY_FRAMES;

  if (next >= upper)
    {
      gtk_adjustment_set_value (adjustment, upper);
      self->replay_source = 0;
      gtk_toggle_button_set_active (self->play_button, FALSE);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, next);
  return G_SOURCE_CONTINUE;
}

static void
play_toggled_cb (TwinSimulationPage *self)
{
  gboolean playing = gtk_toggle_button_get_active (self->play_button);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  g_clear_handle_id (&self->replay_source, g_source_remove);
  if (!playing)
    return;
  if (self->replay_run_id == 0)
    {
      gtk_toggle_button_set_active (self->play_button, FALSE);
      return;
    }
  {
    GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->replay_scale));

    /* From the start again once it has played to the end. */
    if (gtk_adjustment_get_value (adjustment) >= gtk_adjustment_get_upper (adjustment))
      gtk_adjustment_set_value (adjustment, 0.0);
  }
  apply_replay (self);
  g_signal_emit (self, signals[SIGNAL_VIEW_REQUESTED], 0, "3d");
  self->replay_source = g_timeout_add (REPLAY_FRAME_MS, replay_tick_cb, self);
}

/* --- Showing runs ------------------------------------------------------- */

static void
show_selected_runs (TwinSimulationPage *self)
{
  g_autoptr (GArray) ids = get_selected_run_ids (self);
  g_autoptr (GPtrArray) variables = NULL;
  g_autoptr (TwinSimScenario) scenario = NULL;
  const char *measured = NULL;
  gint64     *run_ids = (gint64 *) ids->data;

  if (gtk_drop_down_get_selected (self->compare_dropdown) > 0 && gtk_drop_down_get_selected_item (self->compare_dropdown))
    measured = gtk_string_object_get_string (gtk_drop_down_get_selected_item (self->compare_dropdown));
  if (ids->len == 0)
    {
      clear_charts (self);
      set_replay_run (self, 0);
      return;
    }
  /* The older of two runs first: the newer one is the dashed one. */
  if (ids->len == 2)
    {
      gint64 newer = run_ids[0];

      run_ids[0] = run_ids[1];
      run_ids[1] = newer;
    }
  scenario = dup_run_scenario (self, run_ids[0]);
  variables = dup_run_variables (self, run_ids[0], scenario);
  chart_runs (self, run_ids, MIN (ids->len, 2), variables, measured);
  fit_charts (self, run_ids, MIN (ids->len, 2));
  self->live_charting = FALSE;
  set_replay_run (self, run_ids[0]);
}

/* --- Running ------------------------------------------------------------ */

static void
progress_cb (double   fraction,
             double   t_s,
             gpointer user_data)
{
  RunJob *job = user_data;
  gint64  id = twin_sim_run_get_id (job->run);

  g_mutex_lock (&job->lock);
  job->fraction = fraction;
  job->t_s = t_s;
  job->run_id = id;
  g_mutex_unlock (&job->lock);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunJob  *job = task_data;
  GError  *error = NULL;
  gboolean ok = twin_sim_run_execute (job->run, progress_cb, job, cancellable, &error);

  g_mutex_lock (&job->lock);
  job->run_id = twin_sim_run_get_id (job->run);
  g_mutex_unlock (&job->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_run_message (TwinSimulationPage *self,
                 const char         *message)
{
  g_free (self->run_message);
  self->run_message = g_strdup (message);
  gtk_label_set_label (self->run_label, message != NULL ? message : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_label), message);
}

/* Charts the running run's variables once its signals exist. */
/* Charts the running run's variables as their signals appear (the run
 * makes them with its first batch of results); a name that never appears
 * (a typo in the scenario) costs one look-up per refresh, not a redraw. */
static void
chart_live_run (TwinSimulationPage *self)
{
  g_autoptr (GPtrArray) variables = NULL;
  guint found = 0;

  if (self->live_run_id == 0 || self->job == NULL || self->historian == NULL)
    return;
  variables = dup_run_variables (self, self->live_run_id, twin_sim_run_get_scenario (self->job->run));
  for (guint i = 0; i < variables->len && i < MAX_CHARTS; i++)
    {
      g_autofree char *signal = twin_sim_result_signal_name (self->live_run_id, g_ptr_array_index (variables, i));
      g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (self->historian, signal, NULL);

      if (info != NULL)
        found++;
    }
  if (found <= self->live_made)
    return;
  self->live_made = chart_runs (self, &self->live_run_id, 1, variables, NULL);
  twin_chart_range_set (twin_chart_stack_get_range (self->chart_stack), self->live_start_us,
                        self->live_start_us + (gint64) (self->live_duration_s * 1e6));
}

static void
refresh_live_charts (TwinSimulationPage *self)
{
  for (guint i = 0; i < twin_chart_stack_get_n_charts (self->chart_stack); i++)
    {
      TwinChart *chart = twin_chart_stack_get_chart (self->chart_stack, i);

      for (guint j = 0; j < twin_chart_get_n_series (chart); j++)
        twin_chart_series_invalidate (twin_chart_get_series (chart, j));
    }
}

static gboolean
refresh_cb (gpointer data)
{
  TwinSimulationPage *self = data;
  RunJob             *job = self->job;
  double              fraction, t_s;
  gint64              run_id;
  double              elapsed_s;
  g_autofree char    *elapsed = NULL;
  g_autofree char    *text = NULL;

  if (job == NULL)
    {
      self->refresh_source = 0;
      return G_SOURCE_REMOVE;
    }
  g_mutex_lock (&job->lock);
  fraction = job->fraction;
  t_s = job->t_s;
  run_id = job->run_id;
  g_mutex_unlock (&job->lock);

  if (run_id != 0 && self->live_run_id != run_id)
    {
      /* The run has its record: list it and chart it. */
      self->live_run_id = run_id;
      self->live_made = 0;
      twin_simulation_page_reload_runs (self);
    }
  if (self->live_charting && self->live_run_id != 0 && fraction > 0.0)
    chart_live_run (self);
  if (fraction != self->progress)
    {
      self->progress = CLAMP (fraction, 0.0, 1.0);
      gtk_progress_bar_set_fraction (self->run_progress, self->progress);
      refresh_live_charts (self);
    }

  elapsed_s = (g_get_monotonic_time () - self->run_started_us) / 1e6;
  elapsed = format_clock (elapsed_s);
  /* An estimate once there is something to go by. */
  if (fraction > 0.0 && (fraction > 0.01 || elapsed_s > 1.0))
    {
      g_autofree char *remaining = format_clock (elapsed_s * (1.0 - fraction) / fraction);
      g_autofree char *simulated = format_local_time (self->live_start_us + (gint64) (t_s * 1e6));

      /* Translators: run progress: the percentage, the simulated time reached, wall time spent and left */
      text = g_strdup_printf (_ ("%.0f %% · at %s · %s elapsed, about %s left"), fraction * 100.0, simulated, elapsed,
                              remaining);
    }
  else
    /* Translators: run progress before an estimate is possible; %s is the wall time spent */
    text = g_strdup_printf (_ ("Starting · %s elapsed"), elapsed);
  set_run_message (self, text);
  return G_SOURCE_CONTINUE;
}

static void
set_running (TwinSimulationPage *self,
             RunJob             *job)
{
  self->job = job;
  if (job != NULL && self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_INTERVAL_MS, refresh_cb, self);
  else if (job == NULL)
    g_clear_handle_id (&self->refresh_source, g_source_remove);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (source);
  RunJob             *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gboolean         ok = g_task_propagate_boolean (G_TASK (result), &error);
  gint64           run_id = job->run_id;
  g_autofree char *message = NULL;
  g_autofree char *elapsed = format_clock ((g_get_monotonic_time () - self->run_started_us) / 1e6);

  g_clear_object (&self->cancellable);
  set_running (self, NULL);
  /* The window closed, or shows another twin now: nothing here to update. */
  if (self->project == NULL || self->project != job->project)
    return;

  if (ok)
    {
      const TwinSimSolveReport *report = twin_sim_run_get_report (job->run);

      gtk_progress_bar_set_fraction (self->run_progress, 1.0);
      /* Translators: a finished run: its number, the method and the wall time */
      message = g_strdup_printf (_ ("Run %" G_GINT64_FORMAT " completed with %s in %s."), run_id,
                                 report != NULL ? twin_sim_method_to_string (report->method) : "?", elapsed);
    }
  else if (g_error_matches (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_ ("Run %" G_GINT64_FORMAT " was cancelled; its results so far are kept."), run_id);
  else
    {
      message = g_strdup_printf (_ ("Run %" G_GINT64_FORMAT " failed: %s"), run_id, error->message);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
    }
  set_run_message (self, message);
  reload_signals (self);
  twin_simulation_page_reload_runs (self);
  if (run_id != 0)
    twin_simulation_page_select_runs (self, &run_id, 1);
  self->live_run_id = 0;
  if (self->run_pending)
    {
      self->run_pending = FALSE;
      start_run (self);
    }
}

/* Compiles the scenario shown and starts integrating it in a worker thread. */
static void
start_run (TwinSimulationPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  g_autoptr (TwinSimRun) run = NULL;
  TwinModel *model;
  RunJob    *job;

  if (!save_form (self))
    {
      g_autofree char *message = g_strdup_printf (_ ("The scenario cannot run: %s"), self->scenario_error != NULL
                                                                                       ? self->scenario_error
                                                                                       : _ ("none is chosen."));

      set_run_message (self, message);
      return;
    }
  model = twin_project_get_model (self->project);
  run = twin_sim_run_prepare (twin_project_get_path (self->project), twin_model_get_root (model), self->scenario,
                              &error);
  if (run == NULL)
    {
      g_autofree char *message = g_error_matches (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL)
                                   ? g_strdup_printf (_ ("The model cannot be simulated: %s"), error->message)
                                   : g_strdup_printf (_ ("The run cannot start: %s"), error->message);

      set_run_message (self, message);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
      return;
    }

  job = g_new0 (RunJob, 1);
  g_mutex_init (&job->lock);
  job->run = g_steal_pointer (&run);
  self->cancellable = g_cancellable_new ();
  self->run_started_us = g_get_monotonic_time ();
  self->live_start_us = self->scenario->start_us;
  self->live_duration_s = self->scenario->duration_s;
  job->project = g_object_ref (self->project);
  self->live_run_id = 0;
  self->live_made = 0;
  self->live_charting = TRUE;
  self->progress = 0.0;
  gtk_progress_bar_set_fraction (self->run_progress, 0.0);
  {
    /* Translators: %s is the scenario's name */
    g_autofree char *message = g_strdup_printf (_ ("Running “%s”…"), self->scenario->name);

    set_run_message (self, message);
  }
  clear_charts (self);
  set_running (self, job);

  task = g_task_new (self, self->cancellable, run_finished_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, (GDestroyNotify) run_job_free);
  g_task_run_in_thread (task, run_thread);
}

/* --- Actions ------------------------------------------------------------ */

static void
update_actions (TwinSimulationPage *self)
{
  gboolean writable = self->project != NULL && self->archive != NULL && !twin_project_get_is_read_only (self->project);
  g_autoptr (GArray) ids = get_selected_run_ids (self);

  /* A read-only twin shows its scenarios and runs, but changes none. */
  gtk_widget_set_sensitive (gtk_paned_get_start_child (self->paned), writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.run", writable && self->scenario != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.cancel", self->job != NULL || self->run_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.new-scenario", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.delete-scenario", writable && self->scenario != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.add-input", writable && self->scenario != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.delete-runs", writable && ids->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.show-3d", self->replay_run_id != 0 && self->viewport != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sim.stop-replay", self->replay_shown);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  twin_simulation_page_run (TWIN_SIMULATION_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  twin_simulation_page_cancel (TWIN_SIMULATION_PAGE (widget));
}

static void
new_scenario_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (!twin_simulation_page_new_scenario (self, NULL, &error))
    set_scenario_message (self, error->message);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
delete_scenario_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (!twin_simulation_page_delete_scenario (self, &error))
    set_scenario_message (self, error->message);
}

static void
add_input_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (widget);
  GtkWidget          *row = make_input_row (self, NULL);

  gtk_list_box_append (self->inputs_list, row);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "target-entry"));
  form_changed_cb (self);
}

static void
delete_runs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (widget);
  g_autoptr (GError) error = NULL;

  if (!twin_simulation_page_delete_selected_runs (self, &error))
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error->message);
}

static void
show_3d_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (widget);

  apply_replay (self);
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_VIEW_REQUESTED], 0, "3d");
}

static void
stop_replay_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  twin_simulation_page_stop_replay (TWIN_SIMULATION_PAGE (widget));
}

static void
compare_selected_cb (TwinSimulationPage *self)
{
  if (!self->selecting)
    show_selected_runs (self);
}

/* --- GObject ------------------------------------------------------------ */

static void
twin_simulation_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->job != NULL);
      break;
    case PROP_REPLAY_SHOWN:
      g_value_set_boolean (value, self->replay_shown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_simulation_page_dispose (GObject *object)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (object);

  if (self->save_source != 0 && self->project != NULL)
    save_form (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->replay_source, g_source_remove);
  g_clear_weak_pointer (&self->viewport);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_SIMULATION_PAGE);
  g_clear_object (&self->project);
  g_clear_object (&self->archive);
  g_clear_object (&self->historian);
  g_clear_object (&self->scenario_names);
  g_clear_object (&self->run_ids);
  g_clear_object (&self->run_selection);
  g_clear_object (&self->signal_names);
  g_clear_object (&self->compare_names);
  g_clear_object (&self->property_names);
  g_clear_object (&self->method_names);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->replay, replay_release);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->replay_units, g_hash_table_unref);

  G_OBJECT_CLASS (twin_simulation_page_parent_class)->dispose (object);
}

static void
twin_simulation_page_finalize (GObject *object)
{
  TwinSimulationPage *self = TWIN_SIMULATION_PAGE (object);

  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  g_free (self->scenario_error);
  g_free (self->run_message);

  G_OBJECT_CLASS (twin_simulation_page_parent_class)->finalize (object);
}

static void
twin_simulation_page_class_init (TwinSimulationPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = twin_simulation_page_get_property;
  object_class->dispose = twin_simulation_page_dispose;
  object_class->finalize = twin_simulation_page_finalize;

  /* Whether a run is being computed. */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the 3D view shows a run's results (the replay). */
  properties[PROP_REPLAY_SHOWN] =
    g_param_spec_boolean ("replay-shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinSimulationPage::error:
   * @message: a full sentence: what failed, where and when
   *
   * A run could not start or failed; the window shows @message in its banner.
   */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * TwinSimulationPage::view-requested:
   * @name: the window view to show ("3d")
   *
   * The page wants another view shown (the replay in the 3D view).
   */
  signals[SIGNAL_VIEW_REQUESTED] = g_signal_new ("view-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (TWIN_TYPE_CHART_STACK);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-simulation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, paned);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, start_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, duration_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, interval_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, rtol_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, atol_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, overrides_view);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, inputs_list);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, charted_view);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, outputs_view);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, store_states_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, scenario_message);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, run_progress);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, run_label);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, chart_area);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, runs_view);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, replay_scale);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, replay_label);
  gtk_widget_class_bind_template_child (widget_class, TwinSimulationPage, property_dropdown);

  gtk_widget_class_install_action (widget_class, "sim.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sim.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sim.new-scenario", NULL, new_scenario_action);
  gtk_widget_class_install_action (widget_class, "sim.delete-scenario", NULL, delete_scenario_action);
  gtk_widget_class_install_action (widget_class, "sim.add-input", NULL, add_input_action);
  gtk_widget_class_install_action (widget_class, "sim.delete-runs", NULL, delete_runs_action);
  gtk_widget_class_install_action (widget_class, "sim.show-3d", NULL, show_3d_action);
  gtk_widget_class_install_action (widget_class, "sim.stop-replay", NULL, stop_replay_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "simulationpage");
}

static GtkStringList *
string_list_of (const char *const *items,
                guint              n,
                gboolean           translate)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, translate ? _ (items[i]) : items[i]);
  return list;
}

static void
twin_simulation_page_init (TwinSimulationPage *self)
{
  static const char *const store_states[] = {
    N_ ("Store every state of models up to 2,000"),
    N_ ("Store every state"),
    N_ ("Store only the chosen outputs"),
  };
  GtkExpression *string = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->scenario_names = gtk_string_list_new (NULL);
  self->run_ids = gtk_string_list_new (NULL);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_sim_run_record_free);
  self->signal_names = gtk_string_list_new (NULL);
  self->compare_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->compare_names, _ ("Compare with measured…"));
  self->property_names = gtk_string_list_new (NULL);
  self->replay_units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->method_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->method_names, _ ("Automatic"));
  for (int m = TWIN_SIM_METHOD_RK8PD; m <= TWIN_SIM_METHOD_CVODE_KLU; m++)
    gtk_string_list_append (self->method_names, twin_sim_method_to_string ((TwinSimMethod) m));
  gtk_drop_down_set_model (self->method_dropdown, G_LIST_MODEL (self->method_names));
  {
    g_autoptr (GtkStringList) stores = string_list_of (store_states, G_N_ELEMENTS (store_states), TRUE);

    gtk_drop_down_set_model (self->store_states_dropdown, G_LIST_MODEL (stores));
  }
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (self->scenario_names));
  gtk_drop_down_set_model (self->compare_dropdown, G_LIST_MODEL (self->compare_names));
  gtk_drop_down_set_enable_search (self->compare_dropdown, TRUE);
  gtk_drop_down_set_expression (self->compare_dropdown, gtk_expression_ref (string));
  gtk_drop_down_set_model (self->property_dropdown, G_LIST_MODEL (self->property_names));
  gtk_expression_unref (string);

  self->run_selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->run_ids)));
  gtk_column_view_set_model (self->runs_view, GTK_SELECTION_MODEL (self->run_selection));
  add_run_column (self, _ ("Run"), COLUMN_ID, FALSE);
  add_run_column (self, _ ("Scenario"), COLUMN_SCENARIO, FALSE);
  add_run_column (self, _ ("Status"), COLUMN_STATUS, FALSE);
  add_run_column (self, _ ("Method"), COLUMN_METHOD, FALSE);
  add_run_column (self, _ ("Started"), COLUMN_WHEN, FALSE);
  add_run_column (self, _ ("Message"), COLUMN_MESSAGE, TRUE);
  g_signal_connect_swapped (self->run_selection, "selection-changed", G_CALLBACK (runs_selection_changed_cb), self);

  g_signal_connect_swapped (self->scenario_dropdown, "notify::selected", G_CALLBACK (scenario_selected_cb), self);
  g_signal_connect_swapped (self->name_entry, "activate", G_CALLBACK (name_activated_cb), self);
  g_signal_connect_swapped (self->start_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->duration_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->interval_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->rtol_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->atol_entry, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->method_dropdown, "notify::selected", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->store_states_dropdown, "notify::selected", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->overrides_view), "changed", G_CALLBACK (form_changed_cb),
                            self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->charted_view), "changed", G_CALLBACK (form_changed_cb),
                            self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->outputs_view), "changed", G_CALLBACK (form_changed_cb),
                            self);
  g_signal_connect_swapped (self->compare_dropdown, "notify::selected", G_CALLBACK (compare_selected_cb), self);
  g_signal_connect_swapped (self->property_dropdown, "notify::selected", G_CALLBACK (property_selected_cb), self);
  g_signal_connect_swapped (self->replay_scale, "value-changed", G_CALLBACK (replay_moved_cb), self);
  g_signal_connect_swapped (self->play_button, "toggled", G_CALLBACK (play_toggled_cb), self);

  gtk_stack_set_visible_child_name (self->chart_area, "empty");
  set_replay_run (self, 0);
  update_actions (self);
}

/* --- Public API --------------------------------------------------------- */

GtkWidget *
twin_simulation_page_new (void)
{
  return g_object_new (TWIN_TYPE_SIMULATION_PAGE, NULL);
}

/**
 * twin_simulation_page_set_project:
 * @project: (nullable): the twin whose scenarios and runs to show
 *
 * Cancels a run of the project shown before (it is kept as cancelled),
 * then shows @project's scenarios and runs.
 */
void
twin_simulation_page_set_project (TwinSimulationPage *self,
                                  TwinProject        *project)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (TWIN_IS_SIMULATION_PAGE (self));
  g_return_if_fail (project == NULL || TWIN_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->save_source != 0 && self->project != NULL)
    save_form (self);
  twin_simulation_page_stop_replay (self);
  self->run_pending = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);

  g_set_object (&self->project, project);
  g_clear_object (&self->archive);
  g_clear_object (&self->historian);
  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  set_scenario_message (self, NULL);
  set_run_message (self, NULL);
  gtk_progress_bar_set_fraction (self->run_progress, 0.0);
  clear_charts (self);
  if (project != NULL)
    {
      self->archive = twin_sim_archive_open (twin_project_get_path (project), twin_project_get_is_read_only (project),
                                             &error);
      if (self->archive == NULL)
        set_scenario_message (self, error->message);
    }
  reload_signals (self);
  reload_scenarios (self, NULL);
  twin_simulation_page_reload_runs (self);
  update_actions (self);
}

/**
 * twin_simulation_page_set_viewport:
 * @viewport: (nullable): the 3D view the replay colours
 */
void
twin_simulation_page_set_viewport (TwinSimulationPage *self,
                                   TwinViewport       *viewport)
{
  g_return_if_fail (TWIN_IS_SIMULATION_PAGE (self));

  g_set_weak_pointer (&self->viewport, viewport);
  update_actions (self);
}

/**
 * twin_simulation_page_get_scenario_names:
 *
 * Returns: (transfer none): the project's scenarios, by name (GtkStringObject)
 */
GListModel *
twin_simulation_page_get_scenario_names (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return G_LIST_MODEL (self->scenario_names);
}

/**
 * twin_simulation_page_get_scenario:
 *
 * Returns: (transfer none) (nullable): the scenario shown, as last read
 *   from the form when it was valid
 */
const TwinSimScenario *
twin_simulation_page_get_scenario (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  if (self->save_source != 0)
    save_form (self);
  return self->scenario;
}

/**
 * twin_simulation_page_select_scenario:
 * @name: a scenario of the project
 *
 * Saves the scenario shown, then shows @name in the form.
 *
 * Returns: %FALSE when there is no such scenario
 */
gboolean
twin_simulation_page_select_scenario (TwinSimulationPage *self,
                                      const char         *name)
{
  g_autoptr (GError) error = NULL;
  TwinSimScenario *scenario;
  guint            n;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->archive == NULL)
    return FALSE;
  if (self->save_source != 0)
    save_form (self);
  scenario = twin_sim_archive_load_scenario (self->archive, name, &error);
  if (scenario == NULL)
    {
      set_scenario_message (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  self->scenario = scenario;
  set_scenario_message (self, NULL);
  fill_form (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenario_names));
  self->loading = TRUE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->scenario_names, i), name) == 0)
      gtk_drop_down_set_selected (self->scenario_dropdown, i);
  self->loading = FALSE;
  update_actions (self);
  return TRUE;
}

/**
 * twin_simulation_page_new_scenario:
 * @name: (nullable): its name; %NULL: “Scenario N”
 *
 * Adds a scenario to the project: a day from today's midnight, output
 * every 15 minutes, automatic method, and shows it.
 *
 * Returns: %FALSE when it could not be stored (a name in use)
 */
gboolean
twin_simulation_page_new_scenario (TwinSimulationPage *self,
                                   const char         *name,
                                   GError            **error)
{
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autofree char *chosen = g_strdup (name);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = NULL;
  guint n;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (self->archive == NULL)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("No twin is open."));
      return FALSE;
    }
  if (self->save_source != 0)
    save_form (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenario_names));
  for (guint i = n + 1; chosen == NULL; i++)
    {
      g_autofree char *candidate = g_strdup_printf (_ ("Scenario %u"), i);
      gboolean         used = FALSE;

      for (guint j = 0; j < n && !used; j++)
        used = g_strcmp0 (gtk_string_list_get_string (self->scenario_names, j), candidate) == 0;
      if (!used)
        chosen = g_steal_pointer (&candidate);
    }
  for (guint j = 0; j < n; j++)
    if (g_strcmp0 (gtk_string_list_get_string (self->scenario_names, j), chosen) == 0)
      {
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("A scenario named “%s” exists already."),
                     chosen);
        return FALSE;
      }
  scenario = twin_sim_scenario_new (chosen);
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0.0);
  scenario->start_us = g_date_time_to_unix (midnight) * US_PER_S;
  if (!(scenario->duration_s > 0.0))
    scenario->duration_s = 86400.0;
  scenario->solver.t0_s = 0.0;
  scenario->solver.t1_s = scenario->duration_s;
  if (!(scenario->solver.output_interval_s > 0.0))
    scenario->solver.output_interval_s = 900.0;
  if (!twin_sim_archive_save_scenario (self->archive, scenario, error))
    return FALSE;
  reload_scenarios (self, chosen);
  return TRUE;
}

/**
 * twin_simulation_page_rename_scenario:
 * @name: the new name
 *
 * Renames the scenario shown (with the form's other fields as they are).
 *
 * Returns: %FALSE when the name is empty or in use, or the form is invalid
 */
gboolean
twin_simulation_page_rename_scenario (TwinSimulationPage *self,
                                      const char         *name,
                                      GError            **error)
{
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *trimmed = NULL;
  guint            n;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (self->scenario == NULL || self->archive == NULL)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("No scenario is chosen."));
      return FALSE;
    }
  if (*trimmed == '\0')
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("A scenario needs a name."));
      return FALSE;
    }
  if (g_strcmp0 (trimmed, self->scenario->name) == 0)
    return TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenario_names));
  for (guint j = 0; j < n; j++)
    if (g_strcmp0 (gtk_string_list_get_string (self->scenario_names, j), trimmed) == 0)
      {
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("A scenario named “%s” exists already."),
                     trimmed);
        return FALSE;
      }
  g_clear_handle_id (&self->save_source, g_source_remove);
  scenario = read_form (self, error);
  if (scenario == NULL)
    return FALSE;
  old_name = g_strdup (self->scenario->name);
  g_free (scenario->name);
  scenario->name = g_strdup (trimmed);
  if (!twin_sim_archive_save_scenario (self->archive, scenario, error))
    return FALSE;
  if (!twin_sim_archive_delete_scenario (self->archive, old_name, error))
    {
      /* Both are stored now: better than none; the list shows both. */
      reload_scenarios (self, trimmed);
      return FALSE;
    }
  reload_scenarios (self, trimmed);
  return TRUE;
}

/**
 * twin_simulation_page_delete_scenario:
 *
 * Deletes the scenario shown from the project (its runs stay, with the
 * scenario as they ran it) and shows another one.
 *
 * Returns: %FALSE when it could not be deleted
 */
gboolean
twin_simulation_page_delete_scenario (TwinSimulationPage *self,
                                      GError            **error)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (self->scenario == NULL || self->archive == NULL)
    return TRUE;
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!twin_sim_archive_delete_scenario (self->archive, self->scenario->name, error))
    return FALSE;
  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  set_scenario_message (self, NULL);
  reload_scenarios (self, NULL);
  return TRUE;
}

/**
 * twin_simulation_page_get_scenario_message:
 *
 * Returns: (nullable): what is wrong with the scenario in the form, if anything
 */
const char *
twin_simulation_page_get_scenario_message (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->scenario_error;
}

/**
 * twin_simulation_page_run:
 *
 * Runs the scenario shown: compiles the model here, integrates it in a
 * worker thread with progress, live charts and Cancel. While a run goes,
 * the new one waits for it. A model that cannot be simulated, or a run that
 * fails, is reported with #TwinSimulationPage::error.
 *
 * Returns: %TRUE when a run started or waits
 */
gboolean
twin_simulation_page_run (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (self->project == NULL || self->archive == NULL || twin_project_get_is_read_only (self->project))
    return FALSE;
  if (self->job != NULL)
    {
      self->run_pending = TRUE;
      update_actions (self);
      return TRUE;
    }
  start_run (self);
  return self->job != NULL;
}

/**
 * twin_simulation_page_cancel:
 *
 * Stops the run (it is kept as cancelled, with its results so far) and
 * forgets a waiting one.
 */
void
twin_simulation_page_cancel (TwinSimulationPage *self)
{
  g_return_if_fail (TWIN_IS_SIMULATION_PAGE (self));

  self->run_pending = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  update_actions (self);
}

gboolean
twin_simulation_page_get_running (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  return self->job != NULL;
}

gboolean
twin_simulation_page_get_run_pending (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  return self->run_pending;
}

/**
 * twin_simulation_page_get_current_run_id:
 *
 * Returns: the id of the run being computed (once it has its record), or 0
 */
gint64
twin_simulation_page_get_current_run_id (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), 0);

  return self->job != NULL ? self->live_run_id : 0;
}

/**
 * twin_simulation_page_get_progress:
 *
 * Returns: the fraction of the running (or last) run done, as the bar shows it
 */
double
twin_simulation_page_get_progress (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), 0.0);

  return gtk_progress_bar_get_fraction (self->run_progress);
}

/**
 * twin_simulation_page_get_run_message:
 *
 * Returns: (nullable): the run bar's text: progress, or how the last run ended
 */
const char *
twin_simulation_page_get_run_message (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->run_message;
}

GtkProgressBar *
twin_simulation_page_get_progress_bar (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->run_progress;
}

/* Newest (highest id) first. */
static int
compare_run_keys (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = g_ascii_strtoll (*(const char *const *) a, NULL, 10);
  gint64 y = g_ascii_strtoll (*(const char *const *) b, NULL, 10);

  return x < y ? 1 : x > y ? -1
                           : 0;
}

/**
 * twin_simulation_page_reload_runs:
 *
 * Reads the project's runs again, keeping the selection where it can.
 */
void
twin_simulation_page_reload_runs (TwinSimulationPage *self)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) selected = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  g_return_if_fail (TWIN_IS_SIMULATION_PAGE (self));

  selected = get_selected_run_ids (self);
  if (self->archive != NULL)
    records = twin_sim_archive_list_runs (self->archive, &error);
  if (error != NULL)
    g_warning ("Cannot list the runs: %s", error->message);
  self->selecting = TRUE;
  g_hash_table_remove_all (self->runs);
  if (records != NULL)
    {
      gsize              n_records = 0;
      TwinSimRunRecord **owned = (TwinSimRunRecord **) g_ptr_array_steal (records, &n_records);

      /* The page keeps the records; the archive's array gives them up. */
      for (gsize i = 0; i < n_records; i++)
        {
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT, owned[i]->id);

          g_ptr_array_add (keys, g_strdup (key));
          g_hash_table_insert (self->runs, key, owned[i]);
        }
      g_free (owned);
    }
  g_ptr_array_sort (keys, compare_run_keys);
  g_ptr_array_add (keys, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->run_ids));
  gtk_string_list_splice (self->run_ids, 0, n, (const char *const *) keys->pdata);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->run_ids));
  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_ascii_strtoll (gtk_string_list_get_string (self->run_ids, i), NULL, 10);

      for (guint j = 0; j < selected->len; j++)
        if (g_array_index (selected, gint64, j) == id)
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->run_selection), i, FALSE);
    }
  self->selecting = FALSE;
  update_actions (self);
}

/**
 * twin_simulation_page_get_runs:
 *
 * Returns: (transfer none): the runs, newest first, by id (GtkStringObject of the decimal id)
 */
GListModel *
twin_simulation_page_get_runs (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return G_LIST_MODEL (self->run_ids);
}

/**
 * twin_simulation_page_select_runs:
 * @run_ids: (array length=n_run_ids): runs of the project
 *
 * Selects the runs and charts them: one run alone, or two overlaid (the
 * second dashed). The first one is the one replayed.
 *
 * Returns: %FALSE when one of them is not a run of the project
 */
gboolean
twin_simulation_page_select_runs (TwinSimulationPage *self,
                                  const gint64       *run_ids,
                                  guint               n_run_ids)
{
  guint    n;
  gboolean all = TRUE;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);
  g_return_val_if_fail (run_ids != NULL || n_run_ids == 0, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->run_ids));
  self->selecting = TRUE;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->run_selection));
  for (guint j = 0; j < n_run_ids; j++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        if (g_ascii_strtoll (gtk_string_list_get_string (self->run_ids, i), NULL, 10) == run_ids[j])
          {
            gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->run_selection), i, FALSE);
            found = TRUE;
          }
      all = all && found;
    }
  self->selecting = FALSE;
  show_selected_runs (self);
  update_actions (self);
  return all;
}

/**
 * twin_simulation_page_compare_with_signal:
 * @signal_name: (nullable): a measured signal of the history, or %NULL for none
 *
 * Shows @signal_name in the chart of its unit beside the selected run.
 *
 * Returns: %FALSE when the history has no such signal
 */
gboolean
twin_simulation_page_compare_with_signal (TwinSimulationPage *self,
                                          const char         *signal_name)
{
  guint n;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (signal_name == NULL)
    {
      gtk_drop_down_set_selected (self->compare_dropdown, 0);
      return TRUE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->compare_names));
  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->compare_names, i), signal_name) == 0)
      {
        gtk_drop_down_set_selected (self->compare_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * twin_simulation_page_delete_selected_runs:
 *
 * Deletes the selected runs and their results (not one still running).
 *
 * Returns: %FALSE when one could not be deleted
 */
gboolean
twin_simulation_page_delete_selected_runs (TwinSimulationPage *self,
                                           GError            **error)
{
  g_autoptr (GArray) ids = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (self->archive == NULL)
    return TRUE;
  ids = get_selected_run_ids (self);
  if (self->replay_run_id != 0)
    twin_simulation_page_stop_replay (self);
  clear_charts (self);
  for (guint i = 0; i < ids->len && ok; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (self->job != NULL && id == self->live_run_id)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("Run %" G_GINT64_FORMAT " is still running: cancel it before deleting it."), id);
          ok = FALSE;
          break;
        }
      ok = twin_sim_archive_delete_run (self->archive, id, error);
    }
  self->selecting = TRUE;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->run_selection));
  self->selecting = FALSE;
  twin_simulation_page_reload_runs (self);
  set_replay_run (self, 0);
  return ok;
}

TwinChartStack *
twin_simulation_page_get_chart_stack (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->chart_stack;
}

GtkRange *
twin_simulation_page_get_replay_range (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return GTK_RANGE (self->replay_scale);
}

/**
 * twin_simulation_page_get_replay_play:
 *
 * Returns: (transfer none): the replay's play button (the window's replay
 *   bar under the 3D view mirrors it)
 */
GtkToggleButton *
twin_simulation_page_get_replay_play (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->play_button;
}

/**
 * twin_simulation_page_get_replay_label:
 *
 * Returns: (transfer none): the label saying the replay's time
 */
GtkLabel *
twin_simulation_page_get_replay_label (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), NULL);

  return self->replay_label;
}

gboolean
twin_simulation_page_get_replay_shown (TwinSimulationPage *self)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  return self->replay_shown;
}

/**
 * twin_simulation_page_set_replay_time:
 * @t_s: seconds since the replayed run's start
 *
 * Moves the replay slider and colours the 3D view by the run's results then.
 *
 * Returns: %FALSE when no run is selected
 */
gboolean
twin_simulation_page_set_replay_time (TwinSimulationPage *self,
                                      double              t_s)
{
  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);

  if (self->replay_run_id == 0)
    return FALSE;
  gtk_range_set_value (GTK_RANGE (self->replay_scale), t_s);
  apply_replay (self);
  update_actions (self);
  return TRUE;
}

/**
 * twin_simulation_page_set_replay_property:
 * @property: a result property of the replayed run ("T")
 *
 * Returns: %FALSE when the run has no such result
 */
gboolean
twin_simulation_page_set_replay_property (TwinSimulationPage *self,
                                          const char         *property)
{
  guint n;

  g_return_val_if_fail (TWIN_IS_SIMULATION_PAGE (self), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->property_names));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->property_names, i), property) == 0)
      {
        gtk_drop_down_set_selected (self->property_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * twin_simulation_page_stop_replay:
 *
 * Gives the 3D view its own colour by value back (the project's).
 */
void
twin_simulation_page_stop_replay (TwinSimulationPage *self)
{
  g_return_if_fail (TWIN_IS_SIMULATION_PAGE (self));

  gtk_toggle_button_set_active (self->play_button, FALSE);
  if (self->replay_shown && self->viewport != NULL)
    {
      g_autoptr (TwinColorBy) saved = self->project != NULL ? twin_project_dup_color_by (self->project, NULL) : NULL;

      twin_viewport_set_color_by (self->viewport, saved);
    }
  set_replay_shown (self, FALSE);
  update_actions (self);
}
