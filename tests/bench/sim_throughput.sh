#!/usr/bin/env bash
# Measures how many requests a second `oilwatch sim` answers, side by side with a minimal single-thread
# QTcpServer keep-alive server (bench_sim_reference, answering a fixed body of the same size) in the same run:
# both start on free loopback ports, and each run sends wrk against every simulator endpoint and the reference
# in turn, so load from elsewhere on the machine falls on all of them alike. Prints every run's req/s, the
# server's CPU time per request (from /proc: far less sensitive to other load than req/s) and the load
# average, then the medians.
#
#   tests/bench/sim_throughput.sh                       # builds the release preset if needed
#   OILWATCH_BUILD_DIR=build-rel tests/bench/sim_throughput.sh
#   RUNS=5 DURATION=20s CONNECTIONS=128 THREADS=1 tests/bench/sim_throughput.sh
#   BASELINE_BIN=/tmp/oilwatch-before tests/bench/sim_throughput.sh   # also an older build's simulator
#
# Everything runs on this machine: both servers listen on 127.0.0.1 only and are stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

runs="${RUNS:-3}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-1}"
key="opa_sim_demo"

command -v wrk >/dev/null || { echo "sim_throughput: wrk is not installed" >&2; exit 2; }

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
build_dir="$(bench_build_dir)"
bench_build oilwatch >/dev/null
bench_build bench_sim_reference >/dev/null
bin="$build_dir/app/oilwatch"
reference_bin="$build_dir/tests/bench/bench_sim_reference"
for file in "$bin" "$reference_bin"; do
    [[ -x "$file" ]] || { echo "sim_throughput: no executable at $file" >&2; exit 2; }
done

ref_log="$(mktemp)"
ref_pid=""
baseline_pid=""
baseline_log=""
cleanup() {
    bench_stop_sim
    for pid in "$ref_pid" "$baseline_pid"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true # a killed process's status must not end the cleanup
        fi
    done
    rm -f "$ref_log" "$baseline_log"
}
trap cleanup EXIT

# wait_for_port LOG PID: the port a server named on its first line ("listening on 127.0.0.1:PORT").
wait_for_port() {
    local port=""
    for _ in $(seq 100); do
        port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1")"
        [[ -n "$port" ]] && break
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "sim_throughput: a server did not start:" >&2; cat "$1" >&2; return 1; }
    echo "$port"
}

bench_start_sim "$bin" --faults healthy
sim_pid="$BENCH_SIM_PID"
sim_port="$BENCH_SIM_PORT"

# The reference answers with a body as long as the simulator's answer to the first endpoint.
first_target="/v1/prices/latest?by_code=BRENT_CRUDE_USD"
body_bytes="$(curl -s -H "Authorization: Token $key" "http://127.0.0.1:$sim_port$first_target" | wc -c)"
"$reference_bin" --port 0 --body-bytes "$body_bytes" >"$ref_log" 2>&1 &
ref_pid=$!
ref_port="$(wait_for_port "$ref_log" "$ref_pid")"

bench_print_machine
echo "binaries:  $bin, $reference_bin (body $body_bytes bytes)"
echo "wrk:       -t$threads -c$connections -d$duration, $runs runs per endpoint, endpoints interleaved"

# CPU time a process used (all its threads), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_sec="$(getconf CLK_TCK)"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

names=("sim $first_target" "sim /v1/prices/latest" "sim /v1/commodities" "reference (fixed body)")
urls=("http://127.0.0.1:$sim_port$first_target" "http://127.0.0.1:$sim_port/v1/prices/latest"
    "http://127.0.0.1:$sim_port/v1/commodities" "http://127.0.0.1:$ref_port/")
pids=("$sim_pid" "$sim_pid" "$sim_pid" "$ref_pid")
if [[ -n "${BASELINE_BIN:-}" ]]; then
    baseline_log="$(mktemp)"
    "$BASELINE_BIN" sim --port 0 --faults healthy >"$baseline_log" 2>&1 &
    baseline_pid=$!
    baseline_port="$(wait_for_port "$baseline_log" "$baseline_pid")"
    echo "baseline:  $BASELINE_BIN"
    names+=("baseline sim $first_target")
    urls+=("http://127.0.0.1:$baseline_port$first_target")
    pids+=("$baseline_pid")
fi
declare -A rates=() cpu_us=()

echo
printf '%-4s %-56s %10s %16s %s\n' run endpoint req/s "CPU µs/request" "load (1 min) before"
for run in $(seq "$runs"); do
    for i in "${!names[@]}"; do
        load="$(cut -d' ' -f1 /proc/loadavg)"
        before="$(cpu_ticks "${pids[$i]}")"
        out="$(wrk "-t$threads" "-c$connections" "-d$duration" -H "Authorization: Token $key" "${urls[$i]}")"
        # Anything but 2xx (or a socket error) means the number measures something else.
        if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
            echo "sim_throughput: errors against ${names[$i]}:" >&2
            echo "$out" >&2
        fi
        used="$(($(cpu_ticks "${pids[$i]}") - before))"
        total="$(awk '/requests in/ { print $1 }' <<<"$out")"
        rate="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
        us="$(awk -v n="$total" -v t="$used" -v hz="$ticks_per_sec" 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
        rates[$i]+="$rate "
        cpu_us[$i]+="$us "
        printf '%-4s %-56s %10s %16s %s\n' "$run" "${names[$i]}" "$rate" "$us" "$load"
    done
done

echo
echo "== medians over $runs runs"
printf '%-56s %10s %16s\n' endpoint req/s "CPU µs/request"
for i in "${!names[@]}"; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    printf '%-56s %10s %16s\n' "${names[$i]}" "$(printf '%s\n' ${rates[$i]} | median)" \
        "$(printf '%s\n' ${cpu_us[$i]} | median)"
done
bench_print_load after
