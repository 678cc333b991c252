#!/usr/bin/env bash
# Compares `oilwatch bench --raw` with wrk against the same `oilwatch sim`, in the same run, on this machine.
#
#   tests/bench/bench_vs_wrk.sh            builds the release preset (build/release) if needed, then measures
#   DURATION=10 CONNECTIONS=64 tests/bench/bench_vs_wrk.sh
#   SIM_BIN=/path/to/another/oilwatch tests/bench/bench_vs_wrk.sh   (the simulator of another build)
#
# Prints wrk's throughput, ours, and the ratio, then wrk once more alone (-t1 -c64), for the simulator's
# ceiling on this machine. Both clients use one thread and 64 keep-alive connections; they run one after the
# other so that they never share the simulator or the CPU.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
KEY="opa_sim_demo" # the simulator's public demo key
BIN="$ROOT/build/release/app/oilwatch"
SIM_BIN="${SIM_BIN:-$BIN}"

command -v wrk > /dev/null || { echo "bench_vs_wrk: wrk is not installed" >&2; exit 1; }

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build oilwatch > /dev/null
bench_print_machine

SIM_OUT="$(mktemp)"
cleanup() {
    [[ -n "${SIM_PID:-}" ]] && kill "$SIM_PID" 2> /dev/null && wait "$SIM_PID" 2> /dev/null
    rm -f "$SIM_OUT"
}
trap cleanup EXIT

"$SIM_BIN" sim --port 0 > "$SIM_OUT" &
SIM_PID=$!
for _ in $(seq 100); do
    grep -q '^listening on' "$SIM_OUT" && break
    sleep 0.1
done
PORT="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$SIM_OUT" | head -n1)"
[[ -n "$PORT" ]] || { echo "bench_vs_wrk: the simulator did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/v1/prices/latest?by_code=WTI_USD"
echo "simulator: 127.0.0.1:$PORT (release preset), ${CONNECTIONS} connections, ${DURATION} s each"

# wrk's "Requests/sec:" line.
wrk_rate() {
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Token $KEY" "$URL" \
        | awk '/^Requests\/sec:/ { print $2 }'
}

WRK_RATE="$(wrk_rate)"
echo "wrk -t1 -c$CONNECTIONS:                     $WRK_RATE req/s"

OURS_OUT="$("$BIN" bench --url "$URL" --key "$KEY" --raw --model closed --concurrency "$CONNECTIONS" \
    --threads 1 --duration "$DURATION" 2> /dev/null)"
# The summary's throughput: wrk's "Requests/sec: N" form, else the first "N req/s".
OURS_RATE="$(awk '/Requests\/sec:/ { print $2; exit }' <<< "$OURS_OUT")"
[[ -n "$OURS_RATE" ]] || OURS_RATE="$(grep -oE '[0-9]+([.][0-9]+)? req/s' <<< "$OURS_OUT" | head -n1 | cut -d' ' -f1)"
[[ -n "$OURS_RATE" ]] || { echo "bench_vs_wrk: no throughput in oilwatch bench's summary:" >&2; echo "$OURS_OUT" >&2; exit 1; }
echo "oilwatch bench --raw --concurrency $CONNECTIONS: $OURS_RATE req/s"
awk -v ours="$OURS_RATE" -v wrk="$WRK_RATE" 'BEGIN { printf "ratio oilwatch/wrk:                  %.2f\n", ours / wrk }'

WRK_ALONE="$(wrk_rate)"
echo "wrk -t1 -c$CONNECTIONS again (the simulator's ceiling): $WRK_ALONE req/s"
bench_print_load after
