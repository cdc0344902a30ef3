#!/usr/bin/env bash
# test-install.sh: installs this build into a temporary folder (`meson install --destdir`) and checks
# that the result is a working GNOME app where GNOME looks for one: the programs, the embedded
# GResources, the desktop file, the AppStream metainfo, the icons, the settings schema (compiled
# in the prefix), the .dtwin MIME type and its association with the app, the examples. Then it runs
# the installed twinctl on the installed example and starts the installed app on it, on the display
# the GUI tests use, in a D-Bus session of its own, and quits it through its app.quit action.
#
# Usage: test-install.sh BUILD_ROOT PREFIX APP_ID GUI(true|false)
# Prints TAP. Needs nothing beyond ./dev's packages; a tool that is missing makes its step skip
# (said in the TAP line), no display makes the app step skip.

set -u

build_root=$1
prefix=$2
app_id=$3
gui=$4
schema_id=io.github.twinstudio.TwinStudio
mime_type=application/x-twin-studio-project

tmp=$(mktemp -d "${TMPDIR:-/tmp}/twin-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

root=$tmp/dest$prefix
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# not_ok DESCRIPTION [DETAIL...]: each detail may hold several lines; they become TAP comments.
not_ok() {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
  shift
  [ $# -gt 0 ] && printf '%s\n' "$@" | head -30 | sed 's/^/#   /'
  return 0
}
# check DESCRIPTION COMMAND...: one TAP line for a command, its output shown when it fails.
check() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$what"
  else
    not_ok "$what" "command: $*" "$out"
  fi
}
have() { command -v "$1" >/dev/null 2>&1; }

# The environment an installed app sees: this prefix first, then the system's data (GTK's own
# icons and schemas); a home of its own; the settings schema from the prefix, not the build folder.
export XDG_DATA_DIRS=$root/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}
export XDG_DATA_HOME=$tmp/home/.local/share
export XDG_CONFIG_HOME=$tmp/home/.config
export XDG_CACHE_HOME=$tmp/home/.cache
export HOME=$tmp/home
export PATH=$root/bin:$PATH
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
unset GSETTINGS_SCHEMA_DIR

# 1. Install.
if out=$(meson install -C "$build_root" --no-rebuild --quiet --destdir "$tmp/dest" 2>&1); then
  ok "meson install --destdir"
else
  not_ok "meson install --destdir" "$out"
  echo "1..$n"
  exit 1
fi

# 2. Every file where GNOME looks for it.
expected=(
  bin/twinctl
  share/twin-studio/examples/office-building.dtwin
  share/twin-studio/examples/water-system.dtwin
  share/twin-studio/examples/wind-turbine.dtwin
)
if [ "$gui" = true ]; then
  expected+=(
    bin/twin-studio
    "share/applications/$app_id.desktop"
    "share/metainfo/$app_id.metainfo.xml"
    "share/glib-2.0/schemas/$schema_id.gschema.xml"
    "share/icons/hicolor/scalable/apps/$app_id.svg"
    "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
    "share/mime/packages/$app_id.xml"
  )
fi
# Every translation in po/LINGUAS, where gettext looks for it.
source_root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -f "$source_root/po/LINGUAS" ]; then
  for lang in $(sed 's/#.*//' "$source_root/po/LINGUAS"); do
    expected+=("share/locale/$lang/LC_MESSAGES/twin-studio.mo")
  done
fi
missing=()
for f in "${expected[@]}"; do
  [ -f "$root/$f" ] || missing+=("$prefix/$f")
done
if [ ${#missing[@]} -eq 0 ]; then
  ok "installed files in place (${#expected[@]})"
else
  not_ok "installed files in place" "missing: ${missing[*]}"
fi

# 3. twinctl, from the prefix, on the installed example.
twinctl=$root/bin/twinctl
example=$tmp/office.dtwin
cp "$root/share/twin-studio/examples/office-building.dtwin" "$example"
version=$("$twinctl" --version 2>&1)
if [ "$version" = "twinctl $(meson introspect "$build_root" --projectinfo | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')" ]; then
  ok "installed twinctl --version ($version)"
else
  not_ok "installed twinctl --version" "printed: $version"
fi
check "installed twinctl info on the installed example" "$twinctl" info "$example"
check "installed twinctl validate on the installed example" "$twinctl" validate "$example"
check "installed twinctl simulate (1 h) on the installed example" "$twinctl" simulate --until=1h "$example"
if "$twinctl" info "$tmp/absent.dtwin" >/dev/null 2>&1; then
  not_ok "installed twinctl refuses a missing file"
else
  ok "installed twinctl refuses a missing file"
fi

if [ "$gui" != true ]; then
  echo "# a -Dgui=false build installs no app: the desktop integration steps do not apply"
  echo "1..$n"
  exit $failed
fi

# 4. GResources embedded in the installed app.
if have gresource; then
  resources=$(gresource list "$root/bin/twin-studio" 2>&1)
  absent=()
  for r in /io/github/twinstudio/TwinStudio/ui/twin-window.ui /io/github/twinstudio/TwinStudio/ui/style.css \
           /io/github/twinstudio/TwinStudio/gtk/help-overlay.ui; do
    printf '%s\n' "$resources" | grep -qx "$r" || absent+=("$r")
  done
  if [ ${#absent[@]} -eq 0 ]; then
    ok "GResources embedded in the installed twin-studio ($(printf '%s\n' "$resources" | wc -l) files)"
  else
    not_ok "GResources embedded in the installed twin-studio" "absent: ${absent[*]}"
  fi
else
  skip "GResources embedded in the installed twin-studio" "gresource is not installed"
fi

# 5. The desktop file: valid, runs the installed program, names an installed icon and the MIME type.
desktop=$root/share/applications/$app_id.desktop
if have desktop-file-validate; then
  check "installed desktop file is valid" desktop-file-validate "$desktop"
else
  skip "installed desktop file is valid" "desktop-file-validate is not installed"
fi
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -1)
icon=$(sed -n 's/^Icon=//p' "$desktop" | head -1)
if [ -x "$root/bin/${exec_line%% *}" ] && [ "$icon" = "$app_id" ] && [ -f "$root/share/icons/hicolor/scalable/apps/$icon.svg" ] &&
   grep -q "^MimeType=.*$mime_type;" "$desktop"; then
  ok "desktop file starts bin/${exec_line%% *}, shows icon $icon, opens $mime_type"
else
  not_ok "desktop file matches the installed files" "Exec=$exec_line Icon=$icon"
fi

# 6. The metainfo: valid, and pointing at the installed desktop file.
metainfo=$root/share/metainfo/$app_id.metainfo.xml
if have appstreamcli; then
  check "installed metainfo is valid (appstreamcli validate --no-net)" appstreamcli validate --no-net "$metainfo"
else
  skip "installed metainfo is valid" "appstreamcli is not installed"
fi
if grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" &&
   grep -q "<id>$app_id</id>" "$metainfo"; then
  ok "metainfo names the installed desktop file ($app_id.desktop)"
else
  not_ok "metainfo names the installed desktop file" "expected id $app_id and launchable $app_id.desktop"
fi

# 7. The schema, compiled in the prefix as `meson install` does without --destdir (with --destdir
# it leaves that to the package's triggers).
schemas=$root/share/glib-2.0/schemas
check "installed schema compiles (glib-compile-schemas --strict)" glib-compile-schemas --strict "$schemas"
keys=$(gsettings --schemadir "$schemas" list-keys "$schema_id" 2>&1 | sort | tr '\n' ' ')
want="display-units paned-position recent-views window-height window-maximized window-width "
if [ "$keys" = "$want" ]; then
  ok "installed schema has the window size, recent views and units keys"
else
  not_ok "installed schema keys" "have: $keys" "want: $want"
fi

# 8. The MIME type: a .dtwin file is a Twin Studio project, and Twin Studio opens it. The caches
# are built as `meson install` builds them without --destdir (a package's triggers, with one).
if have update-mime-database && have update-desktop-database && have gio; then
  check "installed MIME database builds" update-mime-database "$root/share/mime"
  check "installed desktop database builds" update-desktop-database "$root/share/applications"
  type=$(gio info -a standard::content-type "$example" 2>&1 | sed -n 's/^ *standard::content-type: //p')
  if [ "$type" = "$mime_type" ]; then
    ok "a .dtwin file is $mime_type"
  else
    not_ok "a .dtwin file is $mime_type" "gio says: $type"
  fi
  handlers=$(gio mime "$mime_type" 2>&1)
  if printf '%s\n' "$handlers" | grep -q "^Default application for .*: $app_id.desktop\$"; then
    ok "$mime_type opens in $app_id.desktop"
  else
    not_ok "$mime_type opens in $app_id.desktop" "$handlers"
  fi
else
  skip "MIME type" "update-mime-database, update-desktop-database or gio is not installed"
fi

# 9. The installed app opens the installed example and quits, through its own D-Bus session.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  skip "installed twin-studio opens a twin and quits" "no display"
elif ! have dbus-run-session || ! have gdbus; then
  skip "installed twin-studio opens a twin and quits" "dbus-run-session or gdbus is not installed"
else
  # Settings go to a key file, so the test can see the app found its installed schema and kept
  # the window size on quit.
  cat >"$tmp/run-app.sh" <<'SCRIPT'
set -u
app=$1 example=$2 app_id=$3 log=$4
object=/$(printf '%s' "$app_id" | tr . /)
GSETTINGS_BACKEND=keyfile "$app" "$example" >"$log" 2>&1 &
pid=$!
# The window's actions appear on the bus once the window is built from its GResource template.
for _ in $(seq 1 300); do
  actions=$(gdbus call --session --dest "$app_id" --object-path "$object/window/1" \
            --method org.gtk.Actions.List 2>/dev/null) && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
echo "window actions: ${actions:-none}"
if ! printf '%s' "${actions:-}" | grep -q "'run-simulation'"; then
  kill $pid 2>/dev/null
  wait $pid
  echo "no window with its actions appeared"
  exit 1
fi
sleep 1
gdbus call --session --dest "$app_id" --object-path "$object" --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
for _ in $(seq 1 100); do
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
if kill -0 $pid 2>/dev/null; then
  kill $pid
  echo "app.quit did not end the app"
  exit 1
fi
wait $pid
SCRIPT
  log=$tmp/app.log
  if out=$(timeout 120 dbus-run-session -- bash "$tmp/run-app.sh" "$root/bin/twin-studio" "$example" "$app_id" "$log" 2>&1); then
    ok "installed twin-studio opens the installed example, shows its window and quits cleanly"
  else
    not_ok "installed twin-studio opens the installed example and quits" "$out" "app output:" "$(cat "$log" 2>/dev/null)"
  fi
  if grep -qE 'CRITICAL|WARNING|Gtk-|GLib-' "$log"; then
    not_ok "installed twin-studio prints no warnings" "$(cat "$log")"
  else
    ok "installed twin-studio prints no warnings"
  fi
  keyfile=$XDG_CONFIG_HOME/glib-2.0/settings/keyfile
  if grep -q '^window-width=' "$keyfile" 2>/dev/null; then
    ok "installed twin-studio kept its window size through the installed schema"
  else
    not_ok "installed twin-studio kept its window size through the installed schema" \
      "no window-width in $keyfile"
  fi
fi

echo "1..$n"
exit $failed
