# Sourced by the benchmark scripts: builds one benchmark target of the release preset and prints what every
# number depends on (machine, load, Qt version, date), so each result in docs/BENCHMARKS.md has its context.

# bench_build_dir: where the benchmark binaries are. OILWATCH_BUILD_DIR names a build directory configured by
# hand (e.g. `cmake -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo`) to use instead of build/release.
bench_build_dir() {
    echo "${OILWATCH_BUILD_DIR:-build/release}"
}

# bench_build TARGET: configures build/release once, then builds TARGET there (or in OILWATCH_BUILD_DIR).
bench_build() {
    if [[ -n "${OILWATCH_BUILD_DIR:-}" ]]; then
        cmake --build "$OILWATCH_BUILD_DIR" --target "$1"
        return
    fi
    if [[ ! -f build/release/build.ninja ]]; then
        cmake --preset release >/dev/null
    fi
    # CMAKE_BUILD_PARALLEL_LEVEL, if set, limits the build jobs on a shared machine.
    cmake --build --preset release --target "$1"
}

bench_print_machine() {
    echo "== machine"
    echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus:      $(nproc)"
    echo "cpu model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    local os
    os="$(uname -srm)"
    [[ -r /etc/os-release ]] && os="$(. /etc/os-release && echo "$PRETTY_NAME"), $os"
    echo "os:        $os"
    local qt_version="unknown"
    if command -v qtpaths6 >/dev/null 2>&1; then
        qt_version="$(qtpaths6 --qt-version)"
    elif command -v qmake6 >/dev/null 2>&1; then
        qt_version="$(qmake6 -query QT_VERSION)"
    fi
    echo "qt:        $qt_version"
    # Other work on the same machine steals the CPU and the disk the benchmark needs: record the load.
    bench_print_load before
}

# bench_print_load WHEN: the load average, labelled "before" or "after".
bench_print_load() {
    echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) $1"
}

# bench_start_sim OILWATCH_BINARY [sim options...]: starts `oilwatch sim --port 0` (healthy unless the options
# say otherwise) in the background, waits until it listens and sets BENCH_SIM_PID and BENCH_SIM_PORT. The
# caller stops it with bench_stop_sim, best from an EXIT trap.
bench_start_sim() {
    local bin="$1"
    shift
    BENCH_SIM_LOG="$(mktemp)"
    "$bin" sim --port 0 "$@" >"$BENCH_SIM_LOG" 2>&1 &
    BENCH_SIM_PID=$!
    BENCH_SIM_PORT=""
    for _ in $(seq 100); do
        # Port 0: the simulator picks a free one and names it on its first line.
        BENCH_SIM_PORT="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$BENCH_SIM_LOG")"
        [[ -n "$BENCH_SIM_PORT" ]] && return 0
        kill -0 "$BENCH_SIM_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "the simulator did not start:" >&2
    cat "$BENCH_SIM_LOG" >&2
    return 1
}

bench_stop_sim() {
    if [[ -n "${BENCH_SIM_PID:-}" ]]; then
        kill "$BENCH_SIM_PID" 2>/dev/null && wait "$BENCH_SIM_PID" 2>/dev/null
        BENCH_SIM_PID=""
    fi
    [[ -n "${BENCH_SIM_LOG:-}" ]] && rm -f "$BENCH_SIM_LOG"
    return 0
}
