#!/usr/bin/env bash
# Builds and runs the latency-histogram benchmark (release preset: RelWithDebInfo, -O2) and prints what the
# numbers depend on: the machine, its load, the Qt version and the date.
#
#   tests/bench/histogram_bench.sh [-- extra bench_histogram options]
#   e.g. tests/bench/histogram_bench.sh -- --values 100000000 --repeats 9
#
# It runs on one core for about a minute and touches nothing outside build/release.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

[[ "${1:-}" == "--" ]] && shift

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build bench_histogram
bench_print_machine
echo "build:     $(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/release/CMakeCache.txt) $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' build/release/CMakeCache.txt)"
echo

build/release/tests/bench/bench_histogram "$@"

echo
bench_print_load after
