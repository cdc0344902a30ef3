/* test-camera.c: checks the orbit camera's maths (no GL): directions, orbit, pan, zoom, fit, projection.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-camera.h"

#include <math.h>

/* float32 unit vectors and angles: a few ulps of values around 1. */
#define UNIT_TOLERANCE 1e-5
/* Angles after wrapping and clamping in float32, for angles below 1000°. */
#define ANGLE_TOLERANCE_DEG 1e-3
/* Distances in float32 for scenes of at most ~1 km. */
#define DISTANCE_TOLERANCE_M 1e-3
/* Normalized device coordinates of points within ~100 m of the eye. */
#define NDC_TOLERANCE 1e-4
/* A hundredth of a pixel in a view of at most 2000 pixels. */
#define PIXEL_TOLERANCE 0.01

static void
assert_vec3_near (const float *actual,
                  float        x,
                  float        y,
                  float        z,
                  double       tolerance)
{
  g_assert_cmpfloat_with_epsilon (actual[0], x, tolerance);
  g_assert_cmpfloat_with_epsilon (actual[1], y, tolerance);
  g_assert_cmpfloat_with_epsilon (actual[2], z, tolerance);
}

static void
test_init (void)
{
  TwinCamera camera;
  vec3       eye;

  twin_camera_init (&camera);
  assert_vec3_near (camera.target_m, 0, 0, 0, UNIT_TOLERANCE);
  g_assert_cmpfloat (camera.distance_m, >, TWIN_CAMERA_MIN_DISTANCE_M);
  g_assert_cmpfloat (camera.azimuth_deg, >=, 0.0f);
  g_assert_cmpfloat (camera.azimuth_deg, <, 360.0f);
  /* The default view looks down on the ground from the front (the -Y side). */
  twin_camera_get_eye (&camera, eye);
  g_assert_cmpfloat (eye[1], <, 0.0f);
  g_assert_cmpfloat (eye[2], >, 0.0f);
  g_assert_cmpfloat_with_epsilon (glm_vec3_norm (eye), camera.distance_m, DISTANCE_TOLERANCE_M);
}

static void
test_eye (void)
{
  static const struct
  {
    float azimuth_deg;
    float elevation_deg;
    float back[3]; /* unit vector from the target to the eye */
  } cases[] = {
    { 0, 0, { 1, 0, 0 } },
    { 90, 0, { 0, 1, 0 } },
    { 180, 0, { -1, 0, 0 } },
    { 270, 0, { 0, -1, 0 } },
    { 0, 45, { (float) G_SQRT2 / 2, 0, (float) G_SQRT2 / 2 } },
    { 90, -30, { 0, 0.8660254f, -0.5f } },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      vec3       eye;
      vec3       right;
      vec3       up;
      vec3       forward;
      vec3       cross;

      twin_camera_init (&camera);
      camera.target_m[0] = 1.0f;
      camera.target_m[1] = -2.0f;
      camera.target_m[2] = 3.0f;
      camera.distance_m = 4.0f;
      camera.azimuth_deg = cases[i].azimuth_deg;
      camera.elevation_deg = cases[i].elevation_deg;

      twin_camera_get_eye (&camera, eye);
      assert_vec3_near (eye,
                        1.0f + 4.0f * cases[i].back[0],
                        -2.0f + 4.0f * cases[i].back[1],
                        3.0f + 4.0f * cases[i].back[2],
                        UNIT_TOLERANCE * 4);

      /* The axes are unit length, the view looks at the target, up never points down, and right × up = back. */
      twin_camera_get_axes (&camera, right, up, forward);
      assert_vec3_near (forward, -cases[i].back[0], -cases[i].back[1], -cases[i].back[2], UNIT_TOLERANCE);
      g_assert_cmpfloat_with_epsilon (glm_vec3_norm (right), 1.0, UNIT_TOLERANCE);
      g_assert_cmpfloat_with_epsilon (glm_vec3_norm (up), 1.0, UNIT_TOLERANCE);
      g_assert_cmpfloat_with_epsilon (glm_vec3_dot (right, up), 0.0, UNIT_TOLERANCE);
      g_assert_cmpfloat_with_epsilon (right[2], 0.0, UNIT_TOLERANCE);
      g_assert_cmpfloat (up[2], >, 0.0f);
      glm_vec3_cross (right, up, cross);
      assert_vec3_near (cross, cases[i].back[0], cases[i].back[1], cases[i].back[2], UNIT_TOLERANCE);
    }
}

/* Right-handed, Z up: which world direction appears to the right on screen for each azimuth. */
static void
test_screen_orientation (void)
{
  static const struct
  {
    float azimuth_deg;
    float right[3];
  } cases[] = {
    { 0, { 0, 1, 0 } },   /* eye on +X: +Y is right */
    { 90, { -1, 0, 0 } }, /* eye on +Y: -X is right */
    { 180, { 0, -1, 0 } },
    { 270, { 1, 0, 0 } }, /* eye on -Y (the front): +X is right */
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      vec3       right_point;
      vec3       up_point = { 0, 0, 1 };
      vec3       ndc;

      twin_camera_init (&camera);
      camera.azimuth_deg = cases[i].azimuth_deg;
      camera.elevation_deg = 0.0f;
      glm_vec3_copy ((float *) cases[i].right, right_point);

      g_assert_true (twin_camera_project (&camera, 1.0f, right_point, ndc));
      g_assert_cmpfloat (ndc[0], >, 0.01f);
      g_assert_cmpfloat_with_epsilon (ndc[1], 0.0, NDC_TOLERANCE);

      g_assert_true (twin_camera_project (&camera, 1.0f, up_point, ndc));
      g_assert_cmpfloat_with_epsilon (ndc[0], 0.0, NDC_TOLERANCE);
      g_assert_cmpfloat (ndc[1], >, 0.01f);
    }
}

static void
test_orbit (void)
{
  static const struct
  {
    float azimuth_deg;
    float elevation_deg;
    float delta_azimuth_deg;
    float delta_elevation_deg;
    float expected_azimuth_deg;
    float expected_elevation_deg;
  } cases[] = {
    { 10, 20, 30, 10, 40, 30 },
    { 350, 0, 20, 0, 10, 0 },                              /* wraps past 360 */
    { 10, 0, -20, 0, 350, 0 },                             /* wraps below 0 */
    { 0, 0, 720, 0, 0, 0 },                                /* whole turns */
    { 0, 80, 0, 30, 0, TWIN_CAMERA_MAX_ELEVATION_DEG },    /* stops short of the zenith */
    { 0, -80, 0, -30, 0, -TWIN_CAMERA_MAX_ELEVATION_DEG }, /* and of the nadir */
    { 270, 90, 30, 0, 300, 90 },                           /* the top preset turns in place */
    { 270, 90, 0, 5, 270, 90 },                            /* and never tips over the pole */
    { 270, 90, 0, -10, 270, 80 },                          /* but can come down */
    { 45, 10, NAN, 5, 45, 10 },                            /* a bad delta changes nothing */
    { 45, 10, 5, INFINITY, 45, 10 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      float      distance_m;

      twin_camera_init (&camera);
      camera.azimuth_deg = cases[i].azimuth_deg;
      camera.elevation_deg = cases[i].elevation_deg;
      distance_m = camera.distance_m;

      twin_camera_orbit (&camera, cases[i].delta_azimuth_deg, cases[i].delta_elevation_deg);
      g_test_message ("case %u: azimuth %g, elevation %g", i, camera.azimuth_deg, camera.elevation_deg);
      g_assert_cmpfloat_with_epsilon (camera.azimuth_deg, cases[i].expected_azimuth_deg, ANGLE_TOLERANCE_DEG);
      g_assert_cmpfloat_with_epsilon (camera.elevation_deg, cases[i].expected_elevation_deg, ANGLE_TOLERANCE_DEG);
      g_assert_cmpfloat (camera.azimuth_deg, >=, 0.0f);
      g_assert_cmpfloat (camera.azimuth_deg, <, 360.0f);
      g_assert_cmpfloat (camera.distance_m, ==, distance_m);
    }
}

static void
test_zoom (void)
{
  static const struct
  {
    float distance_m;
    float factor;
    float expected_m;
  } cases[] = {
    { 10, 0.5f, 5 },
    { 10, 2, 20 },
    { 0.06f, 0.5f, TWIN_CAMERA_MIN_DISTANCE_M },
    { 90000, 10, TWIN_CAMERA_MAX_DISTANCE_M },
    { 10, 0, 10 }, /* factors that are not positive finite numbers are ignored */
    { 10, -2, 10 },
    { 10, NAN, 10 },
    { 10, INFINITY, 10 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;

      twin_camera_init (&camera);
      camera.distance_m = cases[i].distance_m;
      twin_camera_zoom (&camera, cases[i].factor);
      g_assert_cmpfloat_with_epsilon (camera.distance_m, cases[i].expected_m, DISTANCE_TOLERANCE_M);
    }
}

static void
ndc_to_pixels (const vec3 ndc,
               float      width_px,
               float      height_px,
               float     *x_px,
               float     *y_px)
{
  *x_px = (ndc[0] + 1.0f) / 2.0f * width_px;
  *y_px = (1.0f - ndc[1]) / 2.0f * height_px; /* pixels count down */
}

/* The point under the pointer stays under it: the old target moves with the pointer. */
static void
test_pan (void)
{
  static const struct
  {
    float azimuth_deg;
    float elevation_deg;
    float distance_m;
    float dx_px;
    float dy_px;
  } cases[] = {
    { 310, 30, 12, 40, 0 },
    { 310, 30, 12, 0, -25 },
    { 0, 0, 3, -10, 15 },
    { 135, -60, 50, 100, 100 },
    { 200, 89, 0.5f, 7, -3 },
  };
  const float width_px = 800.0f;
  const float height_px = 600.0f;
  guint       i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      vec3       old_target;
      vec3       ndc;
      float      x0;
      float      y0;
      float      x1;
      float      y1;

      twin_camera_init (&camera);
      camera.azimuth_deg = cases[i].azimuth_deg;
      camera.elevation_deg = cases[i].elevation_deg;
      camera.distance_m = cases[i].distance_m;
      glm_vec3_copy (camera.target_m, old_target);

      g_assert_true (twin_camera_project (&camera, width_px / height_px, old_target, ndc));
      ndc_to_pixels (ndc, width_px, height_px, &x0, &y0);
      twin_camera_pan (&camera, cases[i].dx_px, cases[i].dy_px, height_px);
      g_assert_true (twin_camera_project (&camera, width_px / height_px, old_target, ndc));
      ndc_to_pixels (ndc, width_px, height_px, &x1, &y1);

      g_assert_cmpfloat_with_epsilon (x1 - x0, cases[i].dx_px, PIXEL_TOLERANCE);
      g_assert_cmpfloat_with_epsilon (y1 - y0, cases[i].dy_px, PIXEL_TOLERANCE);
      /* Panning slides; it neither turns nor zooms. */
      g_assert_cmpfloat (camera.distance_m, ==, cases[i].distance_m);
      g_assert_cmpfloat (camera.azimuth_deg, ==, cases[i].azimuth_deg);
    }
}

static void
test_fit_bounds (void)
{
  static const struct
  {
    float min[3];
    float max[3];
    float aspect;
    float azimuth_deg;
    float elevation_deg;
  } cases[] = {
    { { -0.5f, -0.5f, 0 }, { 0.5f, 0.5f, 1 }, 1.0f, 310, 30 },
    { { 0, 0, 0 }, { 40, 20, 12 }, 16.0f / 9.0f, 310, 30 },
    { { 0, 0, 0 }, { 40, 20, 12 }, 0.4f, 310, 30 }, /* tall and narrow: the width decides */
    { { -100, 5, -3 }, { -90, 300, 2 }, 1.5f, 45, -20 },
    { { 1, 1, 1 }, { 1, 1, 1 }, 1.0f, 0, 0 }, /* a point still gets a view */
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      float      largest = 0.0f;
      int        c;

      twin_camera_init (&camera);
      camera.azimuth_deg = cases[i].azimuth_deg;
      camera.elevation_deg = cases[i].elevation_deg;
      twin_camera_fit_bounds (&camera, cases[i].min, cases[i].max, cases[i].aspect);

      g_assert_cmpfloat_with_epsilon (camera.target_m[0], (cases[i].min[0] + cases[i].max[0]) / 2, DISTANCE_TOLERANCE_M);
      g_assert_cmpfloat_with_epsilon (camera.target_m[1], (cases[i].min[1] + cases[i].max[1]) / 2, DISTANCE_TOLERANCE_M);
      g_assert_cmpfloat_with_epsilon (camera.target_m[2], (cases[i].min[2] + cases[i].max[2]) / 2, DISTANCE_TOLERANCE_M);
      g_assert_cmpfloat (camera.azimuth_deg, ==, cases[i].azimuth_deg);

      /* Every corner is on screen and in front of the near plane. */
      for (c = 0; c < 8; c++)
        {
          vec3 corner = {
            (c & 1) ? cases[i].max[0] : cases[i].min[0],
            (c & 2) ? cases[i].max[1] : cases[i].min[1],
            (c & 4) ? cases[i].max[2] : cases[i].min[2],
          };
          vec3 ndc;

          g_assert_true (twin_camera_project (&camera, cases[i].aspect, corner, ndc));
          g_test_message ("case %u corner %d: ndc %g %g %g", i, c, ndc[0], ndc[1], ndc[2]);
          g_assert_cmpfloat (fabsf (ndc[0]), <=, 1.0f);
          g_assert_cmpfloat (fabsf (ndc[1]), <=, 1.0f);
          g_assert_cmpfloat (ndc[2], >, -1.0f);
          g_assert_cmpfloat (ndc[2], <, 1.0f);
          largest = MAX (largest, MAX (fabsf (ndc[0]), fabsf (ndc[1])));
        }
      /* And the fit is snug: the scene is not a speck in the middle. */
      if (cases[i].min[0] != cases[i].max[0])
        g_assert_cmpfloat (largest, >, 0.4f);
    }
}

static void
test_fit_bounds_rejects_bad_input (void)
{
  static const struct
  {
    float min[3];
    float max[3];
  } cases[] = {
    { { 1, 0, 0 }, { 0, 1, 1 } }, /* min above max */
    { { NAN, 0, 0 }, { 1, 1, 1 } },
    { { 0, 0, 0 }, { 1, INFINITY, 1 } },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinCamera camera;
      TwinCamera before;

      twin_camera_init (&camera);
      before = camera;
      twin_camera_fit_bounds (&camera, cases[i].min, cases[i].max, 1.0f);
      g_assert_cmpmem (&camera, sizeof camera, &before, sizeof before);
    }
}

static void
test_projection_depth (void)
{
  static const float distances_m[] = { 0.05f, 1.0f, 12.0f, 5000.0f };
  guint              i;

  for (i = 0; i < G_N_ELEMENTS (distances_m); i++)
    {
      TwinCamera camera;
      vec3       eye;
      vec3       forward;
      vec3       point;
      vec3       ndc;
      float      near_m;
      float      far_m;

      twin_camera_init (&camera);
      camera.distance_m = distances_m[i];
      twin_camera_get_clip_range (&camera, &near_m, &far_m);
      g_assert_cmpfloat (near_m, >, 0.0f);
      g_assert_cmpfloat (near_m, <, camera.distance_m);
      g_assert_cmpfloat (far_m, >, camera.distance_m);

      twin_camera_get_eye (&camera, eye);
      twin_camera_get_axes (&camera, NULL, NULL, forward);

      /* The target is straight ahead, in the middle of the view, between the planes. */
      g_assert_true (twin_camera_project (&camera, 1.5f, camera.target_m, ndc));
      assert_vec3_near (ndc, 0, 0, ndc[2], NDC_TOLERANCE);
      g_assert_cmpfloat (ndc[2], >, -1.0f);
      g_assert_cmpfloat (ndc[2], <, 1.0f);

      /* OpenGL's convention: depth -1 on the near plane, +1 on the far plane. */
      glm_vec3_scale (forward, near_m, point);
      glm_vec3_add (eye, point, point);
      g_assert_true (twin_camera_project (&camera, 1.5f, point, ndc));
      g_assert_cmpfloat_with_epsilon (ndc[2], -1.0, NDC_TOLERANCE);

      glm_vec3_scale (forward, far_m, point);
      glm_vec3_add (eye, point, point);
      g_assert_true (twin_camera_project (&camera, 1.5f, point, ndc));
      /* 24 bits of depth at the far plane: relative error of float32 over far/near. */
      g_assert_cmpfloat_with_epsilon (ndc[2], 1.0, 1e-3);

      /* Behind the eye nothing projects. */
      glm_vec3_scale (forward, -1.0f, point);
      glm_vec3_add (eye, point, point);
      g_assert_false (twin_camera_project (&camera, 1.5f, point, ndc));
    }
}

/* Distance from a point to a ray (origin, unit direction), metres. */
static float
distance_to_ray (const vec3 origin,
                 const vec3 direction,
                 const vec3 point)
{
  vec3 to_point;
  vec3 along;

  glm_vec3_sub ((float *) point, (float *) origin, to_point);
  glm_vec3_scale ((float *) direction, glm_vec3_dot (to_point, (float *) direction), along);
  glm_vec3_sub (to_point, along, to_point);
  return glm_vec3_norm (to_point);
}

static void
test_orthographic_projection (void)
{
  TwinCamera camera;
  vec3       right;
  vec3       forward;
  vec3       near_point;
  vec3       far_point;
  vec3       ndc_near;
  vec3       ndc_far;
  vec3       ndc;
  float      near_m;
  float      far_m;
  float      half_height_m;

  twin_camera_init (&camera);
  camera.orthographic = TRUE;
  camera.target_m[0] = 3.0f;
  twin_camera_get_axes (&camera, right, NULL, forward);
  half_height_m = twin_camera_get_view_height (&camera) / 2.0f;
  g_assert_cmpfloat_with_epsilon (half_height_m, camera.distance_m * tanf (glm_rad (camera.fov_y_deg) / 2.0f), DISTANCE_TOLERANCE_M);

  /* Parallel projection: the same offset from the axis lands at the same place at any depth. */
  glm_vec3_copy (camera.target_m, near_point);
  glm_vec3_muladds (right, 1.0f, near_point);
  glm_vec3_copy (near_point, far_point);
  glm_vec3_muladds (forward, 40.0f, far_point);
  g_assert_true (twin_camera_project (&camera, 2.0f, near_point, ndc_near));
  g_assert_true (twin_camera_project (&camera, 2.0f, far_point, ndc_far));
  g_assert_cmpfloat_with_epsilon (ndc_near[0], ndc_far[0], NDC_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (ndc_near[1], ndc_far[1], NDC_TOLERANCE);
  /* One metre right is 1 / (half height × aspect) of the half width, as in perspective at the target. */
  g_assert_cmpfloat_with_epsilon (ndc_near[0], 1.0f / (half_height_m * 2.0f), NDC_TOLERANCE);
  g_assert_cmpfloat (ndc_far[2], >, ndc_near[2]);

  /* The depth range reaches behind the eye: zooming right in never cuts the scene. */
  twin_camera_get_clip_range (&camera, &near_m, &far_m);
  g_assert_cmpfloat (near_m, <, 0.0f);
  g_assert_cmpfloat (far_m, >, camera.distance_m);
  twin_camera_get_eye (&camera, near_point);
  glm_vec3_muladds (forward, -2.0f, near_point); /* behind the eye */
  g_assert_true (twin_camera_project (&camera, 1.0f, near_point, ndc));
  g_assert_cmpfloat (ndc[2], >, -1.0f);

  /* Switching projection keeps what is at the target's depth the same size. */
  {
    vec3 point;

    glm_vec3_copy (camera.target_m, point);
    glm_vec3_muladds (right, 1.0f, point);
    camera.orthographic = FALSE;
    g_assert_true (twin_camera_project (&camera, 2.0f, point, ndc));
    g_assert_cmpfloat_with_epsilon (ndc[0], ndc_near[0], NDC_TOLERANCE);
  }
}

/* Fit, zoom and pan behave in orthographic mode as in perspective. */
static void
test_orthographic_fit_pan_zoom (void)
{
  static const float aspects[] = { 0.5f, 1.0f, 2.5f };
  vec3               min_m = { -2.0f, 1.0f, 0.0f };
  vec3               max_m = { 6.0f, 3.0f, 4.0f };

  for (guint a = 0; a < G_N_ELEMENTS (aspects); a++)
    {
      TwinCamera camera;
      float      largest = 0.0f;
      float      before_m;
      vec3       target_before;
      vec3       right;

      twin_camera_init (&camera);
      camera.orthographic = TRUE;
      twin_camera_fit_bounds (&camera, min_m, max_m, aspects[a]);
      for (int c = 0; c < 8; c++)
        {
          vec3 corner = { (c & 1) ? max_m[0] : min_m[0], (c & 2) ? max_m[1] : min_m[1], (c & 4) ? max_m[2] : min_m[2] };
          vec3 ndc;

          g_assert_true (twin_camera_project (&camera, aspects[a], corner, ndc));
          g_assert_cmpfloat (fabsf (ndc[0]), <=, 1.0f);
          g_assert_cmpfloat (fabsf (ndc[1]), <=, 1.0f);
          g_assert_cmpfloat (fabsf (ndc[2]), <, 1.0f);
          largest = MAX (largest, MAX (fabsf (ndc[0]), fabsf (ndc[1])));
        }
      g_assert_cmpfloat (largest, >, 0.4f);

      /* Zoom scales the view: half the distance, twice the size. */
      before_m = twin_camera_get_view_height (&camera);
      twin_camera_zoom (&camera, 0.5f);
      g_assert_cmpfloat_with_epsilon (twin_camera_get_view_height (&camera), before_m / 2.0f, DISTANCE_TOLERANCE_M);

      /* Pan: the scene follows the pointer, view height / pixels metres per pixel. */
      glm_vec3_copy (camera.target_m, target_before);
      twin_camera_get_axes (&camera, right, NULL, NULL);
      twin_camera_pan (&camera, 100.0f, 0.0f, 400.0f);
      {
        vec3  moved;
        float expected_m = -100.0f * twin_camera_get_view_height (&camera) / 400.0f;

        glm_vec3_sub (camera.target_m, target_before, moved);
        g_assert_cmpfloat_with_epsilon (glm_vec3_dot (moved, right), expected_m, DISTANCE_TOLERANCE_M);
      }
    }
}

static void
test_presets (void)
{
  static const struct
  {
    TwinCameraPreset preset;
    const char      *name;
    float            right[3];
    float            up[3];
    float            forward[3];
  } cases[] = {
    { TWIN_CAMERA_PRESET_FRONT, "front", { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
    { TWIN_CAMERA_PRESET_TOP, "top", { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } },
    { TWIN_CAMERA_PRESET_SIDE, "side", { 0, 1, 0 }, { 0, 0, 1 }, { -1, 0, 0 } },
  };
  TwinCameraPreset preset;
  TwinCamera       camera;
  vec3             right;
  vec3             up;
  vec3             forward;
  vec3             target = { 1.0f, 2.0f, 3.0f };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      twin_camera_init (&camera);
      glm_vec3_copy (target, camera.target_m);
      camera.distance_m = 7.0f;
      twin_camera_set_preset (&camera, cases[i].preset);
      twin_camera_get_axes (&camera, right, up, forward);
      g_test_message ("%s: right (%g %g %g) up (%g %g %g) forward (%g %g %g)", cases[i].name,
                      right[0], right[1], right[2], up[0], up[1], up[2], forward[0], forward[1], forward[2]);
      assert_vec3_near (right, cases[i].right[0], cases[i].right[1], cases[i].right[2], UNIT_TOLERANCE);
      assert_vec3_near (up, cases[i].up[0], cases[i].up[1], cases[i].up[2], UNIT_TOLERANCE);
      assert_vec3_near (forward, cases[i].forward[0], cases[i].forward[1], cases[i].forward[2], UNIT_TOLERANCE);
      /* Presets turn the camera only. */
      assert_vec3_near (camera.target_m, target[0], target[1], target[2], UNIT_TOLERANCE);
      g_assert_cmpfloat (camera.distance_m, ==, 7.0f);

      g_assert_cmpstr (twin_camera_preset_to_string (cases[i].preset), ==, cases[i].name);
      g_assert_true (twin_camera_preset_from_string (cases[i].name, &preset));
      g_assert_cmpint (preset, ==, cases[i].preset);
    }

  /* Isometric: the three axes make equal angles with the view direction. */
  twin_camera_init (&camera);
  twin_camera_set_preset (&camera, TWIN_CAMERA_PRESET_ISO);
  twin_camera_get_axes (&camera, NULL, NULL, forward);
  g_assert_cmpfloat_with_epsilon (fabsf (forward[0]), fabsf (forward[1]), UNIT_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (fabsf (forward[0]), fabsf (forward[2]), UNIT_TOLERANCE);
  g_assert_cmpfloat (forward[1], >, 0.0f); /* from the front */
  g_assert_cmpfloat (forward[0], <, 0.0f); /* and the right */
  g_assert_cmpfloat (forward[2], <, 0.0f); /* looking down */
  g_assert_true (twin_camera_preset_from_string ("iso", &preset));
  g_assert_cmpint (preset, ==, TWIN_CAMERA_PRESET_ISO);

  g_assert_false (twin_camera_preset_from_string ("Front", &preset));
  g_assert_false (twin_camera_preset_from_string ("", &preset));
  g_assert_false (twin_camera_preset_from_string (NULL, &preset));
}

/* The ray through a pixel passes through every point that projects there, in both projections. */
static void
test_ray (void)
{
  static const float points[][3] = {
    { 0, 0, 0 },
    { 3, -2, 1 },
    { -4, 6, 0.5f },
    { 10, 10, 5 },
    { -1, -3, 2.5f },
  };
  const int width = 640;
  const int height = 400;

  for (int ortho = 0; ortho < 2; ortho++)
    {
      TwinCamera camera;
      vec3       origin;
      vec3       direction;
      vec3       forward;

      twin_camera_init (&camera);
      camera.orthographic = ortho;
      camera.target_m[2] = 1.0f;
      twin_camera_orbit (&camera, 25.0f, 10.0f);
      twin_camera_get_axes (&camera, NULL, NULL, forward);

      /* The centre of the view looks straight ahead at the target. */
      twin_camera_get_ray (&camera, width / 2.0f, height / 2.0f, width, height, origin, direction);
      assert_vec3_near (direction, forward[0], forward[1], forward[2], UNIT_TOLERANCE);
      g_assert_cmpfloat (distance_to_ray (origin, direction, camera.target_m), <, 1e-4f);

      for (guint i = 0; i < G_N_ELEMENTS (points); i++)
        {
          vec3  ndc;
          vec3  to_point;
          float x_px;
          float y_px;

          g_assert_true (twin_camera_project (&camera, (float) width / height, points[i], ndc));
          x_px = (ndc[0] + 1.0f) / 2.0f * width;
          y_px = (1.0f - ndc[1]) / 2.0f * height; /* from the top */
          twin_camera_get_ray (&camera, x_px, y_px, width, height, origin, direction);
          g_test_message ("%s point %u: pixel (%g, %g), miss %g m", ortho ? "ortho" : "perspective", i,
                          x_px, y_px, distance_to_ray (origin, direction, points[i]));
          g_assert_cmpfloat_with_epsilon (glm_vec3_norm (direction), 1.0f, UNIT_TOLERANCE);
          g_assert_cmpfloat (distance_to_ray (origin, direction, points[i]), <, 1e-3f);
          /* The point lies ahead on the ray. */
          glm_vec3_sub ((float *) points[i], origin, to_point);
          g_assert_cmpfloat (glm_vec3_dot (to_point, direction), >, 0.0f);
        }

      /* Moving right and down on screen moves the ray right and down in the view. */
      {
        vec3 right;
        vec3 up;
        vec3 left_origin;
        vec3 left_direction;
        vec3 moved;

        twin_camera_get_axes (&camera, right, up, NULL);
        twin_camera_get_ray (&camera, 100, 100, width, height, left_origin, left_direction);
        twin_camera_get_ray (&camera, 300, 300, width, height, origin, direction);
        if (ortho)
          glm_vec3_sub (origin, left_origin, moved);
        else
          glm_vec3_sub (direction, left_direction, moved);
        g_assert_cmpfloat (glm_vec3_dot (moved, right), >, 0.0f);
        g_assert_cmpfloat (glm_vec3_dot (moved, up), <, 0.0f);
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/camera/init", test_init);
  g_test_add_func ("/render/camera/eye", test_eye);
  g_test_add_func ("/render/camera/screen-orientation", test_screen_orientation);
  g_test_add_func ("/render/camera/orbit", test_orbit);
  g_test_add_func ("/render/camera/zoom", test_zoom);
  g_test_add_func ("/render/camera/pan", test_pan);
  g_test_add_func ("/render/camera/fit-bounds", test_fit_bounds);
  g_test_add_func ("/render/camera/fit-bounds-bad-input", test_fit_bounds_rejects_bad_input);
  g_test_add_func ("/render/camera/projection-depth", test_projection_depth);
  g_test_add_func ("/render/camera/orthographic-projection", test_orthographic_projection);
  g_test_add_func ("/render/camera/orthographic-fit-pan-zoom", test_orthographic_fit_pan_zoom);
  g_test_add_func ("/render/camera/presets", test_presets);
  g_test_add_func ("/render/camera/ray", test_ray);

  return g_test_run ();
}
