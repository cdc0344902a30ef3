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
/* Orbiting stops short of the poles, so a drag never flips the view over the top; the
 * top view preset alone looks straight down (90°), and orbiting away from it keeps within 90°. */
#define TWIN_CAMERA_MAX_ELEVATION_DEG 89.0f
/* The isometric preset's elevation: atan (1 / √2), where the three axes look equally long. */
#define TWIN_CAMERA_ISO_ELEVATION_DEG 35.26439f
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
 * @fov_y_deg: vertical field of view, degrees; in orthographic mode it still
 *   sets the scale: the view is as high as the perspective view's plane
 *   through the target (2 · distance · tan (fov / 2) metres)
 * @orthographic: parallel projection instead of perspective
 *
 * An orbit (turntable) camera. World space is right-handed, in metres, with
 * Z up; the view keeps Z pointing up on screen. Plain data: copy it by value.
 * Switching between perspective and orthographic keeps what is at the
 * target's depth the same size on screen.
 */
typedef struct
{
  vec3     target_m;
  float    distance_m;
  float    azimuth_deg;
  float    elevation_deg;
  float    fov_y_deg;
  gboolean orthographic;
} TwinCamera;

/**
 * TwinCameraPreset:
 * @TWIN_CAMERA_PRESET_FRONT: from the front (−Y) towards +Y: X right, Z up
 * @TWIN_CAMERA_PRESET_TOP: from above, straight down: X right, Y up
 * @TWIN_CAMERA_PRESET_SIDE: from the right (+X) towards −X: Y right, Z up
 * @TWIN_CAMERA_PRESET_ISO: isometric, from the front right and above
 *
 * The standard views of an engineering drawing.
 */
typedef enum
{
  TWIN_CAMERA_PRESET_FRONT,
  TWIN_CAMERA_PRESET_TOP,
  TWIN_CAMERA_PRESET_SIDE,
  TWIN_CAMERA_PRESET_ISO,
} TwinCameraPreset;

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
float    twin_camera_get_view_height     (const TwinCamera *self);
void     twin_camera_set_preset          (TwinCamera       *self,
                                          TwinCameraPreset  preset);
void     twin_camera_get_ray             (const TwinCamera *self,
                                          float             x_px,
                                          float             y_px,
                                          int               width_px,
                                          int               height_px,
                                          vec3              origin_m,
                                          vec3              direction);

const char *twin_camera_preset_to_string   (TwinCameraPreset  preset);
gboolean    twin_camera_preset_from_string (const char       *text,
                                            TwinCameraPreset *preset);

G_END_DECLS
