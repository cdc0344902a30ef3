#!/bin/sh
# check-manifest.sh: lints the Flatpak manifests in flatpak/ (or the files given as arguments), since
# CI cannot reach Flathub to build them: JSON syntax, the required keys, the sandbox rules of STYLE.md
# B12 (only the permissions the app needs, no --filesystem), every dependency pinned by a checksum
# (an archive's sha256 or a git commit), and the same dependency modules in every manifest. Names the
# file and the problem.
#
# When flatpak-builder is installed it also parses each manifest as flatpak-builder would
# (--show-manifest), with warnings made fatal.

set -u

cd "$(dirname "$0")/.." || exit 2

if ! command -v python3 >/dev/null 2>&1; then
  echo "check-manifest: python3 is not installed (Debian package python3)." >&2
  exit 2
fi

if [ $# -gt 0 ]; then
  manifests=$*
else
  manifests=$(ls flatpak/*.json 2>/dev/null)
fi
if [ -z "$manifests" ]; then
  echo "check-manifest: no manifest found in flatpak/." >&2
  exit 1
fi

status=0
for manifest in $manifests; do
  if ! error=$(python3 -m json.tool "$manifest" 2>&1 >/dev/null); then
    echo "check-manifest: $manifest is not valid JSON: $error"
    status=1
    continue
  fi

  if ! python3 - "$manifest" <<'PYTHON'; then
import json
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)
problems = []

if not isinstance(manifest, dict):
    problems.append("the top level is not a JSON object")
    manifest = {}

if not manifest.get("id") and not manifest.get("app-id"):
    problems.append('the key "id" (or "app-id") is missing')
for key in ("runtime", "runtime-version", "sdk", "command"):
    if not isinstance(manifest.get(key), str) or not manifest[key]:
        problems.append(f'the key "{key}" is missing or not a string')
for key in ("modules", "finish-args"):
    if not isinstance(manifest.get(key), list) or not manifest[key]:
        problems.append(f'the key "{key}" is missing or not a non-empty list')

# The sandbox is minimal: the display (Wayland, X11 as a fallback, shared memory through ipc), GL
# (dri) and the network for MQTT feeds. Files go through the file-chooser portal.
allowed_args = {"--share=ipc", "--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
for arg in manifest.get("finish-args") or []:
    if arg.startswith("--filesystem="):
        problems.append(f'finish-args has "{arg}"; open files through the file-chooser portal instead')
    elif arg not in allowed_args:
        problems.append(f'finish-args has "{arg}", which is not one of {", ".join(sorted(allowed_args))}')

modules = manifest.get("modules") or []
for index, module in enumerate(modules):
    if not isinstance(module, dict):
        problems.append(f"module {index} is not an object (modules must be inline, not file names)")
        continue
    name = module.get("name") or f"module {index}"
    sources = module.get("sources")
    if not module.get("name"):
        problems.append(f'module {index} has no "name"')
    if not isinstance(sources, list) or not sources:
        problems.append(f'module "{name}" has no "sources"')
        continue
    # Every module but the app (built from this checkout) is pinned by its version and a checksum:
    # an archive or file with a sha256, or a git source with a commit (a tag alone can move).
    is_app = index == len(modules) - 1
    for source in sources:
        kind = source.get("type")
        if kind == "git" and not source.get("commit"):
            problems.append(f'module "{name}": git source {source.get("url")} has no "commit" (a tag can be moved)')
        if kind in ("archive", "file") and source.get("url") and not source.get("sha256"):
            problems.append(f'module "{name}": {kind} source {source.get("url")} has no "sha256"')
        if kind == "dir" and not is_app:
            problems.append(f'module "{name}": a "dir" source is not pinned; only the app may build from the checkout')

if modules and isinstance(modules[-1], dict):
    app = modules[-1]
    if app.get("builddir") is not True:
        problems.append(f'the app module "{app.get("name")}" (the last one) does not set "builddir": true')

for problem in problems:
    print(f"check-manifest: {path}: {problem}.")
sys.exit(1 if problems else 0)
PYTHON
    status=1
    continue
  fi

  if command -v flatpak-builder >/dev/null 2>&1; then
    # The braces put the shell's report of the SIGTRAP that fatal-warnings raises into $output too.
    if ! output=$({ G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest" >/dev/null; } 2>&1); then
      echo "check-manifest: flatpak-builder cannot parse $manifest:"
      printf '%s\n' "$output" | grep -v '^[[:space:]]*$' | sed 's/^/  /'
      status=1
      continue
    fi
  else
    echo "check-manifest: flatpak-builder is not installed (Debian package flatpak-builder): $manifest was not parsed by it."
  fi
  echo "check-manifest: $manifest is well formed."
done

# The release and the development manifests build the same dependencies: they differ in the app
# module only (its app ID and options), so a version bump cannot reach one and miss the other.
if [ $status -eq 0 ] && [ "$(echo "$manifests" | wc -w)" -gt 1 ]; then
  # shellcheck disable=SC2086 # one argument per manifest
  if ! python3 - $manifests <<'PYTHON'; then
import json
import sys

def dependencies(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["modules"][:-1]

first = sys.argv[1]
expected = dependencies(first)
status = 0
for path in sys.argv[2:]:
    if dependencies(path) != expected:
        print(f"check-manifest: {path} and {first} build different dependency modules; keep them equal.")
        status = 1
sys.exit(status)
PYTHON
    status=1
  fi
fi

exit $status
