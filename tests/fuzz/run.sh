#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS, then minimises its committed corpus with what the run found.
#   tests/fuzz/run.sh TARGET SECONDS     e.g. tests/fuzz/run.sh httprequestparser 600
#   tests/fuzz/run.sh TARGET merge       only minimise corpus/TARGET (after adding a file by hand)
# TARGET is a harness name of tests/fuzz/CMakeLists.txt (fuzz_TARGET.cpp). Builds with the `fuzz` preset
# (clang-14, libFuzzer, ASan, UBSan) into build/fuzz. Findings (crash-*, leak-*, timeout-*) land in
# build/fuzz/artifacts/TARGET/, the log in build/fuzz/logs/TARGET.log. Runs niced on one core: the machine
# is shared.
set -euo pipefail
cd "$(dirname "$0")/../.."

# All in a function, so that bash has read the whole script before it runs: editing it during a 10-minute
# run must not change what the run does next.
main() {
  local target=${1:?usage: tests/fuzz/run.sh TARGET SECONDS|merge}
  local what=${2:?usage: tests/fuzz/run.sh TARGET SECONDS|merge}
  corpus="tests/fuzz/corpus/$target"
  # Never minimised away: every input that once broke the harness (see CMakeLists.txt).
  regressions="tests/fuzz/regressions/$target"
  work="build/fuzz/work/$target"
  artifacts="build/fuzz/artifacts/$target"
  logs="build/fuzz/logs"
  binary="build/fuzz/tests/fuzz/fuzz_$target"

  [ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
  nice cmake --build build/fuzz --target "fuzz_$target"
  mkdir -p "$corpus" "$work" "$artifacts" "$logs" "$regressions"

  # The request parser's limits are 16 KiB of head and 64 KiB of body: longer inputs must be allowed to
  # reach them. Everything else reads small values.
  max_len=4096
  [ "$target" = httprequestparser ] && max_len=20000
  common=(-rss_limit_mb=2048 -max_len=$max_len -timeout=10 "-artifact_prefix=$artifacts/")
  # Keys and keywords of the format, where a harness has a dictionary: JSON keys are hard to guess byte by byte.
  [ -f "tests/fuzz/$target.dict" ] && common+=("-dict=tests/fuzz/$target.dict")

  if [ "$what" != merge ]; then
    cp -n "$corpus"/* "$work"/ 2>/dev/null || true
    echo "fuzz_$target: ${what}s, log in $logs/$target.log"
    set +e
    nice "$binary" "${common[@]}" -max_total_time="$what" -print_final_stats=1 "$work" "$corpus" "$regressions" \
      >"$logs/$target.log" 2>&1
    status=$?
    set -e
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$logs/$target.log" || true
    grep -E 'ERROR|==ERROR|invariant broken|runtime error' "$logs/$target.log" | head -5 || true
    [ $status -eq 0 ] || { echo "fuzz_$target: FAILED ($status), inputs in $artifacts/"; exit $status; }
  fi

  # Minimise: keep only the inputs that add coverage, from the committed corpus and the run's finds.
  merged="build/fuzz/merged/$target"
  rm -rf "$merged" && mkdir -p "$merged"
  nice "$binary" "${common[@]}" -merge=1 "$merged" "$corpus" "$work" >"$logs/$target.merge.log" 2>&1
  rm -f "$corpus"/* && cp "$merged"/* "$corpus"/
  echo "fuzz_$target: corpus $corpus now $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
}

main "$@"
