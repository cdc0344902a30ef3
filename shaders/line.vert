#version 330 core
/* line.vert: places coloured lines (the ground grid, box edges) in the world and the view. */

layout(location = 0) in vec3 a_position; /* model space, metres */
layout(location = 2) in vec4 a_color;    /* linear RGBA; a constant attribute when not an array */

uniform mat4 u_model;           /* model space to world space */
uniform mat4 u_view_projection; /* world space to clip space */
uniform vec4 u_color;           /* multiplies a_color */

out vec4 v_color;
out vec3 v_world_position; /* metres */

void
main ()
{
  vec4 world = u_model * vec4 (a_position, 1.0);

  v_color = a_color * u_color;
  v_world_position = world.xyz;
  gl_Position = u_view_projection * world;
}
