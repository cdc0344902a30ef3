/* twin-offscreen.c: a GL 3.3 context with no window and no X server (EGL surfaceless), drawing into its own framebuffer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mesa's EGL "surfaceless" platform gives a desktop OpenGL 3.3 core context
 * without any display server or GPU device (llvmpipe renders on the CPU);
 * it is what `twinctl render`, the render tests and the frame-time
 * benchmark draw with. The context has no default framebuffer, so the
 * offscreen makes its own: an RGBA8 colour and a 24-bit depth renderbuffer,
 * multisampled when asked, plus a single-sampled copy to read pixels from.
 * After twin_offscreen_new() the context is current and the framebuffer
 * bound, ready for twin_renderer_render().
 *
 * The EGL display is initialized once per process and terminated when the
 * last offscreen is freed; each offscreen has its own context. Not thread
 * safe: use it from one thread.
 */

#define G_LOG_DOMAIN "twin-offscreen"

#include "config.h"

#include "twin-offscreen.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

struct _TwinOffscreen
{
  /* EGL objects, owned */
  EGLContext context;

  /* GL objects, owned */
  GLuint     framebuffer; /* drawn into; multisampled when samples > 1 */
  GLuint     color;
  GLuint     depth;
  GLuint     resolve_framebuffer; /* single-sampled copy for reading, when samples > 1 */
  GLuint     resolve_color;

  /* State */
  int        width;
  int        height;
  int        samples;
};

static EGLDisplay display = EGL_NO_DISPLAY;
static guint      display_users;

G_DEFINE_QUARK (twin_offscreen_error_quark, twin_offscreen_error)

/* Returns NULL, or why there is no display (untranslated detail for the message). */
static const char *
acquire_display (EGLConfig *config)
{
  /* The surfaceless platform has no window configs, the default surface type asked for. */
  static const EGLint config_attributes[] = {
    EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
    EGL_NONE
  };
  EGLint n_configs = 0;

  if (display == EGL_NO_DISPLAY)
    {
      if (!epoxy_has_egl ())
        return "no libEGL";
      if (!epoxy_has_egl_extension (EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
        return "EGL has no surfaceless platform (EGL_MESA_platform_surfaceless)";
      display = eglGetPlatformDisplayEXT (EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
      if (display == EGL_NO_DISPLAY || !eglInitialize (display, NULL, NULL))
        {
          display = EGL_NO_DISPLAY;
          return "the EGL surfaceless display does not initialize";
        }
    }
  display_users++;

  if (!epoxy_has_egl_extension (display, "EGL_KHR_surfaceless_context"))
    return "EGL cannot make a context current without a surface";
  if (!eglBindAPI (EGL_OPENGL_API))
    return "EGL has no desktop OpenGL";
  if (!eglChooseConfig (display, config_attributes, config, 1, &n_configs) || n_configs < 1)
    return "EGL offers no OpenGL config";
  return NULL;
}

static void
release_display (void)
{
  g_assert (display_users > 0);

  if (--display_users > 0)
    return;
  eglMakeCurrent (display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglTerminate (display);
  display = EGL_NO_DISPLAY;
}

static GLuint
new_renderbuffer (GLenum format,
                  int    samples,
                  int    width,
                  int    height)
{
  GLuint renderbuffer = 0;

  glGenRenderbuffers (1, &renderbuffer);
  glBindRenderbuffer (GL_RENDERBUFFER, renderbuffer);
  if (samples > 1)
    glRenderbufferStorageMultisample (GL_RENDERBUFFER, samples, format, width, height);
  else
    glRenderbufferStorage (GL_RENDERBUFFER, format, width, height);
  return renderbuffer;
}

/**
 * twin_offscreen_new:
 * @width: the image's width, pixels, 1 … %TWIN_OFFSCREEN_MAX_SIZE
 * @height: its height, pixels, 1 … %TWIN_OFFSCREEN_MAX_SIZE
 * @samples: samples per pixel for antialiasing: 0 or 1 for none, else 2 …
 *   16 (lowered to what the driver offers)
 * @error: return location for a #TWIN_OFFSCREEN_ERROR
 *
 * Makes an OpenGL 3.3 core context on EGL's surfaceless platform, makes it
 * current and binds a framebuffer of @width × @height with a depth buffer.
 *
 * Returns: (transfer full) (nullable): the offscreen, or %NULL with @error set
 */
TwinOffscreen *
twin_offscreen_new (int      width,
                    int      height,
                    int      samples,
                    GError **error)
{
  static const EGLint context_attributes[] = {
    EGL_CONTEXT_MAJOR_VERSION, 3,
    EGL_CONTEXT_MINOR_VERSION, 3,
    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
    EGL_NONE
  };
  g_autoptr (TwinOffscreen) self = NULL;
  EGLConfig   config;
  const char *reason;
  GLint       max_samples = 0;
  GLenum      status;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width < 1 || height < 1 || width > TWIN_OFFSCREEN_MAX_SIZE || height > TWIN_OFFSCREEN_MAX_SIZE)
    {
      g_set_error (error, TWIN_OFFSCREEN_ERROR, TWIN_OFFSCREEN_ERROR_FAILED,
                   _ ("An image of %d × %d pixels cannot be rendered: each side must be 1 to %d pixels."),
                   width, height, TWIN_OFFSCREEN_MAX_SIZE);
      return NULL;
    }

  self = g_new0 (TwinOffscreen, 1);
  self->context = EGL_NO_CONTEXT;
  self->width = width;
  self->height = height;

  reason = acquire_display (&config);
  if (reason == NULL)
    {
      self->context = eglCreateContext (display, config, EGL_NO_CONTEXT, context_attributes);
      if (self->context == EGL_NO_CONTEXT)
        reason = "EGL cannot create an OpenGL 3.3 core context";
      else if (!eglMakeCurrent (display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context))
        reason = "EGL cannot make the context current";
    }
  if (reason != NULL)
    {
      g_set_error (error, TWIN_OFFSCREEN_ERROR, TWIN_OFFSCREEN_ERROR_UNAVAILABLE,
                   _ ("Cannot render without a display here: %s."), reason);
      return NULL;
    }

  glGetIntegerv (GL_MAX_SAMPLES, &max_samples);
  self->samples = samples > 1 ? MIN (samples, MAX (max_samples, 1)) : 1;
  if (self->samples < 2)
    self->samples = 1;

  while (glGetError () != GL_NO_ERROR)
    ;
  glGenFramebuffers (1, &self->framebuffer);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
  self->color = new_renderbuffer (GL_RGBA8, self->samples, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->color);
  self->depth = new_renderbuffer (GL_DEPTH_COMPONENT24, self->samples, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, self->depth);
  status = glCheckFramebufferStatus (GL_FRAMEBUFFER);

  if (status == GL_FRAMEBUFFER_COMPLETE && self->samples > 1)
    {
      glGenFramebuffers (1, &self->resolve_framebuffer);
      glBindFramebuffer (GL_FRAMEBUFFER, self->resolve_framebuffer);
      self->resolve_color = new_renderbuffer (GL_RGBA8, 1, width, height);
      glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->resolve_color);
      status = glCheckFramebufferStatus (GL_FRAMEBUFFER);
      glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
    }
  glBindRenderbuffer (GL_RENDERBUFFER, 0);

  if (status != GL_FRAMEBUFFER_COMPLETE || glGetError () != GL_NO_ERROR)
    {
      g_set_error (error, TWIN_OFFSCREEN_ERROR, TWIN_OFFSCREEN_ERROR_FAILED,
                   _ ("The OpenGL driver refused a framebuffer of %d × %d pixels."), width, height);
      return NULL;
    }
  glViewport (0, 0, width, height);
  return g_steal_pointer (&self);
}

/**
 * twin_offscreen_free:
 *
 * Deletes the framebuffer and the context. Free GL objects made in it (a
 * renderer) first.
 */
void
twin_offscreen_free (TwinOffscreen *self)
{
  if (self == NULL)
    return;

  if (self->context != EGL_NO_CONTEXT)
    {
      eglMakeCurrent (display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context);
      glBindFramebuffer (GL_FRAMEBUFFER, 0);
      if (self->resolve_color != 0)
        glDeleteRenderbuffers (1, &self->resolve_color);
      if (self->resolve_framebuffer != 0)
        glDeleteFramebuffers (1, &self->resolve_framebuffer);
      if (self->depth != 0)
        glDeleteRenderbuffers (1, &self->depth);
      if (self->color != 0)
        glDeleteRenderbuffers (1, &self->color);
      if (self->framebuffer != 0)
        glDeleteFramebuffers (1, &self->framebuffer);
      eglMakeCurrent (display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext (display, self->context);
    }
  if (display_users > 0 && display != EGL_NO_DISPLAY)
    release_display ();
  g_free (self);
}

/**
 * twin_offscreen_make_current:
 *
 * Makes the offscreen's context current and binds its framebuffer.
 */
void
twin_offscreen_make_current (TwinOffscreen *self)
{
  g_return_if_fail (self != NULL);

  eglMakeCurrent (display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
}

int
twin_offscreen_get_width (TwinOffscreen *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->width;
}

int
twin_offscreen_get_height (TwinOffscreen *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

/**
 * twin_offscreen_get_samples:
 *
 * Returns: samples per pixel the framebuffer has (1: no antialiasing)
 */
int
twin_offscreen_get_samples (TwinOffscreen *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->samples;
}

/**
 * twin_offscreen_read_pixels:
 * @top_row_first: %TRUE for image order (PNG), %FALSE for GL's (bottom row
 *   first, so pixel (x, y) counts from the bottom left as gl_FragCoord does)
 *
 * Waits for drawing to finish and reads the image, resolving antialiasing.
 * Leaves the context current and its framebuffer bound.
 *
 * Returns: (transfer full): width × height RGBA pixels, 8 bits a channel,
 *   rows packed without padding
 */
guint8 *
twin_offscreen_read_pixels (TwinOffscreen *self,
                            gboolean       top_row_first)
{
  gsize   row_bytes;
  guint8 *pixels;

  g_return_val_if_fail (self != NULL, NULL);

  row_bytes = (gsize) self->width * 4;
  pixels = g_malloc (row_bytes * (gsize) self->height);
  twin_offscreen_make_current (self);
  if (self->samples > 1)
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->framebuffer);
      glBindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_framebuffer);
      glBlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width, self->height,
                         GL_COLOR_BUFFER_BIT, GL_NEAREST);
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->resolve_framebuffer);
    }
  glPixelStorei (GL_PACK_ALIGNMENT, 1);
  glReadPixels (0, 0, self->width, self->height, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glPixelStorei (GL_PACK_ALIGNMENT, 4);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);

  if (top_row_first)
    {
      g_autofree guint8 *row = g_malloc (row_bytes);

      for (int y = 0; y < self->height / 2; y++)
        {
          guint8 *a = pixels + (gsize) y * row_bytes;
          guint8 *b = pixels + (gsize) (self->height - 1 - y) * row_bytes;

          memcpy (row, a, row_bytes);
          memcpy (a, b, row_bytes);
          memcpy (b, row, row_bytes);
        }
    }
  return pixels;
}
