#!/usr/bin/env bash
# What the app's request path costs over bare QNetworkAccessManager: runs bench_pipeline_cost against an
# `oilwatch sim` in its own process, first natively (requests/s and CPU us per request for qnam, transport,
# pipeline, alternating over ROUNDS rounds), then each mode in its own process under callgrind to count
# instructions per request, and prints the pipeline's overhead over bare QNAM and the functions it goes to.
#
#   tests/bench/pipeline_cost.sh                      # builds the release preset (build/release) if needed
#   OILWATCH_BUILD_DIR=build-rel tests/bench/pipeline_cost.sh
#   REQUESTS=10000 ROUNDS=3 CONCURRENCY=4 CALLGRIND_REQUESTS=2000 CALLGRIND_REPEATS=3 OUT_DIR=/tmp/pc \
#       tests/bench/pipeline_cost.sh
#   PARTS=native tests/bench/pipeline_cost.sh         # or PARTS=callgrind: one part only
#
# Instructions per request: every mode runs under callgrind with the same warm-up and then 0 and (repeatedly)
# CALLGRIND_REQUESTS measured requests; the difference divided by CALLGRIND_REQUESTS leaves out start-up,
# connection set-up and tear-down. All of the client's threads count (Qt's HTTP thread too); the simulator,
# in another process, does not. Everything runs on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

requests="${REQUESTS:-10000}"
warmup="${WARMUP:-500}"
rounds="${ROUNDS:-3}"
concurrency="${CONCURRENCY:-4}"
cg_requests="${CALLGRIND_REQUESTS:-2000}"
cg_warmup="${CALLGRIND_WARMUP:-200}"
cg_repeats="${CALLGRIND_REPEATS:-3}"
parts="${PARTS:-native callgrind}"
out_dir="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out_dir"

# shellcheck source=bench_common.sh
source tests/bench/bench_common.sh
bench_build bench_pipeline_cost
bench_build oilwatch
build_dir="$(bench_build_dir)"
bench="$build_dir/tests/bench/bench_pipeline_cost"
bin="$build_dir/app/oilwatch"

trap bench_stop_sim EXIT
bench_start_sim "$bin" --faults healthy
url="http://127.0.0.1:$BENCH_SIM_PORT/v1/prices/latest?by_code=BRENT_CRUDE_USD"

bench_print_machine
echo "binary:    $bench"
echo "output:    $out_dir"

if [[ " $parts " == *" native "* ]]; then
    echo
    echo "== requests/s and CPU per request (whole client process; the simulator is another process)"
    echo "\$ $bench --url $url --requests $requests --warmup $warmup --concurrency $concurrency --rounds $rounds"
    "$bench" --url "$url" --requests "$requests" --warmup "$warmup" --concurrency "$concurrency" --rounds "$rounds"
    echo "-- the pipeline again, logging to a file as the app does (--log-dir)"
    "$bench" --url "$url" --mode pipeline --log-dir "$out_dir/logs" --requests "$requests" --warmup "$warmup" \
        --concurrency "$concurrency" --rounds "$rounds"
    bench_print_load after
fi

[[ " $parts " == *" callgrind "* ]] || exit 0
command -v valgrind >/dev/null || { echo "pipeline_cost: valgrind is not installed" >&2; exit 2; }

# callgrind's total instruction count of one run.
cg_total() { sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$1"; }

# callgrind_annotate's cost per function (--inclusive=yes|no) as "count<TAB>function" lines, PROGRAM TOTALS
# included.
cg_functions() {
    callgrind_annotate --auto=no --threshold=100 "--inclusive=$2" "$1" 2>/dev/null \
        | awk '$1 ~ /^[0-9,]+$/ && $2 ~ /^\(/ {
                   count = $1; gsub(",", "", count)
                   name = $0; sub(/^ *[0-9,]+ +\([^)]*\) +/, "", name)
                   print count "\t" name }'
}

# per_request_delta INCLUSIVE PLUS [MINUS]: each function's instructions per request in run PLUS (its
# N-request run minus its 0-request run, over N), less the same for run MINUS; largest first.
per_request_delta() {
    local inclusive="$1" plus="$2" minus="${3:-}" run
    for run in $plus ${minus}; do
        cg_functions "$out_dir/$run-0.callgrind" "$inclusive" >"$out_dir/$run-0.$inclusive.functions"
        cg_functions "$out_dir/$run-$cg_requests.callgrind" "$inclusive" \
            >"$out_dir/$run-$cg_requests.$inclusive.functions"
    done
    awk -F'\t' -v n="$cg_requests" -v plus="$plus" '
        { sign = (FILENAME ~ ("/" plus "-")) ? 1 : -1; if (FILENAME ~ /-0\.[a-z]+\.functions$/) sign = -sign
          cost[$2] += sign * $1 / n }
        END { for (f in cost) if (cost[f] >= 0.5 || cost[f] <= -0.5) printf "%10.0f\t%s\n", cost[f], f }' \
        "$out_dir/$plus-0.$inclusive.functions" "$out_dir/$plus-$cg_requests.$inclusive.functions" \
        ${minus:+"$out_dir/$minus-0.$inclusive.functions" "$out_dir/$minus-$cg_requests.$inclusive.functions"} \
        | sort -t$'\t' -k1,1gr
}

echo
echo "== instructions per request (callgrind, $cg_warmup warm-up, then 0 and $cg_requests requests per run;"
echo "   the $cg_requests-request runs $cg_repeats times, alternating, median shown)"
# pipeline-logged: the pipeline with the app's log file (--log-dir), as `oilwatch bench --pipeline` runs it.
runs=(qnam transport pipeline pipeline-logged)
cg_run() { # RUN REQUESTS OUTPUT_FILE
    local args=(--mode "${1%-logged}")
    [[ "$1" == *-logged ]] && args+=(--log-dir "$out_dir/logs")
    valgrind --tool=callgrind --callgrind-out-file="$3" "$bench" --url "$url" "${args[@]}" --requests "$2" \
        --warmup "$cg_warmup" --concurrency "$concurrency" >"$3.log" 2>&1 \
        || { echo "pipeline_cost: $1 with $2 requests failed:" >&2; cat "$3.log" >&2; exit 1; }
}
for run in "${runs[@]}"; do
    cg_run "$run" 0 "$out_dir/$run-0.callgrind"
done
# Wake-ups of the event loops batch differently from run to run, so one run's count moves by about 1 %.
for repeat in $(seq "$cg_repeats"); do
    for run in "${runs[@]}"; do
        cg_run "$run" "$cg_requests" "$out_dir/$run-$cg_requests-r$repeat.callgrind"
    done
done
declare -A per_request
for run in "${runs[@]}"; do
    base="$(cg_total "$out_dir/$run-0.callgrind")"
    values=()
    for repeat in $(seq "$cg_repeats"); do
        total="$(cg_total "$out_dir/$run-$cg_requests-r$repeat.callgrind")"
        values+=("$(awk -v a="$total" -v b="$base" -v n="$cg_requests" 'BEGIN { printf "%.0f", (a - b) / n }') r$repeat")
    done
    # The median repeat's file is the one the function tables below read.
    median_row="$(printf '%s\n' "${values[@]}" | sort -n | sed -n "$(((cg_repeats + 1) / 2))p")"
    per_request[$run]="${median_row% *}"
    ln -sf "$run-$cg_requests-${median_row#* }.callgrind" "$out_dir/$run-$cg_requests.callgrind"
    printf '%-16s %9s instructions per request  (repeats: %s)\n' "$run" "${per_request[$run]}" \
        "$(printf '%s\n' "${values[@]}" | cut -d' ' -f1 | paste -sd' ')"
done
for run in "${runs[@]:1}"; do
    awk -v m="$run" -v x="${per_request[$run]}" -v q="${per_request[qnam]}" \
        'BEGIN { printf "%-16s over bare QNAM: %+7.0f instructions per request, %+5.1f%%\n", m, x - q, (x - q) * 100 / q }'
done

echo
echo "== where the pipeline's extra instructions go: own cost per function, pipeline minus bare QNAM (top 25)"
per_request_delta no pipeline qnam >"$out_dir/pipeline-minus-qnam.exclusive.tsv"
head -n 25 "$out_dir/pipeline-minus-qnam.exclusive.tsv"
echo
echo "== the pipeline's own pieces: inclusive instructions per request (pipeline run, top 25)"
per_request_delta yes pipeline >"$out_dir/pipeline.inclusive.tsv"
# Callbacks nest (a reply's callback sends the next request), so the stages around the network call include
# all of QNAM's work; the rows below a quarter of a bare QNAM request are the pipeline's own pieces.
awk -F'\t' -v limit="$((per_request[qnam] / 4))" '$1 < limit && $2 ~ /oilwatch::|spdlog::/' \
    "$out_dir/pipeline.inclusive.tsv" | head -n 25
echo
echo "== what the log file adds: own cost per function, pipeline-logged minus pipeline (top 15)"
per_request_delta no pipeline-logged pipeline >"$out_dir/logged-minus-pipeline.exclusive.tsv"
head -n 15 "$out_dir/logged-minus-pipeline.exclusive.tsv"
echo "(all rows: $out_dir/*.tsv; callgrind files: $out_dir)"
bench_print_load after
