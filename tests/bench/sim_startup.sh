#!/usr/bin/env bash
# How long `oilwatch sim` takes from launch to its "listening on" line (the price model's history is built
# before it listens), and its resident memory then, for this build and a reference build in the same run.
#
#   REF_BIN=/path/to/other/oilwatch tests/bench/sim_startup.sh     (e.g. main's build, for before/after)
#   RUNS=20 tests/bench/sim_startup.sh
#
# Prints per binary the median and the slowest start-up in ms over RUNS launches, and the median VmRSS in
# KiB at the moment the line appeared. Launches alternate between the binaries so that load changes hit both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tests/bench/bench_common.sh
RUNS="${RUNS:-15}"
bench_build oilwatch >/dev/null
BIN="$(bench_build_dir)/app/oilwatch"
bench_print_machine

# One launch: prints "ms rss_kib".
launch() {
    local bin="$1" out pid start end rss
    out="$(mktemp)"
    start=$(date +%s%N)
    "$bin" sim --port 0 >"$out" 2>/dev/null &
    pid=$!
    until grep -q '^listening on' "$out" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "simulator died" >&2; exit 1; }
        sleep 0.001
    done
    end=$(date +%s%N)
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"
    wait "$pid" || true
    rm -f "$out"
    echo "$(( (end - start) / 1000000 )) $rss"
}

summary() { # name, file of "ms rss" lines
    local ms rss
    ms=$(cut -d' ' -f1 "$2" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " ms median, " a[NR] " ms slowest"}')
    rss=$(cut -d' ' -f2 "$2" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$1: start-up $ms; VmRSS at listening $rss KiB (median of $(wc -l <"$2") runs)"
}

this="$(mktemp)"
ref="$(mktemp)"
for ((i = 0; i < RUNS; ++i)); do
    launch "$BIN" >>"$this"
    [[ -n "${REF_BIN:-}" ]] && launch "$REF_BIN" >>"$ref"
done
echo "== sim start-up"
summary "this build ($BIN)" "$this"
[[ -n "${REF_BIN:-}" ]] && summary "reference ($REF_BIN)" "$ref"
rm -f "$this" "$ref"
