# Sourced by the benchmark scripts: builds one benchmark target of the release preset and prints what every
# number depends on (machine, load, Qt version, date), so each result in docs/BENCHMARKS.md has its context.

# bench_build TARGET: configures build/release once, then builds TARGET there.
bench_build() {
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
