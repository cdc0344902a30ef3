/* twin-shader-program.c: a linked GL program built from a .vert/.frag pair in the shader resources.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program is looked up by name: "shaded" is shaded.vert + shaded.frag under
 * TWIN_SHADER_RESOURCE_PATH. Every uniform location of TwinUniform is looked
 * up once at link time (-1 for those the program does not use, which GL then
 * ignores). Creating and freeing need the GL context that owns the program
 * to be current.
 */

#define G_LOG_DOMAIN "twin-shader-program"

#include "config.h"

#include "twin-shader-program.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

struct _TwinShaderProgram
{
  /* Owned */
  char  *name;
  GLuint id; /* GL program name, 0 once deleted */

  /* State */
  GLint  uniforms[TWIN_N_UNIFORMS];
};

static const char *const uniform_names[TWIN_N_UNIFORMS] = {
  TWIN_SHADER_UNIFORMS (TWIN_SHADER_UNIFORM_NAME)
};

G_DEFINE_QUARK (twin_shader_error_quark, twin_shader_error)

static char *
dup_shader_log (GLuint shader)
{
  GLint length = 0;
  char *log;

  glGetShaderiv (shader, GL_INFO_LOG_LENGTH, &length);
  if (length <= 1)
    return g_strdup (_ ("The driver gave no reason."));
  log = g_malloc0 ((gsize) length);
  glGetShaderInfoLog (shader, length, NULL, log);
  return g_strstrip (log);
}

static char *
dup_program_log (GLuint program)
{
  GLint length = 0;
  char *log;

  glGetProgramiv (program, GL_INFO_LOG_LENGTH, &length);
  if (length <= 1)
    return g_strdup (_ ("The driver gave no reason."));
  log = g_malloc0 ((gsize) length);
  glGetProgramInfoLog (program, length, NULL, log);
  return g_strstrip (log);
}

static GLuint
compile_stage (const char *program_name,
               GLenum      stage,
               const char *source,
               GError    **error)
{
  GLuint shader = glCreateShader (stage);
  GLint  status = GL_FALSE;

  glShaderSource (shader, 1, &source, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &status);
  if (status != GL_TRUE)
    {
      g_autofree char *log = dup_shader_log (shader);

      if (stage == GL_VERTEX_SHADER)
        g_set_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_COMPILE,
                     _ ("Could not compile the vertex shader of the “%s” program: %s"),
                     program_name, log);
      else
        g_set_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_COMPILE,
                     _ ("Could not compile the fragment shader of the “%s” program: %s"),
                     program_name, log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static GBytes *
lookup_source (const char *name,
               const char *extension,
               GError    **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.%s", TWIN_SHADER_RESOURCE_PATH, name, extension);
  g_autoptr (GError) local_error = NULL;
  GBytes *bytes;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_NOT_FOUND,
                   _ ("The shader “%s” is missing from the application’s resources: %s"),
                   path, local_error->message);
      return NULL;
    }
  return bytes;
}

/**
 * twin_shader_uniform_get_name:
 * @uniform: a uniform
 *
 * Returns: the uniform's name in the GLSL sources, such as `u_model`
 */
const char *
twin_shader_uniform_get_name (TwinUniform uniform)
{
  g_return_val_if_fail ((guint) uniform < TWIN_N_UNIFORMS, NULL);

  return uniform_names[uniform];
}

/**
 * twin_shader_program_new:
 * @name: the program's name: the base name of its `.vert` and `.frag` files
 * @error: return location for a #TWIN_SHADER_ERROR
 *
 * Compiles and links `<name>.vert` and `<name>.frag` from the shader
 * resources. The GL context that is to own the program must be current.
 *
 * Returns: (transfer full) (nullable): the program, or %NULL with @error set
 */
TwinShaderProgram *
twin_shader_program_new (const char *name,
                         GError    **error)
{
  g_autoptr (GBytes) vertex = NULL;
  g_autoptr (GBytes) fragment = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  vertex = lookup_source (name, "vert", error);
  if (vertex == NULL)
    return NULL;
  fragment = lookup_source (name, "frag", error);
  if (fragment == NULL)
    return NULL;

  /* Resource data always ends with a NUL byte after its contents. */
  return twin_shader_program_new_from_source (name,
                                              g_bytes_get_data (vertex, NULL),
                                              g_bytes_get_data (fragment, NULL),
                                              error);
}

/**
 * twin_shader_program_new_from_source:
 * @name: the program's name, for messages
 * @vertex_source: the vertex stage's GLSL source
 * @fragment_source: the fragment stage's GLSL source
 * @error: return location for a #TWIN_SHADER_ERROR
 *
 * Like twin_shader_program_new() with the sources given directly. On a
 * compile or link failure the error's message names the program and the
 * stage and carries the driver's info log.
 *
 * Returns: (transfer full) (nullable): the program, or %NULL with @error set
 */
TwinShaderProgram *
twin_shader_program_new_from_source (const char *name,
                                     const char *vertex_source,
                                     const char *fragment_source,
                                     GError    **error)
{
  TwinShaderProgram *self;
  GLuint             vertex;
  GLuint             fragment;
  GLuint             program;
  GLint              status = GL_FALSE;
  guint              i;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (vertex_source != NULL, NULL);
  g_return_val_if_fail (fragment_source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  vertex = compile_stage (name, GL_VERTEX_SHADER, vertex_source, error);
  if (vertex == 0)
    return NULL;
  fragment = compile_stage (name, GL_FRAGMENT_SHADER, fragment_source, error);
  if (fragment == 0)
    {
      glDeleteShader (vertex);
      return NULL;
    }

  program = glCreateProgram ();
  glAttachShader (program, vertex);
  glAttachShader (program, fragment);
  glLinkProgram (program);
  glDetachShader (program, vertex);
  glDetachShader (program, fragment);
  glDeleteShader (vertex);
  glDeleteShader (fragment);

  glGetProgramiv (program, GL_LINK_STATUS, &status);
  if (status != GL_TRUE)
    {
      g_autofree char *log = dup_program_log (program);

      g_set_error (error, TWIN_SHADER_ERROR, TWIN_SHADER_ERROR_LINK,
                   _ ("Could not link the “%s” shader program: %s"),
                   name, log);
      glDeleteProgram (program);
      return NULL;
    }

  self = g_new0 (TwinShaderProgram, 1);
  self->name = g_strdup (name);
  self->id = program;
  for (i = 0; i < TWIN_N_UNIFORMS; i++)
    self->uniforms[i] = glGetUniformLocation (program, uniform_names[i]);
  return self;
}

/**
 * twin_shader_program_free:
 *
 * Deletes the GL program and frees @self. The context that owns the program
 * must be current.
 */
void
twin_shader_program_free (TwinShaderProgram *self)
{
  if (self == NULL)
    return;

  if (self->id != 0)
    glDeleteProgram (self->id);
  g_free (self->name);
  g_free (self);
}

const char *
twin_shader_program_get_name (TwinShaderProgram *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * twin_shader_program_get_id:
 *
 * Returns: the GL program name
 */
GLuint
twin_shader_program_get_id (TwinShaderProgram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->id;
}

/**
 * twin_shader_program_get_uniform:
 * @uniform: a uniform
 *
 * Returns: the uniform's location in this program, or -1 if the program
 *   does not use it (setting location -1 is a no-op in GL)
 */
GLint
twin_shader_program_get_uniform (TwinShaderProgram *self,
                                 TwinUniform        uniform)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail ((guint) uniform < TWIN_N_UNIFORMS, -1);

  return self->uniforms[uniform];
}

/**
 * twin_shader_program_use:
 *
 * Makes @self the current program (glUseProgram).
 */
void
twin_shader_program_use (TwinShaderProgram *self)
{
  g_return_if_fail (self != NULL);

  glUseProgram (self->id);
}
