/* twin-shader-program.h: a linked GL program built from a .vert/.frag pair in the shader resources.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

/* Where the shader sources live in the GResource bundle. */
#define TWIN_SHADER_RESOURCE_PATH "/io/github/twinstudio/TwinStudio/shaders"

/* Vertex attribute locations, fixed by layout(location = N) in every shader. */
#define TWIN_ATTRIB_POSITION 0 /* vec3, metres */
#define TWIN_ATTRIB_NORMAL   1 /* vec3, unit length */
#define TWIN_ATTRIB_COLOR    2 /* vec4, linear RGBA */

/*
 * Every uniform of every program, listed once: the enum below and the name
 * table both come from this list, so no other file spells a uniform's name.
 * See shaders/README.md for what each one means.
 */
#define TWIN_SHADER_UNIFORMS(X)                            \
  X (TWIN_UNIFORM_MODEL, "u_model")                        \
  X (TWIN_UNIFORM_VIEW_PROJECTION, "u_view_projection")    \
  X (TWIN_UNIFORM_NORMAL_MATRIX, "u_normal_matrix")        \
  X (TWIN_UNIFORM_COLOR, "u_color")                        \
  X (TWIN_UNIFORM_LIGHT_DIRECTION, "u_light_direction")    \
  X (TWIN_UNIFORM_FADE_ORIGIN, "u_fade_origin")            \
  X (TWIN_UNIFORM_FADE_RADIUS, "u_fade_radius_m")          \
  X (TWIN_UNIFORM_FILL_DIRECTION, "u_fill_direction")      \
  X (TWIN_UNIFORM_MASK, "u_mask")                          \
  X (TWIN_UNIFORM_OUTLINE_WIDTH, "u_outline_width_px")

#define TWIN_SHADER_UNIFORM_ENUM(id, name) id,
#define TWIN_SHADER_UNIFORM_NAME(id, name) [id] = name,

typedef enum
{
  TWIN_SHADER_UNIFORMS (TWIN_SHADER_UNIFORM_ENUM)
  TWIN_N_UNIFORMS
} TwinUniform;

#define TWIN_SHADER_ERROR (twin_shader_error_quark ())

/**
 * TwinShaderError:
 * @TWIN_SHADER_ERROR_NOT_FOUND: a shader source is not in the resources
 * @TWIN_SHADER_ERROR_COMPILE: the driver refused to compile a stage; the
 *   message carries its info log
 * @TWIN_SHADER_ERROR_LINK: the driver refused to link the program; the
 *   message carries its info log
 */
typedef enum
{
  TWIN_SHADER_ERROR_NOT_FOUND,
  TWIN_SHADER_ERROR_COMPILE,
  TWIN_SHADER_ERROR_LINK,
} TwinShaderError;

typedef struct _TwinShaderProgram TwinShaderProgram;

GQuark             twin_shader_error_quark             (void);
const char        *twin_shader_uniform_get_name        (TwinUniform        uniform);

TwinShaderProgram *twin_shader_program_new             (const char        *name,
                                                        GError           **error) G_GNUC_WARN_UNUSED_RESULT;
TwinShaderProgram *twin_shader_program_new_from_source (const char        *name,
                                                        const char        *vertex_source,
                                                        const char        *fragment_source,
                                                        GError           **error) G_GNUC_WARN_UNUSED_RESULT;
void               twin_shader_program_free            (TwinShaderProgram *self);
const char        *twin_shader_program_get_name        (TwinShaderProgram *self);
GLuint             twin_shader_program_get_id          (TwinShaderProgram *self);
GLint              twin_shader_program_get_uniform     (TwinShaderProgram *self,
                                                        TwinUniform        uniform);
void               twin_shader_program_use             (TwinShaderProgram *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinShaderProgram, twin_shader_program_free)

G_END_DECLS
