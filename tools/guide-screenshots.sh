#!/usr/bin/env bash
# guide-screenshots.sh: takes the screenshots of the user guide (docs/guide/images/*.png) from the
# real app: it starts the built twin-studio on copies of the example twins in a virtual X server
# (Xvfb, 1280×800) with a D-Bus session of its own, drives it through its actions (over D-Bus)
# and with xdotool (clicks and keys), and saves the screen with ImageMagick's `import`.
#
#   tools/guide-screenshots.sh [BUILD_DIR] [OUT_DIR]     (defaults: build, docs/guide/images)
#
# Build first (`./dev run` or `ninja -C build`). xdotool and ImageMagick are needed by this script
# only, so it installs them itself (Debian packages xdotool, imagemagick), not ./dev.
# The clicks aim at fixed places of the window in its default size (1280×800, hierarchy pane 320
# px wide, settings in memory), so a change to the window's layout may need new coordinates here:
# look at the pictures after a run.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "${1:-}" != --inside ]; then
  build=$(realpath "${1:-$top/build}")
  out=$(realpath -m "${2:-$top/docs/guide/images}")
  app=$build/src/app/twin-studio
  if [ ! -x "$app" ]; then
    echo "guide-screenshots: $app does not exist; build first (ninja -C ${1:-build})." >&2
    exit 1
  fi
  missing=()
  for tool in xdotool:xdotool import:imagemagick Xvfb:xvfb dbus-run-session:dbus-daemon gdbus:libglib2.0-bin \
              mosquitto:mosquitto; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "guide-screenshots: installing ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  mkdir -p "$out"
  exec dbus-run-session -- "$0" --inside "$build" "$out"
fi

build=$2
out=$3
app=$build/src/app/twin-studio
object=/io/github/twinstudio/TwinStudio
app_id=$(sed -n 's/^#define APP_ID "\(.*\)"$/\1/p' "$build/config.h")
work=$(mktemp -d "${TMPDIR:-/tmp}/twin-guide-XXXXXX")
xvfb_pid=
app_pid=
emulate_pid=
broker_pid=

cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  [ -n "$emulate_pid" ] && kill "$emulate_pid" 2>/dev/null
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# A display of our own, exactly the window's default size.
for n in $(seq 90 140); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || break
done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$n"
for _ in $(seq 1 50); do
  xdotool getdisplaygeometry >/dev/null 2>&1 && break
  sleep 0.1
done

export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR=$build/data
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

# Copies of the examples, named as a user would have them: runs and imports change them.
twins=$HOME/Twins
mkdir -p "$twins"
cp "$build/data/examples/office-building.dtwin" "$twins/Office building.dtwin"
cp "$build/data/examples/water-system.dtwin" "$twins/Water system.dtwin"

action() {
  gdbus call --session --dest "$app_id" --object-path "$object/window/1" \
    --method org.gtk.Actions.Activate "$1" '[]' '{}' >/dev/null
}

# action_enabled NAME: whether the window's action NAME can be used now.
action_enabled() {
  gdbus call --session --dest "$app_id" --object-path "$object/window/1" \
    --method org.gtk.Actions.Describe "$1" | grep -q '^((true,'
}

click() {
  xdotool mousemove "$1" "$2" click 1
  sleep 0.6
}

# shot NAME [SECONDS [keep-pointer]]: waits, then saves the screen as OUT/NAME.png.
shot() {
  sleep "${2:-1}"
  if [ "${3:-}" != keep-pointer ]; then
    xdotool mousemove 1279 799 # the pointer out of the picture, no hover highlight
    sleep 0.3
  fi
  import -window root "$out/$1.png"
  say "$out/$1.png"
}

# wait_window TITLE: waits for a visible window called TITLE and prints its X id (the newest).
wait_window() {
  local id
  for _ in $(seq 1 100); do
    id=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | tail -1)
    [ -n "$id" ] && break
    sleep 0.1
  done
  if [ -z "$id" ]; then
    echo "guide-screenshots: no window \"$1\" appeared." >&2
    exit 1
  fi
  printf '%s\n' "$id"
}

# open FILE: starts the app on FILE and waits for its window.
open_twin() {
  "$app" "$1" >>"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 200); do
    if gdbus call --session --dest "$app_id" --object-path "$object/window/1" \
         --method org.gtk.Actions.List >/dev/null 2>&1; then
      sleep 2 # the first frames, the 3D view's GL context
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "guide-screenshots: twin-studio did not show a window for $1; its output:" >&2
  cat "$work/app.log" >&2
  exit 1
}

quit_app() {
  gdbus call --session --dest "$app_id" --object-path "$object" \
    --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
  wait "$app_pid" || true
  app_pid=
}

# drag X1 Y1 X2 Y2 [BUTTON]: drags with the left (or BUTTON) button, in steps, as a hand would.
drag() {
  xdotool mousemove "$1" "$2" mousedown "${5:-1}"
  sleep 0.2
  for i in 1 2 3 4 5 6; do
    xdotool mousemove $(($1 + ($3 - $1) * i / 6)) $(($2 + ($4 - $2) * i / 6))
    sleep 0.1
  done
  xdotool mouseup "${5:-1}"
  sleep 1
}

# Where things are in the default window (1280×800): the view switcher in the header has five
# buttons, 133 px each, from x = 393 (Diagram, 3D, Charts, Simulation, Live).
view_diagram() { click 459 27; }
view_3d() { click 592 27; }
view_charts() { click 725 27; }
view_live() { click 991 27; }

# 1. Getting started: the example office, the Lobby selected, its floor's diagram and its parameters.
say "Getting started"
open_twin "$twins/Office building.dtwin"
click 119 198 # Lobby in the hierarchy
shot getting-started

# 2. The 3D view of the same twin, the Lobby highlighted.
view_3d
shot 3d-view 2

# 3. Importing CAD: the import dialog over the 3D view, then the result. With no window manager,
# keys go to the window under the pointer, and dialogs open at the corner: give the file chooser
# the focus, and centre the import dialog over the window ourselves.
action import-mesh
chooser=$(wait_window "Import CAD Mesh")
xdotool windowfocus --sync "$chooser"
xdotool mousemove --window "$chooser" 200 200
sleep 0.5
xdotool key ctrl+l
sleep 0.3
xdotool type --delay 10 "$top/tests/data/meshes/cart.glb"
sleep 0.3
xdotool key Return
for _ in $(seq 1 50); do
  dialog=$(wait_window "Import CAD Mesh")
  [ "$dialog" != "$chooser" ] && break
  sleep 0.2
done
xdotool windowmove "$dialog" 410 220
xdotool windowfocus --sync "$dialog"
sleep 0.5
click $((410 + 34)) $((220 + 203)) # "Keep the file's parts as separate entities"
shot import-cad
click $((410 + 410)) $((220 + 27)) # Import
shot import-cad-result 3


# 4. Charts: the measured history of the office. The inspector goes away (F9), so the chart gets
# its width; the Lobby's temperature and the outside temperature are dragged onto the chart, and
# the pointer stays on it, so its readout shows.
say "Charts"
action show-inspector
view_charts
sleep 1.5
drag 420 345 800 400 # …oor/lobby/temperature
drag 420 535 800 400 # …er/outside-temperature
xdotool mousemove 1000 450
shot charts 1.5 keep-pointer

# 5. Simulation: run the office's January scenario (F5) and wait for it to finish.
say "Simulation (takes a while)"
action run-simulation
sleep 1
for _ in $(seq 1 600); do
  action_enabled cancel-simulation || break
  sleep 0.5
done
shot simulation 2
quit_app

# 6. Drawing a system: the pump–tank–valve example's diagram, the tank selected, with the
# component palette under the hierarchy.
say "Drawing a system"
open_twin "$twins/Water system.dtwin"
view_diagram
action show-inspector
click 1208 731 # zoom in once
drag 700 650 900 530 2 # middle-drag: the diagram to the middle
click 111 312 # the Roof Tank in the hierarchy: selected in the diagram too
shot drawing-a-system 1
quit_app

# 7. Binding a feed: the example office's feed, pointed at a broker of our own on a free port,
# fed by `twinctl emulate --replay` (the building's recorded history played an hour a second; its
# bindings are to sensors, which the simulation has no variable for), from a second copy so the
# app alone writes to its own. The Live page shows the feed and its topics.
say "Live feed"
twinctl=$build/src/cli/twinctl
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
user root
CONF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
mkdir -p "$HOME/Live"
live=$HOME/Live/Office\ building.dtwin
cp "$build/data/examples/office-building.dtwin" "$live"
"$twinctl" feed remove "$live" Building >/dev/null
"$twinctl" feed add "$live" --name Building --broker "127.0.0.1:$port" \
  --topic 'office/#' --topic 'weather/#' >/dev/null
cp "$live" "$work/emulated.dtwin"
sleep 0.5
"$twinctl" emulate "$work/emulated.dtwin" --broker "127.0.0.1:$port" --replay --speed 3600 --noise 0.05 \
  >"$work/emulate.log" 2>&1 &
emulate_pid=$!
open_twin "$live"
view_live
shot live-feed 8
quit_app
kill "$emulate_pid" "$broker_pid" 2>/dev/null || true
wait "$emulate_pid" "$broker_pid" 2>/dev/null || true

say "Done: $(ls "$out" | wc -l) pictures in $out"
