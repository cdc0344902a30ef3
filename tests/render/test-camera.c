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

  return g_test_run ();
}
