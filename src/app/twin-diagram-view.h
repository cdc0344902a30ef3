/* twin-diagram-view.h: the block diagram of one level of a twin: place, move, wire, group, navigate.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_TYPE_DIAGRAM_VIEW (twin_diagram_view_get_type ())

/* The prefix of the text a palette drag carries: "twin-type:resistor". */
#define TWIN_DIAGRAM_DRAG_PREFIX "twin-type:"

G_DECLARE_FINAL_TYPE (TwinDiagramView, twin_diagram_view, TWIN, DIAGRAM_VIEW, GtkWidget)

GtkWidget      *twin_diagram_view_new                 (void) G_GNUC_WARN_UNUSED_RESULT;
void            twin_diagram_view_set_model           (TwinDiagramView *self,
                                                       TwinModel       *model);
TwinModel      *twin_diagram_view_get_model           (TwinDiagramView *self);
TwinEntity     *twin_diagram_view_get_level           (TwinDiagramView *self);
void            twin_diagram_view_set_level           (TwinDiagramView *self,
                                                       TwinEntity      *level);
gboolean        twin_diagram_view_go_up               (TwinDiagramView *self);
GtkWidget      *twin_diagram_view_get_breadcrumb      (TwinDiagramView *self);

/* Selection: the primary entity is the one the tree and inspector show. */
TwinEntity     *twin_diagram_view_get_selected        (TwinDiagramView *self);
GPtrArray      *twin_diagram_view_dup_selection       (TwinDiagramView *self) G_GNUC_WARN_UNUSED_RESULT;
void            twin_diagram_view_select              (TwinDiagramView *self,
                                                       TwinEntity      *entity);
void            twin_diagram_view_set_selection       (TwinDiagramView *self,
                                                       TwinEntity     **entities,
                                                       guint            n_entities);
TwinConnection *twin_diagram_view_get_selected_connection (TwinDiagramView *self);
void            twin_diagram_view_select_connection   (TwinDiagramView *self,
                                                       TwinConnection  *connection);

/* Edits; each runs the same code as the mouse or keyboard gesture. */
TwinEntity     *twin_diagram_view_add_block           (TwinDiagramView *self,
                                                       const char      *type_name,
                                                       double           x,
                                                       double           y);
gboolean        twin_diagram_view_drop_text           (TwinDiagramView *self,
                                                       const char      *text,
                                                       double           widget_x,
                                                       double           widget_y);
gboolean        twin_diagram_view_connect_ports       (TwinDiagramView *self,
                                                       TwinEntity      *a,
                                                       const char      *port_a,
                                                       TwinEntity      *b,
                                                       const char      *port_b);
gboolean        twin_diagram_view_delete_selection    (TwinDiagramView *self);
gboolean        twin_diagram_view_copy_selection      (TwinDiagramView *self);
gboolean        twin_diagram_view_paste               (TwinDiagramView *self);
TwinEntity     *twin_diagram_view_group_selection     (TwinDiagramView *self);
gboolean        twin_diagram_view_ungroup_selection   (TwinDiagramView *self);
void            twin_diagram_view_pointer_down        (TwinDiagramView *self,
                                                       double           x,
                                                       double           y,
                                                       GdkModifierType  modifiers);
void            twin_diagram_view_pointer_move        (TwinDiagramView *self,
                                                       double           x,
                                                       double           y);
void            twin_diagram_view_pointer_up          (TwinDiagramView *self,
                                                       double           x,
                                                       double           y);
void            twin_diagram_view_drag                (TwinDiagramView *self,
                                                       double           start_x,
                                                       double           start_y,
                                                       double           end_x,
                                                       double           end_y,
                                                       GdkModifierType  modifiers);
void            twin_diagram_view_click               (TwinDiagramView *self,
                                                       double           x,
                                                       double           y,
                                                       int              n_press,
                                                       GdkModifierType  modifiers);
const char     *twin_diagram_view_get_message         (TwinDiagramView *self);

/* Where things are drawn, in widget coordinates. */
gboolean        twin_diagram_view_get_block_bounds    (TwinDiagramView *self,
                                                       TwinEntity      *entity,
                                                       graphene_rect_t *bounds);
gboolean        twin_diagram_view_get_port_point      (TwinDiagramView *self,
                                                       TwinEntity      *entity,
                                                       const char      *port,
                                                       double          *x,
                                                       double          *y);
gboolean        twin_diagram_view_is_auto_placed      (TwinDiagramView *self,
                                                       TwinEntity      *entity);

/* Zoom (widget pixels per diagram unit) and pan. */
double          twin_diagram_view_get_zoom            (TwinDiagramView *self);
void            twin_diagram_view_zoom_at             (TwinDiagramView *self,
                                                       double           factor,
                                                       double           widget_x,
                                                       double           widget_y);
void            twin_diagram_view_pan_by              (TwinDiagramView *self,
                                                       double           dx,
                                                       double           dy);
void            twin_diagram_view_fit_all             (TwinDiagramView *self);
guint           twin_diagram_view_get_n_frames        (TwinDiagramView *self);

G_END_DECLS
