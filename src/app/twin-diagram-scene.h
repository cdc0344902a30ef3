/* twin-diagram-scene.h: what one diagram level shows: blocks, ports, wires and their geometry, cached.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-core.h"

G_BEGIN_DECLS

/* Block geometry, in diagram units (1 unit = 1 px at 100 % zoom). */
#define TWIN_DIAGRAM_BLOCK_WIDTH   160.0
#define TWIN_DIAGRAM_HEADER_HEIGHT 28.0
#define TWIN_DIAGRAM_PORT_PITCH    20.0
#define TWIN_DIAGRAM_PORT_SIZE     10.0

typedef enum
{
  TWIN_DIAGRAM_SIDE_LEFT,
  TWIN_DIAGRAM_SIDE_RIGHT,
} TwinDiagramSide;

/* One port marker on a block's edge. Strings live as long as the scene. */
typedef struct
{
  const char        *name;
  const char        *label;
  TwinDomain         domain;
  TwinPortDirection  direction;
  guint              block; /* the index of the block it belongs to */
  TwinDiagramSide    side;
  double             dy;    /* the marker's centre below the block's top */
  guint              n_wires;
  gboolean           optional;
} TwinDiagramPort;

typedef struct
{
  TwinEntity *entity;     /* borrowed: the model keeps it while the scene is current */
  const char *icon_name;
  const char *type_label;
  TwinDomain  domain;
  double      x;          /* top-left corner, diagram units */
  double      y;
  double      width;
  double      height;
  guint       first_port; /* index into the scene's ports */
  guint       n_ports;
  PangoLayout *name_layout; /* borrowed from the view's cache, set when first drawn */
  guint       has_children : 1;
  guint       auto_placed : 1; /* laid out automatically: no stored position */
  guint       selected : 1;
  guint       moving : 1;      /* follows the drag offset while blocks are dragged */
} TwinDiagramBlock;

typedef struct
{
  TwinConnection *connection; /* borrowed */
  guint           from_port;  /* indices into the scene's ports */
  guint           to_port;
  TwinDomain      domain;
} TwinDiagramWire;

/* A boundary port of the level itself, drawn as a terminal beside the blocks. */
typedef struct
{
  const char       *name;
  const char       *label;
  TwinDomain        domain;
  TwinPortDirection direction;
  guint             inner_port; /* the exposed port, or G_MAXUINT when it is not drawn */
  TwinDiagramSide   side;
  double            x; /* the terminal's anchor on the side towards the blocks */
  double            y;
} TwinDiagramTerminal;

typedef struct
{
  TwinEntity      *level; /* borrowed */
  GArray          *blocks;    /* TwinDiagramBlock */
  GArray          *ports;     /* TwinDiagramPort */
  GArray          *wires;     /* TwinDiagramWire */
  GArray          *terminals; /* TwinDiagramTerminal */
  GHashTable      *block_by_entity; /* TwinEntity → index + 1 */
  GStringChunk    *strings;
  graphene_rect_t  bounds; /* blocks and terminals, diagram units */
  guint            n_auto_placed;
} TwinDiagramScene;

/* The most points a routed wire has. */
#define TWIN_DIAGRAM_ROUTE_MAX 6

TwinDiagramScene *twin_diagram_scene_new          (TwinEntity             *level);
void              twin_diagram_scene_free         (TwinDiagramScene       *self);
int               twin_diagram_scene_find_block   (TwinDiagramScene       *self,
                                                   TwinEntity             *entity);
int               twin_diagram_scene_find_port    (TwinDiagramScene       *self,
                                                   TwinEntity             *entity,
                                                   const char             *port_name);
void              twin_diagram_scene_port_point   (TwinDiagramScene       *self,
                                                   guint                   port,
                                                   double                  move_dx,
                                                   double                  move_dy,
                                                   double                 *x,
                                                   double                 *y);
guint             twin_diagram_scene_route_wire   (TwinDiagramScene       *self,
                                                   const TwinDiagramWire  *wire,
                                                   double                  move_dx,
                                                   double                  move_dy,
                                                   double                 *points);
guint             twin_diagram_scene_route_terminal (TwinDiagramScene          *self,
                                                     const TwinDiagramTerminal *terminal,
                                                     double                     move_dx,
                                                     double                     move_dy,
                                                     double                    *points);
int               twin_diagram_scene_hit_block    (TwinDiagramScene       *self,
                                                   double                  x,
                                                   double                  y,
                                                   double                  move_dx,
                                                   double                  move_dy);
int               twin_diagram_scene_hit_port     (TwinDiagramScene       *self,
                                                   double                  x,
                                                   double                  y,
                                                   double                  tolerance,
                                                   double                  move_dx,
                                                   double                  move_dy);
int               twin_diagram_scene_hit_wire     (TwinDiagramScene       *self,
                                                   double                  x,
                                                   double                  y,
                                                   double                  tolerance,
                                                   double                  move_dx,
                                                   double                  move_dy);
int               twin_diagram_scene_hit_terminal (TwinDiagramScene       *self,
                                                   double                  x,
                                                   double                  y,
                                                   double                  tolerance);
gboolean          twin_diagram_ports_may_connect  (const TwinDiagramPort  *a,
                                                   const TwinDiagramPort  *b);
void              twin_diagram_domain_color       (TwinDomain              domain,
                                                   GdkRGBA                *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinDiagramScene, twin_diagram_scene_free)

G_END_DECLS
