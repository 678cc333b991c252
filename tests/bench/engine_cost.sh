#!/usr/bin/env bash
# CPU per request and memory of `oilwatch bench` itself over long runs, against an `oilwatch sim` in its own
# process: the raw engine for 100,000 and 1,000,000 requests (closed model, 64 workers) and the pipeline
# engine for PIPELINE_REQUESTS. For each run it samples the bench process's resident memory (VmRSS) once a
# second into a CSV, joins it with the run's per-second request counts (--series), and prints CPU time per
# request (user + system of all the bench's threads, from /usr/bin/time) and the RSS after a tenth, half and
# all of the run's requests: flat means the engine keeps nothing per request.
#
#   tests/bench/engine_cost.sh                        # builds the release preset (build/release) if needed
#   OILWATCH_BUILD_DIR=build-rel OUT_DIR=/tmp/engine-cost tests/bench/engine_cost.sh
#   RAW_REQUESTS="100000 1000000" PIPELINE_REQUESTS=100000 CONCURRENCY=64 tests/bench/engine_cost.sh
#   RAW_REQUESTS="" PIPELINE_REQUESTS=300000 tests/bench/engine_cost.sh   # pipeline engine only
#   PIPELINE_REQUESTS=0 tests/bench/engine_cost.sh    # raw engine only
#
# Everything runs on 127.0.0.1; on two cores the 1,000,000 raw requests and the 100,000 pipeline ones take
# about 30 s each.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

raw_requests="${RAW_REQUESTS-100000 1000000}"
pipeline_requests="${PIPELINE_REQUESTS:-100000}"
concurrency="${CONCURRENCY:-64}"
out_dir="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out_dir"
key="opa_sim_demo" # the simulator's public demo key

[[ -x /usr/bin/time ]] || { echo "engine_cost: /usr/bin/time is not installed (Debian: apt install time)" >&2; exit 2; }

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build oilwatch
bin="$(bench_build_dir)/app/oilwatch"

trap bench_stop_sim EXIT
bench_start_sim "$bin" --faults healthy
url="http://127.0.0.1:$BENCH_SIM_PORT/v1/prices/latest?by_code=BRENT_CRUDE_USD"

bench_print_machine
echo "binary:    $bin"
echo "output:    $out_dir"

# The RSS (KiB) of PID once a second until it exits, as "elapsed_s,rss_kib" rows.
sample_rss() {
    local pid="$1" start rss
    start="$(date +%s.%N)"
    echo "elapsed_s,rss_kib"
    while rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" && [[ -n "$rss" ]]; do
        echo "$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }'),$rss"
        sleep 1
    done
}

# run_bench LABEL REQUESTS ENGINE_FLAG: one run, its samples and its verdict line.
run_bench() {
    local label="$1" requests="$2" engine="$3"
    local prefix="$out_dir/$label"
    local command=("$bin" bench --url "$url" --key "$key" "$engine" --model closed --concurrency "$concurrency"
        --requests "$requests" --series "$prefix-series.csv" --json "$prefix.json")
    echo
    echo "== $label"
    echo "\$ ${command[*]}" | sed "s/$key/<key>/"
    # The bench logs to its data folder as the app does: each run gets its own, out of the user's, and the
    # script counts what it wrote.
    XDG_DATA_HOME="$prefix-data" /usr/bin/time -f '%e %U %S %M' -o "$prefix.time" "${command[@]}" \
        >"$prefix.txt" 2>"$prefix.err" &
    local time_pid=$! bench_pid=""
    for _ in $(seq 100); do
        bench_pid="$(pgrep -P "$time_pid" || true)"
        [[ -n "$bench_pid" ]] && break
        sleep 0.05
    done
    [[ -n "$bench_pid" ]] && sample_rss "$bench_pid" >"$prefix-rss.csv"
    wait "$time_pid" || { echo "engine_cost: $label failed:" >&2; cat "$prefix.err" >&2; return 1; }

    grep -E '^ *[0-9]+ requests in|Errors:|Retries:|Requests/sec:' "$prefix.txt" | sed 's/^ */  /' || true
    local wall user sys max_rss
    read -r wall user sys max_rss <"$prefix.time"
    # Requests done by the end of each second of the measured phase; an RSS sample taken at t seconds gets the
    # count of the last whole second before it (the process's start-up takes a few milliseconds), so it is
    # never credited with requests not yet done.
    awk -F, 'NR > 1 { done += $2; cumulative[$1] = done } END { for (s in cumulative) print s "," cumulative[s] }' \
        "$prefix-series.csv" | sort -t, -k1,1n >"$prefix-cumulative.csv"
    awk -F, -v OFS=, '
        FNR == NR { done[$1 + 0] = $2; next }
        FNR == 1 { print $0, "requests_done"; next }
        { s = int($1) - 1; while (s >= 0 && !(s in done)) --s; print $0, ((s >= 0) ? done[s] : 0) }' \
        "$prefix-cumulative.csv" "$prefix-rss.csv" >"$prefix-rss-requests.csv"
    awk -F, -v n="$requests" -v wall="$wall" -v user="$user" -v sys="$sys" -v max="$max_rss" '
        NR == 1 { next }
        function mib(kib) { return (kib == "") ? "n/a" : sprintf("%.1f MiB", kib / 1024) }
        $3 >= n / 10 && at10 == "" { at10 = $2; done10 = $3 }
        $3 >= n / 2 && at50 == "" { at50 = $2; done50 = $3 }
        $2 > peak { peak = $2 }
        { final = $2; donefinal = $3 }
        END {
            printf "  CPU: %.2f s user + %.2f s system over %.1f s = %.1f us per request (%d requests)\n",
                user, sys, wall, (user + sys) * 1e6 / n, n
            printf "  RSS: %s after %d requests, %s after %d, %s at the last sample (%d done);", mib(at10),
                done10, mib(at50), done50, mib(final), donefinal
            printf " peak %s sampled, %s from /usr/bin/time\n", mib(peak), mib(max)
        }' "$prefix-rss-requests.csv"
    echo "  samples: $prefix-rss-requests.csv"
    local logs
    mapfile -t logs < <(find "$prefix-data" -name 'oilwatch*.log' 2>/dev/null)
    if [[ ${#logs[@]} -gt 0 ]]; then
        echo "  log: $(cat "${logs[@]}" | wc -l) lines, $(du -ck "${logs[@]}" | tail -n1 | cut -f1) KiB in ${#logs[@]} file(s) under $prefix-data"
    fi
}

for n in $raw_requests; do
    run_bench "raw-$n" "$n" --raw
done
bench_print_load after
if [[ "$pipeline_requests" -gt 0 ]]; then
    run_bench "pipeline-$pipeline_requests" "$pipeline_requests" --pipeline
    bench_print_load after
fi
