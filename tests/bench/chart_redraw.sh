#!/usr/bin/env bash
# Builds and runs the chart redraw benchmark (release preset): a year of minute data for ten codes (~5.26 M
# points) redrawn with LTTB to the plot's pixel width, and the same data with every point handed to Qt
# Charts, in one process on the same machine. Prints the machine, its load, the Qt version and the date.
#
#   tests/bench/chart_redraw.sh [--repeats N] [-- extra bench_chart_redraw options]
#   e.g. tests/bench/chart_redraw.sh --repeats 1 -- --full-repeats 2 --width 1600
#
# Each repeat is one process (about 10 s to build the data, then the timed redraws; drawing every point
# takes seconds per redraw). The window is drawn offscreen.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

repeats=1
if [[ "${1:-}" == "--repeats" ]]; then
    repeats="$2"
    shift 2
fi
[[ "${1:-}" == "--" ]] && shift

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build bench_chart_redraw
bench_print_machine
echo "build:     $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(bench_build_dir)/CMakeCache.txt")"

bin="$(bench_build_dir)/tests/bench/bench_chart_redraw"
for repeat in $(seq "$repeats"); do
    echo
    echo "== repeat $repeat of $repeats"
    bench_print_load before
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$bin" "$@"
    bench_print_load after
done
