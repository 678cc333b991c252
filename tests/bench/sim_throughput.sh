#!/usr/bin/env bash
# Measures how many requests a second `oilwatch sim` answers: starts it on a free loopback port with the
# healthy profile, runs wrk against each endpoint RUNS times and prints every result and the median, with
# what the numbers depend on (machine, load, Qt version, date).
#
#   tests/bench/sim_throughput.sh                       # builds the release preset if needed
#   OILWATCH_BIN=build-rel/app/oilwatch tests/bench/sim_throughput.sh
#   RUNS=5 DURATION=20s CONNECTIONS=128 THREADS=1 tests/bench/sim_throughput.sh
#
# Everything runs on this machine: the simulator listens on 127.0.0.1 only and is stopped on exit.
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
bin="${OILWATCH_BIN:-}"
if [[ -z "$bin" ]]; then
    bench_build oilwatch
    bin="$root/build/release/app/oilwatch"
fi
[[ -x "$bin" ]] || { echo "sim_throughput: no executable at $bin" >&2; exit 2; }

log="$(mktemp)"
sim_pid=""
cleanup() {
    [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -f "$log"
}
trap cleanup EXIT

# Port 0: the simulator picks a free one and names it on its first line.
"$bin" sim --port 0 --faults healthy >"$log" 2>&1 &
sim_pid=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
    [[ -n "$port" ]] && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$port" ]] || { echo "sim_throughput: the simulator did not start" >&2; cat "$log" >&2; exit 1; }

bench_print_machine
echo "binary:    $bin"
echo "wrk:       -t$threads -c$connections -d$duration, $runs runs per endpoint"

# CPU time the simulator used (all its threads), in clock ticks: with the machine shared, requests per
# CPU-second of the simulator says more about its own cost than requests per wall-clock second.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$sim_pid/stat"; }
ticks_per_sec="$(getconf CLK_TCK)"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for target in "/v1/prices/latest?by_code=BRENT_CRUDE_USD" "/v1/prices/latest" "/v1/commodities"; do
    url="http://127.0.0.1:$port$target"
    results=()
    per_cpu=()
    for _ in $(seq "$runs"); do
        before="$(cpu_ticks)"
        out="$(wrk "-t$threads" "-c$connections" "-d$duration" -H "Authorization: Token $key" "$url")"
        # Anything but 2xx (or a socket error) means the number measures something else.
        if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
            echo "sim_throughput: errors against $target:" >&2
            echo "$out" >&2
        fi
        used="$(($(cpu_ticks) - before))"
        total="$(awk '/requests in/ { print $1 }' <<<"$out")"
        results+=("$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")")
        per_cpu+=("$(awk -v n="$total" -v t="$used" -v hz="$ticks_per_sec" 'BEGIN { printf "%.0f", (t > 0 ? n * hz / t : 0) }')")
    done
    printf '%-42s req/s: %s  median %s\n' "$target" "${results[*]}" "$(printf '%s\n' "${results[@]}" | median)"
    printf '%-42s req per simulator CPU-second: %s  median %s\n' "" "${per_cpu[*]}" \
        "$(printf '%s\n' "${per_cpu[@]}" | median)"
done

echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after"
