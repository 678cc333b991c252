#!/usr/bin/env bash
# Builds and runs the window-responsiveness benchmark (release preset) a few times and prints what the
# numbers depend on: the machine, its load before and after each repeat, the Qt version and the date.
#
#   tests/bench/gui_responsiveness.sh [--repeats N] [-- extra bench_gui_responsiveness options]
#   e.g. tests/bench/gui_responsiveness.sh --repeats 5 -- --seconds 20 --concurrency 128
#
# Each repeat is one process: the idle window (the reference), then runs of the real Benchmark panel against
# the in-process simulator on 127.0.0.1, about 45 s in all. The window is drawn offscreen; with
# OILWATCH_BENCH_XVFB=1 and xvfb-run installed it is drawn on a virtual X server instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

repeats=3
if [[ "${1:-}" == "--repeats" ]]; then
    repeats="$2"
    shift 2
fi
[[ "${1:-}" == "--" ]] && shift

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build bench_gui_responsiveness
bench_print_machine
echo "build:     $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(bench_build_dir)/CMakeCache.txt")"

bin="$(bench_build_dir)/tests/bench/bench_gui_responsiveness"
run=("$bin" "$@")
if [[ "${OILWATCH_BENCH_XVFB:-0}" == 1 ]]; then
    run=(env QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}")
fi

for repeat in $(seq "$repeats"); do
    echo
    echo "== repeat $repeat of $repeats"
    bench_print_load before
    "${run[@]}"
    bench_print_load after
done
