#!/usr/bin/env bash
# OilWatch developer entry point. Both commands are idempotent: they install only what is missing, build only
# what changed, then act.
#   ./dev.sh run [ARGS...]   install, build and open the dashboard (the built-in simulator when no API key is set)
#   ./dev.sh test            install, build and run the whole test suite
#   ./dev.sh package         install, build and make the .deb, .rpm and .tar.gz in build/<preset>/packages/
#   ./dev.sh coverage        build with gcov (build/coverage), run the tests, report core/'s line and branch
#                            coverage (text and HTML in build/coverage/report/)
#   ./dev.sh fuzz TARGET [SECONDS]   run one libFuzzer harness of tests/fuzz (default 600 s; see docs/TESTING.md)
#   ./dev.sh check [STAGE]   every stage of .ci/check: format, the ci preset's build and tests, clang-tidy, asan
set -euo pipefail
cd "$(dirname "$0")"

preset=${OILWATCH_PRESET:-release}
build_dir="build/$preset"

install_missing() { # [EXTRA_LIST]: a second package list on top of the build dependencies
  mapfile -t wanted < <(cat packaging/debian-build-deps.txt "$@" | grep -v '^\s*#' | grep -v '^\s*$')
  # Debian 13 folds libqt6opengl6-dev into qt6-base-dev, which Provides it: a provider counts as installed.
  local provided
  provided=$(dpkg-query -W -f='${db:Status-Abbrev}${Provides}\n' 2>/dev/null | sed -n 's/^ii *//p')
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || grep -qE "(^|, )$pkg( |,|$)" <<<"$provided" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() { # [TARGET]: only what that target needs; everything without one
  [ -f "$build_dir/build.ninja" ] || cmake --preset "$preset"
  cmake --build --preset "$preset" ${1:+--target "$1"}
}

case "${1:-}" in
  run)
    shift
    install_missing
    # The window needs the binary alone, not the tests and benchmarks.
    build oilwatch
    exec "$build_dir/app/oilwatch" "$@"
    ;;
  test)
    install_missing
    build
    export QT_QPA_PLATFORM=offscreen
    export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    ctest --preset "$preset" --timeout 300 -j2
    ;;
  package)
    install_missing packaging/debian-packaging-deps.txt
    build oilwatch_install_parts
    (cd "$build_dir" && cpack)
    ls -l "$build_dir/packages/"oilwatch[-_]*
    ;;
  coverage)
    install_missing packaging/debian-coverage-deps.txt
    preset=coverage
    build_dir="build/$preset"
    build
    export QT_QPA_PLATFORM=offscreen
    export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    # Counters of an earlier run would add up with this one's.
    find "$build_dir" -name '*.gcda' -delete
    # A failing test still leaves its coverage: report it, then fail.
    tests_ok=0
    ctest --preset "$preset" --timeout 300 -j2 || tests_ok=$?
    report="$build_dir/report"
    mkdir -p "$report"
    # core/ only (no moc or autogen files). Branches of exception edges (every call that may throw) are left
    # out: GCC counts them as branches that no test can take.
    gcovr --root . --filter 'core/' --exclude-throw-branches --exclude-unreachable-branches \
      --txt "$report/coverage.txt" --html-details "$report/index.html" --print-summary "$build_dir" \
      | tee "$report/summary.txt"
    echo "coverage of core/ on $(date -u +%F), $(uname -n): $report/index.html" | tee -a "$report/summary.txt"
    exit "$tests_ok"
    ;;
  fuzz)
    install_missing packaging/debian-fuzz-deps.txt
    shift
    exec tests/fuzz/run.sh "${1:?usage: ./dev.sh fuzz TARGET [SECONDS]}" "${2:-600}"
    ;;
  check)
    shift
    install_missing packaging/debian-ci-deps.txt
    exec .ci/check "$@"
    ;;
  *)
    echo "usage: ./dev.sh run [oilwatch arguments] | ./dev.sh test | ./dev.sh package | ./dev.sh check [stage...] | ./dev.sh coverage | ./dev.sh fuzz TARGET [SECONDS]" >&2
    exit 2
    ;;
esac
