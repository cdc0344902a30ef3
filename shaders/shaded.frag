#version 330 core
/* shaded.frag: lights a solid with a sky/ground hemisphere and one key light, so its faces differ. */

in vec3 v_normal; /* world space */

uniform vec4 u_color;           /* base colour, linear RGBA */
uniform vec3 u_light_direction; /* world space, unit length, pointing towards the light */

out vec4 frag_color;

void
main ()
{
  vec3 n = normalize (v_normal);
  float key = max (dot (n, u_light_direction), 0.0);
  float sky = 0.5 + 0.5 * n.z; /* Z is up: 1 for a roof, 0 for a floor */
  float light = 0.30 + 0.25 * sky + 0.50 * key;

  /* Lighting is one scalar factor, so a lit pixel keeps the hue of u_color. */
  frag_color = vec4 (u_color.rgb * min (light, 1.0), u_color.a);
}
