#version 330 core
/* outline.vert: one triangle covering the whole view, for the selection outline pass (no vertex buffer). */

void
main ()
{
  /* Vertices 0, 1, 2 at (-1, -1), (3, -1), (-1, 3): the view's square and more. */
  vec2 corner = vec2 (gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);

  gl_Position = vec4 (corner, 0.0, 1.0);
}
