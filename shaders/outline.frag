#version 330 core
/* outline.frag: paints a ring around the selection's silhouette, read from a mask as big as the view. */

uniform sampler2D u_mask;          /* red > 0.5 where the selection covers the pixel */
uniform vec4 u_color;              /* the outline's colour, RGBA */
uniform float u_outline_width_px;  /* how far the ring reaches out from the silhouette */

out vec4 frag_color;

void
main ()
{
  ivec2 pixel = ivec2 (gl_FragCoord.xy);
  ivec2 last = textureSize (u_mask, 0) - 1;
  int radius = int (u_outline_width_px + 0.5);
  float covered = 0.0;

  if (texelFetch (u_mask, pixel, 0).r > 0.5)
    discard;
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        if (dx * dx + dy * dy > radius * radius + radius)
          continue;
        covered = max (covered, texelFetch (u_mask, clamp (pixel + ivec2 (dx, dy), ivec2 (0), last), 0).r);
      }
  if (covered < 0.5)
    discard;
  frag_color = u_color;
}
