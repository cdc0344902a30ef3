#!/bin/sh
# check-manifest.sh: lints the Flatpak manifests in flatpak/ (or the files given as arguments), since
# CI cannot reach Flathub to build them: JSON syntax, the required keys, the sandbox rules of STYLE.md
# B12, and a pinned source for every module. Names the file and the problem.
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

for arg in manifest.get("finish-args") or []:
    if arg.startswith("--filesystem=host") or arg.startswith("--filesystem=home"):
        problems.append(f'finish-args has "{arg}"; open files through the file-chooser portal instead')

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
    for source in sources:
        kind = source.get("type")
        if kind == "git" and not (source.get("tag") or source.get("commit")):
            problems.append(f'module "{name}": git source {source.get("url")} has neither "tag" nor "commit"')
        if kind in ("archive", "file") and source.get("url") and not source.get("sha256"):
            problems.append(f'module "{name}": {kind} source {source.get("url")} has no "sha256"')

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
  fi
  echo "check-manifest: $manifest is well formed."
done

exit $status
