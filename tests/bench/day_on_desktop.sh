#!/usr/bin/env bash
# A day on the desktop: runs the real dashboard (offscreen) on the built-in simulator, which it polls every
# 2 s, for MINUTES minutes, samples its resident memory every SAMPLE seconds, and reports the growth after the
# first 15 minutes (once the chart's window is full) as MB per day, from a least-squares line through the
# samples. The goal (issue 11) is at most 2 MB a day.
#
# Two figures per binary: VmRSS, what a task manager shows, and RssAnon, the process's own memory (heap,
# stacks). VmRSS also counts file-backed pages (the shared libraries, fonts) that the kernel drops and reads
# back under memory pressure from other programs, so on a busy machine it moves by megabytes either way
# without the program doing anything; RssAnon is the figure that says whether the program grows.
#
#   tests/bench/day_on_desktop.sh [MINUTES=120] [SAMPLE_S=30] [REFERENCE_BINARY]
#
# REFERENCE_BINARY (e.g. an older oilwatch) runs beside it in the same run, with its own throw-away HOME, so
# both see the same machine and the same hours. Samples go to build/release/day-on-desktop-*.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/bench_common.sh

minutes=${1:-120}
sample_s=${2:-30}
reference=${3:-}
bench_build oilwatch
binary="$(bench_build_dir)/app/oilwatch"
bench_print_machine

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

start_dashboard() { # NAME BINARY: starts it in its own HOME, prints its pid
    local home="$work/$1"
    mkdir -p "$home"
    HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
        QT_QPA_PLATFORM=offscreen "$2" --demo >"$home/out.log" 2>&1 &
    echo $!
}

names=(current)
binaries=("$binary")
if [[ -n "$reference" ]]; then
    names+=(reference)
    binaries+=("$reference")
fi
for i in "${!names[@]}"; do
    pids+=("$(start_dashboard "${names[$i]}" "${binaries[$i]}")")
done

csv="$(bench_build_dir)/day-on-desktop-$(date -u +%Y%m%dT%H%M%SZ).csv"
header="minute"
for name in "${names[@]}"; do header+=",${name},${name}_anon"; done
echo "$header" >"$csv"
# "VmRSS,RssAnon" in KiB, or nothing once the process is gone.
rss_kb() { awk '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} END {if (r != "") print r "," a}' "/proc/$1/status" 2>/dev/null; }
samples=$((minutes * 60 / sample_s))
for ((s = 0; s <= samples; s++)); do
    row="$(awk -v s="$s" -v p="$sample_s" 'BEGIN {printf "%.2f", s * p / 60}')"
    for pid in "${pids[@]}"; do
        kb=$(rss_kb "$pid")
        [[ -n "$kb" ]] || { echo "day_on_desktop: dashboard $pid died; see $work" >&2; exit 1; }
        row+=",$kb"
    done
    echo "$row" >>"$csv"
    ((s == samples)) || sleep "$sample_s"
done

echo "== RSS after the first 15 minutes (samples in $csv)"
for i in "${!names[@]}"; do
  for kind in "" _anon; do
    awk -F, -v col=$((2 * i + 2 + (${#kind} > 0))) -v name="${names[$i]}${kind}" '
        NR > 1 && $1 >= 15 { n++; x = $1; y = $col / 1024; sx += x; sy += y; sxx += x * x; sxy += x * y
                             if (n == 1) { first = y; fx = x } last = y; lx = x }
        END {
            if (n < 2) { print name ": too short a run"; exit }
            slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)   # MB per minute
            printf "%-14s %.1f MB at %.0f min, %.1f MB at %.0f min: %+.2f MB/day (least squares over %d samples)\n",
                   name, first, fx, last, lx, slope * 60 * 24, n
        }' "$csv"
  done
done
bench_print_load after
