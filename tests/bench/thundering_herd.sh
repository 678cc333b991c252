#!/usr/bin/env bash
# Builds and runs the thundering-herd benchmark (release preset) and prints what the numbers depend on: the
# machine, its load, the Qt version and the date. Results: one CSV row per run.
#
#   tests/bench/thundering_herd.sh [CSV] [-- extra bench_thundering_herd options]
#   e.g. tests/bench/thundering_herd.sh /tmp/herd.csv -- --outage-ms -1 --seeds 10
#
# Everything runs on this machine: the simulator listens on 127.0.0.1 only, and the benchmark stops by
# itself (a few seconds per run, 25 runs by default).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

csv="${1:-$root/build/release/thundering_herd.csv}"
[[ $# -gt 0 ]] && shift
[[ "${1:-}" == "--" ]] && shift

cmake --preset release >/dev/null
# CMAKE_BUILD_PARALLEL_LEVEL, if set, limits the build jobs on a shared machine.
cmake --build --preset release --target bench_thundering_herd

# shellcheck source=machine_info.sh
source "$root/tests/bench/machine_info.sh"
print_machine_info

build/release/tests/bench/bench_thundering_herd --csv "$csv" "$@"

print_load after
echo "csv:       $csv"
