#!/usr/bin/env bash
# Saves docs/screenshot-about.png: the Help → About dialog, drawn on the offscreen platform by the About
# dialog's own test (tests/ui/tst_aboutdialog.cpp keeps its picture when OILWATCH_ABOUT_SCREENSHOT is set).
#   docs/take-about-screenshot.sh [PRESET]     (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --build --preset "$preset" --target tst_aboutdialog
QT_QPA_PLATFORM=offscreen OILWATCH_ABOUT_SCREENSHOT="$PWD/docs/screenshot-about.png" \
    "build/$preset/tests/ui/tst_aboutdialog" drawsTheIcon
echo "take-about-screenshot.sh: wrote docs/screenshot-about.png"
