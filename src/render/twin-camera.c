/* twin-camera.c: the 3D viewport's orbit camera, as plain maths (no GL, no GTK).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * World space is right-handed, in metres, Z up. The camera orbits a target
 * point: the eye sits at distance_m from the target in the direction given by
 * azimuth (about +Z, from +X towards +Y) and elevation (above the XY plane).
 * The screen's right is horizontal (perpendicular to the azimuth), so the
 * horizon stays level, and it is defined even looking straight down: the
 * top view preset uses that, while orbiting stops short of the poles.
 * All maths is single precision (cglm), which is ample for scenes of a few
 * kilometres viewed from a few centimetres.
 *
 * Orthographic mode keeps the eye where perspective would put it (so the
 * view direction, orbiting and panning are the same) and shows a slab
 * 2 · distance · tan (fov / 2) metres high through the target. Its depth
 * range reaches behind the eye too, so zooming in never cuts the scene.
 */

#define G_LOG_DOMAIN "twin-camera"

#include "config.h"

#include "twin-camera.h"

#include <math.h>

/* The default view looks at the origin from the front right, slightly above. */
#define DEFAULT_DISTANCE_M 12.0f
#define DEFAULT_AZIMUTH_DEG -50.0f
#define DEFAULT_ELEVATION_DEG 30.0f
#define DEFAULT_FOV_Y_DEG 45.0f

/* fit_bounds leaves this much room around the bounding sphere. */
#define FIT_MARGIN 1.1f

static const char *const preset_names[] = {
  [TWIN_CAMERA_PRESET_FRONT] = "front",
  [TWIN_CAMERA_PRESET_TOP] = "top",
  [TWIN_CAMERA_PRESET_SIDE] = "side",
  [TWIN_CAMERA_PRESET_ISO] = "iso",
};

static float
wrap_degrees (float angle_deg)
{
  float wrapped = fmodf (angle_deg, 360.0f);

  if (wrapped < 0.0f)
    wrapped += 360.0f;
  if (wrapped >= 360.0f) /* fmodf of a tiny negative number can round up to 360 */
    wrapped = 0.0f;
  return wrapped;
}

/* The unit vector from the target to the eye. */
static void
get_back_direction (const TwinCamera *self,
                    vec3              back)
{
  float azimuth = glm_rad (self->azimuth_deg);
  float elevation = glm_rad (self->elevation_deg);

  back[0] = cosf (elevation) * cosf (azimuth);
  back[1] = cosf (elevation) * sinf (azimuth);
  back[2] = sinf (elevation);
}

/**
 * twin_camera_init:
 *
 * Sets the default view: looking at the origin from the front right
 * (azimuth -50°), 30° above the ground, 12 m away, 45° vertical field of view.
 */
void
twin_camera_init (TwinCamera *self)
{
  g_return_if_fail (self != NULL);

  glm_vec3_zero (self->target_m);
  self->distance_m = DEFAULT_DISTANCE_M;
  self->azimuth_deg = wrap_degrees (DEFAULT_AZIMUTH_DEG);
  self->elevation_deg = DEFAULT_ELEVATION_DEG;
  self->fov_y_deg = DEFAULT_FOV_Y_DEG;
  self->orthographic = FALSE;
}

/**
 * twin_camera_get_eye:
 * @eye_m: (out caller-allocates): the eye's position, world space, metres
 */
void
twin_camera_get_eye (const TwinCamera *self,
                     vec3              eye_m)
{
  vec3 back;

  g_return_if_fail (self != NULL);

  get_back_direction (self, back);
  eye_m[0] = self->target_m[0] + self->distance_m * back[0];
  eye_m[1] = self->target_m[1] + self->distance_m * back[1];
  eye_m[2] = self->target_m[2] + self->distance_m * back[2];
}

/**
 * twin_camera_get_axes:
 * @right: (out caller-allocates) (optional): world direction of the screen's +x
 * @up: (out caller-allocates) (optional): world direction of the screen's up
 * @forward: (out caller-allocates) (optional): world direction the eye looks in
 *
 * The camera's unit axes in world space; right × up = -forward (right-handed).
 * Right is always horizontal; at ±90° elevation up is the azimuth's direction
 * turned away from the eye.
 */
void
twin_camera_get_axes (const TwinCamera *self,
                      vec3              right,
                      vec3              up,
                      vec3              forward)
{
  vec3  back;
  vec3  r;
  vec3  u;
  float azimuth;

  g_return_if_fail (self != NULL);

  get_back_direction (self, back);
  /* right = normalize (Z × back) = (-sin a, cos a, 0) whenever cos (elevation) > 0;
   * written out, it stays defined at the poles. */
  azimuth = glm_rad (self->azimuth_deg);
  r[0] = -sinf (azimuth);
  r[1] = cosf (azimuth);
  r[2] = 0.0f;
  glm_vec3_cross (back, r, u);
  glm_vec3_normalize (u);

  if (right != NULL)
    glm_vec3_copy (r, right);
  if (up != NULL)
    glm_vec3_copy (u, up);
  if (forward != NULL)
    glm_vec3_negate_to (back, forward);
}

/**
 * twin_camera_orbit:
 * @delta_azimuth_deg: degrees to turn about the target's vertical axis;
 *   positive turns the eye from +X towards +Y
 * @delta_elevation_deg: degrees to raise the eye; clamped at
 *   %TWIN_CAMERA_MAX_ELEVATION_DEG either way (or at the current elevation,
 *   up to 90°, when a preset put the eye beyond that)
 *
 * Turns the eye around the target, keeping the distance.
 */
void
twin_camera_orbit (TwinCamera *self,
                   float       delta_azimuth_deg,
                   float       delta_elevation_deg)
{
  float limit;

  g_return_if_fail (self != NULL);

  if (!isfinite (delta_azimuth_deg) || !isfinite (delta_elevation_deg))
    return;

  limit = glm_clamp (fabsf (self->elevation_deg), TWIN_CAMERA_MAX_ELEVATION_DEG, 90.0f);
  self->azimuth_deg = wrap_degrees (self->azimuth_deg + delta_azimuth_deg);
  self->elevation_deg = glm_clamp (self->elevation_deg + delta_elevation_deg, -limit, limit);
}

/**
 * twin_camera_pan:
 * @dx_px: how far the pointer moved right, in pixels
 * @dy_px: how far the pointer moved down, in pixels
 * @viewport_height_px: the view's height, in the same pixels
 *
 * Slides the target in the view plane so that the scene at the target's
 * depth follows the pointer: a point under the pointer stays under it.
 */
void
twin_camera_pan (TwinCamera *self,
                 float       dx_px,
                 float       dy_px,
                 float       viewport_height_px)
{
  vec3  right;
  vec3  up;
  float metres_per_px;

  g_return_if_fail (self != NULL);

  if (!(viewport_height_px > 0.0f) || !isfinite (dx_px) || !isfinite (dy_px))
    return;

  /* The view plane through the target is 2 d tan(fov/2) metres high, in either projection. */
  metres_per_px = twin_camera_get_view_height (self) / viewport_height_px;
  twin_camera_get_axes (self, right, up, NULL);
  glm_vec3_muladds (right, -dx_px * metres_per_px, self->target_m);
  glm_vec3_muladds (up, dy_px * metres_per_px, self->target_m);
}

/**
 * twin_camera_zoom:
 * @factor: what the distance is multiplied by: below 1 moves closer
 *
 * Moves the eye towards or away from the target, within
 * %TWIN_CAMERA_MIN_DISTANCE_M and %TWIN_CAMERA_MAX_DISTANCE_M. A factor that
 * is not a positive finite number is ignored.
 */
void
twin_camera_zoom (TwinCamera *self,
                  float       factor)
{
  g_return_if_fail (self != NULL);

  if (!(factor > 0.0f) || !isfinite (factor))
    return;

  self->distance_m = glm_clamp (self->distance_m * factor,
                                TWIN_CAMERA_MIN_DISTANCE_M,
                                TWIN_CAMERA_MAX_DISTANCE_M);
}

/**
 * twin_camera_fit_bounds:
 * @min_m: the box's lowest corner, world space, metres
 * @max_m: the box's highest corner, world space, metres
 * @aspect: the view's width divided by its height
 *
 * Aims at the centre of an axis-aligned box and moves the eye back until
 * the box's bounding sphere (at least %TWIN_CAMERA_MIN_FIT_RADIUS_M) fits
 * both the vertical and the horizontal field of view, or in orthographic
 * mode the view's height and width. Keeps the direction.
 */
void
twin_camera_fit_bounds (TwinCamera *self,
                        const vec3  min_m,
                        const vec3  max_m,
                        float       aspect)
{
  float radius = 0.0f;
  float half_fov_y;
  float half_fov_x;
  float half_fov;
  int   i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (min_m != NULL && max_m != NULL);

  if (!(aspect > 0.0f) || !isfinite (aspect))
    aspect = 1.0f;

  for (i = 0; i < 3; i++)
    if (!isfinite (min_m[i]) || !isfinite (max_m[i]) || min_m[i] > max_m[i])
      return;

  for (i = 0; i < 3; i++)
    {
      float extent = max_m[i] - min_m[i];

      self->target_m[i] = (min_m[i] + max_m[i]) / 2.0f;
      radius += extent * extent;
    }
  radius = MAX (sqrtf (radius) / 2.0f, TWIN_CAMERA_MIN_FIT_RADIUS_M);

  half_fov_y = glm_rad (self->fov_y_deg) / 2.0f;
  half_fov_x = atanf (tanf (half_fov_y) * aspect);
  half_fov = MIN (half_fov_x, half_fov_y);

  if (self->orthographic)
    /* The slab is d tan a high either side of the target; its narrower half must hold r. */
    self->distance_m = glm_clamp (FIT_MARGIN * radius / tanf (half_fov),
                                  TWIN_CAMERA_MIN_DISTANCE_M,
                                  TWIN_CAMERA_MAX_DISTANCE_M);
  else
    /* A sphere of radius r is tangent to a cone of half angle a at distance r / sin a. */
    self->distance_m = glm_clamp (FIT_MARGIN * radius / sinf (half_fov),
                                  TWIN_CAMERA_MIN_DISTANCE_M,
                                  TWIN_CAMERA_MAX_DISTANCE_M);
}

/**
 * twin_camera_get_clip_range:
 * @near_m: (out) (optional): distance of the near clipping plane, metres
 * @far_m: (out) (optional): distance of the far clipping plane, metres
 *
 * The depth range follows the distance, so zooming in on a small part keeps
 * depth precision and zooming out keeps a large site in view. In
 * orthographic mode depth is linear and the range reaches as far behind
 * the eye as in front of it, so @near_m is negative.
 */
void
twin_camera_get_clip_range (const TwinCamera *self,
                            float            *near_m,
                            float            *far_m)
{
  float far;

  g_return_if_fail (self != NULL);

  far = MAX (self->distance_m * 100.0f, 100.0f);
  if (near_m != NULL)
    *near_m = self->orthographic ? -far : self->distance_m * 0.01f;
  if (far_m != NULL)
    *far_m = far;
}

/**
 * twin_camera_get_view:
 * @view: (out caller-allocates): world space to eye space
 */
void
twin_camera_get_view (const TwinCamera *self,
                      mat4              view)
{
  vec3 eye;
  vec3 target;
  vec3 up;

  g_return_if_fail (self != NULL);

  twin_camera_get_eye (self, eye);
  twin_camera_get_axes (self, NULL, up, NULL);
  target[0] = self->target_m[0];
  target[1] = self->target_m[1];
  target[2] = self->target_m[2];
  glm_lookat (eye, target, up, view);
}

/**
 * twin_camera_get_projection:
 * @aspect: the view's width divided by its height
 * @projection: (out caller-allocates): eye space to clip space (OpenGL's
 *   convention: depth -1 at the near plane, +1 at the far plane), a
 *   perspective or an orthographic projection as the camera says
 */
void
twin_camera_get_projection (const TwinCamera *self,
                            float             aspect,
                            mat4              projection)
{
  float near_m;
  float far_m;

  g_return_if_fail (self != NULL);

  if (!(aspect > 0.0f) || !isfinite (aspect))
    aspect = 1.0f;

  twin_camera_get_clip_range (self, &near_m, &far_m);
  if (self->orthographic)
    {
      float half_height = twin_camera_get_view_height (self) / 2.0f;
      float half_width = half_height * aspect;

      glm_ortho (-half_width, half_width, -half_height, half_height, near_m, far_m, projection);
    }
  else
    glm_perspective (glm_rad (self->fov_y_deg), aspect, near_m, far_m, projection);
}

/**
 * twin_camera_get_view_projection:
 * @aspect: the view's width divided by its height
 * @view_projection: (out caller-allocates): world space to clip space
 */
void
twin_camera_get_view_projection (const TwinCamera *self,
                                 float             aspect,
                                 mat4              view_projection)
{
  mat4 view;
  mat4 projection;

  g_return_if_fail (self != NULL);

  twin_camera_get_view (self, view);
  twin_camera_get_projection (self, aspect, projection);
  glm_mat4_mul (projection, view, view_projection);
}

/**
 * twin_camera_project:
 * @aspect: the view's width divided by its height
 * @point_m: a point, world space, metres
 * @ndc: (out caller-allocates): the point in normalized device coordinates:
 *   x right and y up in [-1, 1] when on screen, z depth in [-1, 1]
 *
 * Where a point lands in the view; picking and tests use it.
 *
 * Returns: %TRUE if the point is in front of the eye (@ndc is then valid)
 */
gboolean
twin_camera_project (const TwinCamera *self,
                     float             aspect,
                     const vec3        point_m,
                     vec3              ndc)
{
  mat4 view_projection;
  vec4 point;
  vec4 clip;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (point_m != NULL, FALSE);

  twin_camera_get_view_projection (self, aspect, view_projection);
  point[0] = point_m[0];
  point[1] = point_m[1];
  point[2] = point_m[2];
  point[3] = 1.0f;
  glm_mat4_mulv (view_projection, point, clip);
  if (!(clip[3] > 0.0f))
    return FALSE;

  ndc[0] = clip[0] / clip[3];
  ndc[1] = clip[1] / clip[3];
  ndc[2] = clip[2] / clip[3];
  return TRUE;
}

/**
 * twin_camera_get_view_height:
 *
 * Returns: how high the view is at the target's depth, metres: the
 *   perspective view's plane through the target, and the whole
 *   orthographic view
 */
float
twin_camera_get_view_height (const TwinCamera *self)
{
  g_return_val_if_fail (self != NULL, 0.0f);

  return 2.0f * self->distance_m * tanf (glm_rad (self->fov_y_deg) / 2.0f);
}

/**
 * twin_camera_set_preset:
 * @preset: a standard view
 *
 * Turns the camera to a standard view, keeping its target, distance and
 * projection; fit afterwards to frame the scene.
 */
void
twin_camera_set_preset (TwinCamera      *self,
                        TwinCameraPreset preset)
{
  g_return_if_fail (self != NULL);

  switch (preset)
    {
    case TWIN_CAMERA_PRESET_FRONT:
      self->azimuth_deg = 270.0f;
      self->elevation_deg = 0.0f;
      break;
    case TWIN_CAMERA_PRESET_TOP:
      self->azimuth_deg = 270.0f;
      self->elevation_deg = 90.0f;
      break;
    case TWIN_CAMERA_PRESET_SIDE:
      self->azimuth_deg = 0.0f;
      self->elevation_deg = 0.0f;
      break;
    case TWIN_CAMERA_PRESET_ISO:
      self->azimuth_deg = 315.0f;
      self->elevation_deg = TWIN_CAMERA_ISO_ELEVATION_DEG;
      break;
    default:
      g_return_if_reached ();
    }
}

/**
 * twin_camera_get_ray:
 * @x_px: a point's distance from the view's left edge, pixels (a pixel's
 *   centre is at its index + 0.5)
 * @y_px: its distance from the view's top edge, pixels, as GTK's events count
 * @width_px: the view's width, pixels
 * @height_px: the view's height, pixels
 * @origin_m: (out caller-allocates): where the ray starts, world space:
 *   the eye in perspective, the point on the near plane in orthographic mode
 * @direction: (out caller-allocates): the ray's unit direction, world space
 *
 * The ray through a point of the view, for picking: every point on it with
 * a non-negative distance along @direction projects to that point.
 */
void
twin_camera_get_ray (const TwinCamera *self,
                     float             x_px,
                     float             y_px,
                     int               width_px,
                     int               height_px,
                     vec3              origin_m,
                     vec3              direction)
{
  vec3  right;
  vec3  up;
  vec3  forward;
  float aspect;
  float x_ndc;
  float y_ndc;
  float half_height;

  g_return_if_fail (self != NULL);
  g_return_if_fail (origin_m != NULL && direction != NULL);

  if (width_px <= 0 || height_px <= 0)
    width_px = height_px = 1;
  aspect = (float) width_px / (float) height_px;
  x_ndc = 2.0f * x_px / (float) width_px - 1.0f;
  y_ndc = 1.0f - 2.0f * y_px / (float) height_px;

  twin_camera_get_axes (self, right, up, forward);
  twin_camera_get_eye (self, origin_m);
  half_height = twin_camera_get_view_height (self) / 2.0f;

  if (self->orthographic)
    {
      float near_m;

      twin_camera_get_clip_range (self, &near_m, NULL);
      glm_vec3_muladds (right, x_ndc * half_height * aspect, origin_m);
      glm_vec3_muladds (up, y_ndc * half_height, origin_m);
      glm_vec3_muladds (forward, near_m, origin_m);
      glm_vec3_copy (forward, direction);
      return;
    }

  /* At the target's distance the view is half_height high either side. */
  glm_vec3_scale (forward, self->distance_m, direction);
  glm_vec3_muladds (right, x_ndc * half_height * aspect, direction);
  glm_vec3_muladds (up, y_ndc * half_height, direction);
  glm_vec3_normalize (direction);
}

/**
 * twin_camera_preset_to_string:
 *
 * Returns: the preset's name on command lines and in files: "front", "top",
 *   "side" or "iso"
 */
const char *
twin_camera_preset_to_string (TwinCameraPreset preset)
{
  g_return_val_if_fail ((guint) preset < G_N_ELEMENTS (preset_names), NULL);

  return preset_names[preset];
}

/**
 * twin_camera_preset_from_string:
 * @text: a preset's name
 * @preset: (out): the preset
 *
 * Returns: %TRUE if @text names a preset
 */
gboolean
twin_camera_preset_from_string (const char       *text,
                                TwinCameraPreset *preset)
{
  g_return_val_if_fail (preset != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (preset_names); i++)
    if (g_strcmp0 (text, preset_names[i]) == 0)
      {
        *preset = (TwinCameraPreset) i;
        return TRUE;
      }
  return FALSE;
}
