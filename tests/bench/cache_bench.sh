#!/usr/bin/env bash
# Builds and runs the cache and history benchmark (release preset) and prints what the numbers depend on:
# the machine, its load, the Qt version and the date.
#
#   tests/bench/cache_bench.sh [-- extra bench_cache options]
#   e.g. tests/bench/cache_bench.sh -- --requests 5000 --data-dir /var/tmp/oilwatch-bench
#
# Everything runs on this machine: the simulator listens on 127.0.0.1 only. The first run builds a year of
# minute data for 10 codes (~5.26 M rows, a few hundred MiB) in --data-dir (default: $TMPDIR/oilwatch-bench)
# and later runs reuse it; delete that folder to get the space back.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

[[ "${1:-}" == "--" ]] && shift

source tests/bench/bench_common.sh
bench_build bench_cache
bench_print_machine
# Debian's QSQLITE plugin links the system libsqlite3, whose version the sqlite3 tool reports.
echo "sqlite:    $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo unknown)"

build/release/tests/bench/bench_cache "$@"

bench_print_load after
