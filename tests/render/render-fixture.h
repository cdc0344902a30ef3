/* render-fixture.h: a tiny twin for the drawing tests, and pixel checks shared by them.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

#include "mesh/twin-mesh.h"
#include "model/twin-model.h"
#include "twin-camera.h"

G_BEGIN_DECLS

/* 8-bit framebuffers: one step is 1/255; llvmpipe rounds, the screenshot path may add one more. */
#define RENDER_FIXTURE_CHANNEL_TOLERANCE (2.5 / 255.0)
/* Lighting scales RGB by one factor; per-channel ratios agree within this after 8-bit rounding
 * of channels ≥ 0.3. */
#define RENDER_FIXTURE_RATIO_TOLERANCE 0.04

typedef struct
{
  TwinModel  *model;   /* owned */
  TwinEntity *pump;    /* borrowed: a 2 × 2 × 2 m leaf at (3, -2, 0) */
  TwinEntity *group;   /* borrowed: a container at (-4, 4, 0), turned 90° about Z */
  TwinEntity *sensor;  /* borrowed: a 1 m leaf 2 m along the group's X, so at (-4, 6, 0) */
} RenderFixture;

void     render_fixture_init             (RenderFixture    *fixture);
void     render_fixture_clear            (RenderFixture    *fixture);
void     render_fixture_get_box_centre   (RenderFixture    *fixture,
                                          TwinEntity       *entity,
                                          vec3              centre_m);
void     render_fixture_camera           (RenderFixture    *fixture,
                                          TwinCamera       *camera,
                                          float             aspect);
gboolean render_fixture_project          (const TwinCamera *camera,
                                          int               width,
                                          int               height,
                                          const vec3        point_m,
                                          int              *x,
                                          int              *y);
gboolean render_fixture_is_lit_color     (const float       pixel[3],
                                          const float       base[4]);
gboolean render_fixture_is_color         (const float       pixel[3],
                                          const float       expected[4]);
TwinMesh *render_fixture_make_box_mesh   (float             size_x,
                                          float             size_y,
                                          float             size_z);

G_END_DECLS
