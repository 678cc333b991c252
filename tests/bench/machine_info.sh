# Sourced by the benchmark scripts: prints what a benchmark's numbers depend on (date, CPU, OS, Qt, load),
# so that every number written down can name its machine and date.

print_machine_info() {
    echo "== machine"
    echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if command -v lscpu >/dev/null 2>&1; then
        echo "cpu model: $(lscpu | sed -n 's/^Model name: *//p' | head -n1)"
        echo "cpus:      $(lscpu | sed -n 's/^CPU(s): *//p' | head -n1)"
    else
        echo "cpu model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "cpus:      $(nproc)"
    fi
    local os
    os="$(uname -sr)"
    [[ -r /etc/os-release ]] && os="$(. /etc/os-release && echo "$PRETTY_NAME"), $os"
    echo "os:        $os"
    local qt_version="unknown"
    if command -v qtpaths6 >/dev/null 2>&1; then
        qt_version="$(qtpaths6 --qt-version)"
    elif command -v qmake6 >/dev/null 2>&1; then
        qt_version="$(qmake6 -query QT_VERSION)"
    fi
    echo "qt:        $qt_version"
    # Other builds on the same machine take the CPU from the benchmark: record the load.
    print_load before
}

print_load() {
    echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) $1"
}
