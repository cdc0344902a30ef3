/* twin-mesh-assimp.cpp: a C view of Assimp's C++ importer, for progress, cancel and thread-safe errors.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Assimp's C API keeps its last error in one global string, which two
 * imports in two threads would race on, and has no progress reports. Its
 * C++ Importer keeps errors per instance and reports progress through a
 * ProgressHandler. Assimp 5.2 ignores the handler's "false means abort"
 * result, so cancelling goes through the file instead: once cancelled,
 * every read of the wrapped input returns 0 bytes, which every reader
 * takes as the end of the file, so a long parse stops at its next read.
 *
 * Assimp reports some damage only in its log ("Obj: Ignoring empty face":
 * a face was dropped), so a logger installed once keeps each import's error
 * messages with its reader, found through a thread-local pointer while the
 * import runs in that thread; other messages are dropped.
 *
 * No C++ exception leaves this file: each entry point catches everything.
 * The scene is taken over from the Importer (GetOrphanedScene) so that the
 * caller can free each mesh as soon as it has converted it.
 */

#define G_LOG_DOMAIN "twin-mesh-import"

#include "twin-mesh-assimp-private.h"

#include <assimp/DefaultIOSystem.h>
#include <assimp/DefaultLogger.hpp>
#include <assimp/IOStream.hpp>
#include <assimp/Importer.hpp>
#include <assimp/ProgressHandler.hpp>
#include <assimp/scene.h>

#include <atomic>
#include <mutex>
#include <string>

namespace
{

/* Shared by the progress handler and the input streams of one import. */
struct CancelState
{
  std::atomic<bool>      cancelled{ false };
  TwinAssimpProgressFunc progress = nullptr;
  gpointer               user_data = nullptr;

  bool
  report (float fraction)
  {
    if (cancelled.load ())
      return false;
    if (progress != nullptr && !progress (CLAMP ((double) fraction, 0.0, 1.0), user_data))
      cancelled.store (true);
    return !cancelled.load ();
  }
};

class Progress : public Assimp::ProgressHandler
{
public:
  explicit Progress (CancelState *state)
      : state_ (state)
  {
  }

  bool
  Update (float percentage) override
  {
    /* -1 means "no estimate": only a chance to cancel. */
    if (percentage < 0.0f)
      return !state_->cancelled.load ();
    return state_->report (percentage);
  }

private:
  CancelState *state_;
};

class CancellableStream : public Assimp::IOStream
{
public:
  CancellableStream (Assimp::IOSystem *system,
                     Assimp::IOStream *inner,
                     CancelState      *state)
      : system_ (system), inner_ (inner), state_ (state)
  {
  }

  ~CancellableStream () override
  {
    system_->Close (inner_);
  }

  size_t
  Read (void  *buffer,
        size_t size,
        size_t count) override
  {
    if (state_->cancelled.load ())
      return 0;
    return inner_->Read (buffer, size, count);
  }

  size_t
  Write (const void *buffer,
         size_t      size,
         size_t      count) override
  {
    return inner_->Write (buffer, size, count);
  }

  aiReturn
  Seek (size_t   offset,
        aiOrigin origin) override
  {
    return inner_->Seek (offset, origin);
  }

  size_t
  Tell () const override
  {
    return inner_->Tell ();
  }

  size_t
  FileSize () const override
  {
    return inner_->FileSize ();
  }

  void
  Flush () override
  {
    inner_->Flush ();
  }

private:
  Assimp::IOSystem *system_;
  Assimp::IOStream *inner_;
  CancelState      *state_;
};

class CancellableIOSystem : public Assimp::DefaultIOSystem
{
public:
  explicit CancellableIOSystem (CancelState *state)
      : state_ (state)
  {
  }

  Assimp::IOStream *
  Open (const char *file,
        const char *mode) override
  {
    Assimp::IOStream *inner = DefaultIOSystem::Open (file, mode);

    if (inner == nullptr)
      return nullptr;
    return new CancellableStream (static_cast<DefaultIOSystem *> (this), inner, state_);
  }

  void
  Close (Assimp::IOStream *stream) override
  {
    delete stream;
  }

private:
  CancelState *state_;
};

/* The error messages of the import running in this thread, if any. */
thread_local std::string *current_log = nullptr;

class ErrorLogger : public Assimp::Logger
{
public:
  ErrorLogger ()
      : Logger (Logger::NORMAL)
  {
  }

  bool
  attachStream (Assimp::LogStream * /* stream */,
                unsigned int /* severity */) override
  {
    return false;
  }

  bool
  detachStream (Assimp::LogStream * /* stream */,
                unsigned int /* severity */) override
  {
    return false;
  }

protected:
  void
  OnDebug (const char * /* message */) override
  {
  }

  void
  OnVerboseDebug (const char * /* message */) override
  {
  }

  void
  OnInfo (const char * /* message */) override
  {
  }

  void
  OnWarn (const char * /* message */) override
  {
  }

  void
  OnError (const char *message) override
  {
    if (current_log != nullptr && current_log->size () < 65536)
      {
        current_log->append (message);
        current_log->append ("\n");
      }
  }
};

std::once_flag logger_once;

} // namespace

struct _TwinAssimpReader
{
  Assimp::Importer importer;
  CancelState      state;
  aiScene         *scene = nullptr;
  std::string      error;
  std::string      log;
};

TwinAssimpReader *
twin_assimp_reader_new (void)
{
  try
    {
      std::call_once (logger_once, [] { Assimp::DefaultLogger::set (new ErrorLogger ()); });
      return new _TwinAssimpReader ();
    }
  catch (...)
    {
      return nullptr;
    }
}

void
twin_assimp_reader_set_int (TwinAssimpReader *self,
                            const char       *key,
                            int               value)
{
  g_assert (self != nullptr);

  try
    {
      self->importer.SetPropertyInteger (key, value);
    }
  catch (...)
    {
    }
}

/* Reads @path with the post-processing @flags. The Importer owns (and
 * deletes) the handlers given to it. Returns the scene, owned by @self, or
 * NULL with the reason in twin_assimp_reader_get_error(). */
aiScene *
twin_assimp_reader_read (TwinAssimpReader      *self,
                         const char            *path,
                         unsigned int           flags,
                         TwinAssimpProgressFunc progress,
                         gpointer               user_data)
{
  g_assert (self != nullptr);
  g_assert (self->scene == nullptr);

  self->state.progress = progress;
  self->state.user_data = user_data;
  current_log = &self->log;
  try
    {
      self->importer.SetIOHandler (new CancellableIOSystem (&self->state));
      self->importer.SetProgressHandler (new Progress (&self->state));
      if (self->importer.ReadFile (path, flags) != nullptr)
        self->scene = self->importer.GetOrphanedScene ();
      else
        self->error = self->importer.GetErrorString ();
    }
  catch (const std::exception &e)
    {
      self->error = e.what ();
    }
  catch (...)
    {
      self->error = "unknown error";
    }
  current_log = nullptr;
  return self->scene;
}

const char *
twin_assimp_reader_get_error (TwinAssimpReader *self)
{
  g_assert (self != nullptr);

  return self->error.c_str ();
}

/* The error messages Assimp logged while reading, one a line. */
const char *
twin_assimp_reader_get_log (TwinAssimpReader *self)
{
  g_assert (self != nullptr);

  return self->log.c_str ();
}

gboolean
twin_assimp_reader_was_cancelled (TwinAssimpReader *self)
{
  g_assert (self != nullptr);

  return self->state.cancelled.load () ? TRUE : FALSE;
}

/* Frees the memory of mesh @index early; the scene then holds NULL there. */
void
twin_assimp_reader_free_mesh (TwinAssimpReader *self,
                              unsigned int      index)
{
  g_assert (self != nullptr);

  if (self->scene == nullptr || index >= self->scene->mNumMeshes)
    return;
  delete self->scene->mMeshes[index];
  self->scene->mMeshes[index] = nullptr;
}

void
twin_assimp_reader_free (TwinAssimpReader *self)
{
  if (self == nullptr)
    return;
  delete self->scene;
  delete self;
}
