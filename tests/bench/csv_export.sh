#!/usr/bin/env bash
# The one CSV writer (core/report) on a year of minute prices for ten codes, 5,256,000 rows of the long price
# format, side by side with a bare loop writing the same rows with no quoting, in the same run, alternating
# so that both see the same machine load. Prints rows/s and resident memory at 1 M and 5 M rows.
#
#   tests/bench/csv_export.sh [REPEATS] [OUT]
#   REPEATS defaults to 3; OUT defaults to /dev/null (the writer, not the disk). With a file, it is written
#   (about 530 MB) and removed after each run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
repeats="${1:-3}"
out="${2:-/dev/null}"

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build bench_csv_export >/dev/null
bench_print_machine
echo "build:     $(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/release/CMakeCache.txt) $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' build/release/CMakeCache.txt)"
echo "output:    $out"
echo

bin="$(bench_build_dir)/tests/bench/bench_csv_export"
for i in $(seq "$repeats"); do
    for mode in writer bare; do
        "$bin" --mode "$mode" --out "$out"
        [[ "$out" != /dev/null ]] && rm -f "$out"
    done
done

echo
bench_print_load after
