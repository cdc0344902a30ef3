#version 330 core
/* shaded.frag: colours a lit solid; the back of an open shell is lit as if it faced the viewer. */

in vec2 v_light; /* light factor for the front (x) and the back (y) */

uniform vec4 u_color; /* base colour, RGBA */

out vec4 frag_color;

void
main ()
{
  /* Lighting is one scalar factor, so a lit pixel keeps the hue of u_color. */
  frag_color = vec4 (u_color.rgb * (gl_FrontFacing ? v_light.x : v_light.y), u_color.a);
}
