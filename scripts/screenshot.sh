#!/usr/bin/env bash
# Take a screenshot of the game running in a real (virtual) X window.
#
#   scripts/screenshot.sh [-o OUT.png] [-s 1280x720] [-w SECONDS] [-k "KEYS ..."] [-m X,Y] -- COMMAND ...
#
# Starts Xvfb, runs COMMAND (e.g. `python main.py` or `python scripts/demo_scene.py`)
# on it, waits, optionally types KEYS with xdotool (space-separated xdotool key names,
# e.g. "Escape Tab Tab Return"; each group is sent after -d seconds), saves the whole
# screen with ImageMagick's `import`, then stops what it started.  -m X,Y moves the mouse
# there (after the keys) and waits a second, e.g. to show a tool-tip.
#
# Needs: Xvfb, xdotool, ImageMagick (Debian: apt-get install -y xvfb xdotool imagemagick).
set -euo pipefail

out="screenshot.png"
size="1280x720"
wait_s=3
keys=""
key_delay=0.5
mouse=""
while getopts "o:s:w:k:d:m:h" opt; do
  case "$opt" in
    o) out="$OPTARG" ;;
    s) size="$OPTARG" ;;
    w) wait_s="$OPTARG" ;;
    k) keys="$OPTARG" ;;
    d) key_delay="$OPTARG" ;;
    m) mouse="$OPTARG" ;;
    h) sed -n '2,13p' "$0"; exit 0 ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  echo "usage: $0 [-o OUT.png] [-s WxH] [-w SECONDS] [-k KEYS] -- COMMAND ..." >&2
  exit 2
fi
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y xvfb xdotool imagemagick" >&2; exit 3; }
done

# Pick a free display number.
display_no=99
while [ -e "/tmp/.X11-unix/X${display_no}" ] || [ -e "/tmp/.X${display_no}-lock" ]; do
  display_no=$((display_no + 1))
done
export DISPLAY=":${display_no}"

Xvfb "$DISPLAY" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && wait "$app_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 50); do
  xdotool getmouselocation >/dev/null 2>&1 && break
  sleep 0.1
done

# A real window: make sure no headless driver is forced.
env -u SDL_VIDEODRIVER SDL_AUDIODRIVER=dummy PYGAME_HIDE_SUPPORT_PROMPT=1 "$@" &
app_pid=$!
sleep "$wait_s"
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "the command exited before the screenshot" >&2
  exit 4
fi
if [ -n "$keys" ]; then
  window=$(xdotool search --sync --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && xdotool windowactivate --sync "$window" 2>/dev/null || true
  [ -n "$window" ] && xdotool windowfocus --sync "$window" 2>/dev/null || true
  for k in $keys; do
    xdotool key --clearmodifiers "$k"
    sleep "$key_delay"
  done
  sleep 0.5
fi
if [ -n "$mouse" ]; then
  xdotool mousemove "${mouse%,*}" "${mouse#*,}"
  sleep 1
fi
import -window root "$out"
echo "saved $out"
