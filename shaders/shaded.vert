#version 330 core
/* shaded.vert: places a lit solid (an entity's box, an axis arrow) in the world and the view. */

layout(location = 0) in vec3 a_position; /* model space, metres */
layout(location = 1) in vec3 a_normal;   /* model space, unit length */

uniform mat4 u_model;           /* model space to world space */
uniform mat4 u_view_projection; /* world space to clip space */
uniform mat3 u_normal_matrix;   /* inverse transpose of u_model's upper 3x3 */

out vec3 v_normal; /* world space, not normalized */

void
main ()
{
  v_normal = u_normal_matrix * a_normal;
  gl_Position = u_view_projection * u_model * vec4 (a_position, 1.0);
}
