#!/usr/bin/env bash
# A day on the desktop: runs the real dashboard (offscreen) on the built-in simulator, which it polls every
# 2 s, for MINUTES minutes, samples its resident memory every SAMPLE seconds, and reports the growth after the
# first 15 minutes (once the chart's window is full) as MB per day, from a least-squares line through the
# samples. The goal (issue 11) is at most 2 MB a day.
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
echo "minute,$(IFS=,; echo "${names[*]}")" >"$csv"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo ""; }
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
    awk -F, -v col=$((i + 2)) -v name="${names[$i]}" '
        NR > 1 && $1 >= 15 { n++; x = $1; y = $col / 1024; sx += x; sy += y; sxx += x * x; sxy += x * y
                             if (n == 1) { first = y; fx = x } last = y; lx = x }
        END {
            if (n < 2) { print name ": too short a run"; exit }
            slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)   # MB per minute
            printf "%-9s %.1f MB at %.0f min, %.1f MB at %.0f min: %+.2f MB/day (least squares over %d samples)\n",
                   name, first, fx, last, lx, slope * 60 * 24, n
        }' "$csv"
done
bench_print_load after
