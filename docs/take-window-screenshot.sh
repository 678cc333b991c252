#!/usr/bin/env bash
# Saves docs/screenshot-window.png: the dashboard as a desktop shows it, title bar and window icon included
# (the offscreen platform draws no window decorations): an X server in memory (Xvfb), the Openbox window
# manager, xwd for the picture. The About dialog's picture comes from docs/take-screenshots.sh: under
# this Xvfb + Openbox pair every second top-level window (Qt's own About Qt box too) stayed black in xwd's
# capture, on 2026-12-07, so it is not taken here.
#   docs/take-window-screenshot.sh [PRESET]     (default: release)
# Needs (Debian 12): apt-get install xvfb openbox x11-apps netpbm xdotool
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --build --preset "$preset" --target oilwatch
out=$PWD/docs/screenshot-window.png
home=$(mktemp -d) # a throw-away home: no settings, cache or key of the user's
trap 'rm -rf "$home"' EXIT
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share OILPRICEAPI_KEY= \
xvfb-run -a -s '-screen 0 1280x860x24' sh -c "
    openbox 2>/dev/null & wm=\$!
    sleep 1
    build/$preset/app/oilwatch --demo 2>/dev/null & app=\$!
    xdotool search --sync --name '^OilWatch\$' >/dev/null
    sleep 6
    xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > '$out'
    kill \$app \$wm"
echo "take-window-screenshot.sh: wrote docs/screenshot-window.png"
