#version 330 core
/* shaded.vert: places a lit solid (an entity's box or mesh, an axis bar) and lights it at its vertices. */

layout(location = 0) in vec3 a_position; /* model space (metres, or a mesh's source units) */
layout(location = 1) in vec3 a_normal;   /* model space, unit length */

uniform mat4 u_model;           /* model space to world space */
uniform mat4 u_view_projection; /* world space to clip space */
uniform mat3 u_normal_matrix;   /* inverse transpose of u_model's upper 3x3 */
uniform vec3 u_light_direction; /* world space, unit length, pointing towards the key light */
uniform vec3 u_fill_direction;  /* world space, unit length, pointing towards the fill light */

/* The light factor for the front (x) and the back (y) of the surface: lit at the vertex and
 * interpolated, which on llvmpipe costs a tenth of lighting every pixel of a 1M-triangle mesh. */
out vec2 v_light;

float
light_for (vec3 n)
{
  float key = max (dot (n, u_light_direction), 0.0);
  float fill = max (dot (n, u_fill_direction), 0.0);
  float sky = 0.5 + 0.5 * n.z; /* Z is up: 1 for a roof, 0 for a floor */

  return min (0.22 + 0.22 * sky + 0.50 * key + 0.20 * fill, 1.0);
}

void
main ()
{
  vec3 n = normalize (u_normal_matrix * a_normal);

  v_light = vec2 (light_for (n), light_for (-n));
  gl_Position = u_view_projection * u_model * vec4 (a_position, 1.0);
}
