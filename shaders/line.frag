#version 330 core
/* line.frag: draws a line, fading it out with its distance from a centre (the grid's far edge). */

in vec4 v_color;
in vec3 v_world_position; /* metres */

uniform vec3 u_fade_origin;   /* world space, metres */
uniform float u_fade_radius_m; /* 0 turns fading off */

out vec4 frag_color;

void
main ()
{
  float fade = 1.0;

  if (u_fade_radius_m > 0.0)
    {
      float d = distance (v_world_position.xy, u_fade_origin.xy);
      fade = 1.0 - smoothstep (0.5 * u_fade_radius_m, u_fade_radius_m, d);
    }
  frag_color = vec4 (v_color.rgb, v_color.a * fade);
}
