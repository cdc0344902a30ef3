/* twin-camera.h: the 3D viewport's orbit camera, as plain maths (no GL, no GTK).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

G_BEGIN_DECLS

/* The closest and farthest the eye may be from the target, in metres. */
#define TWIN_CAMERA_MIN_DISTANCE_M    0.05f
#define TWIN_CAMERA_MAX_DISTANCE_M    100000.0f
/* The elevation stops short of the poles, where "up" would be undefined. */
#define TWIN_CAMERA_MAX_ELEVATION_DEG 89.0f
/* The smallest radius fit_bounds frames, so an empty or flat scene still gets a view. */
#define TWIN_CAMERA_MIN_FIT_RADIUS_M  0.5f

/**
 * TwinCamera:
 * @target_m: the point the camera looks at and orbits around, world space, metres
 * @distance_m: from the eye to @target_m, metres
 * @azimuth_deg: the eye's direction from @target_m about +Z, from +X towards +Y,
 *   degrees in [0, 360)
 * @elevation_deg: the eye's height angle above the XY plane, degrees in
 *   [-TWIN_CAMERA_MAX_ELEVATION_DEG, TWIN_CAMERA_MAX_ELEVATION_DEG]
 * @fov_y_deg: vertical field of view, degrees
 *
 * An orbit (turntable) camera. World space is right-handed, in metres, with
 * Z up; the view keeps Z pointing up on screen. Plain data: copy it by value.
 */
typedef struct
{
  vec3  target_m;
  float distance_m;
  float azimuth_deg;
  float elevation_deg;
  float fov_y_deg;
} TwinCamera;

void     twin_camera_init                (TwinCamera       *self);
void     twin_camera_get_eye             (const TwinCamera *self,
                                          vec3              eye_m);
void     twin_camera_get_axes            (const TwinCamera *self,
                                          vec3              right,
                                          vec3              up,
                                          vec3              forward);
void     twin_camera_orbit               (TwinCamera       *self,
                                          float             delta_azimuth_deg,
                                          float             delta_elevation_deg);
void     twin_camera_pan                 (TwinCamera       *self,
                                          float             dx_px,
                                          float             dy_px,
                                          float             viewport_height_px);
void     twin_camera_zoom                (TwinCamera       *self,
                                          float             factor);
void     twin_camera_fit_bounds          (TwinCamera       *self,
                                          const vec3        min_m,
                                          const vec3        max_m,
                                          float             aspect);
void     twin_camera_get_clip_range      (const TwinCamera *self,
                                          float            *near_m,
                                          float            *far_m);
void     twin_camera_get_view            (const TwinCamera *self,
                                          mat4              view);
void     twin_camera_get_projection      (const TwinCamera *self,
                                          float             aspect,
                                          mat4              projection);
void     twin_camera_get_view_projection (const TwinCamera *self,
                                          float             aspect,
                                          mat4              view_projection);
gboolean twin_camera_project             (const TwinCamera *self,
                                          float             aspect,
                                          const vec3        point_m,
                                          vec3              ndc);

G_END_DECLS
