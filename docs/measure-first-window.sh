#!/usr/bin/env bash
# How long a new developer waits for the first window: `./dev.sh run` in a fresh clone (nothing built; the
# packages of packaging/debian-build-deps.txt already installed), until the dashboard has drawn itself once on
# the offscreen platform (--screenshot --after 0.1 saves it and quits). Prints the wall time, the CPU time of the
# build and the load average before and after: on a shared machine the wall time depends on the others' load.
#   docs/measure-first-window.sh [BRANCH]     (default: the current branch; clones into a temporary folder)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && git rev-parse --git-common-dir)
branch=${1:-$(git -C "$(dirname "$0")" rev-parse --abbrev-ref HEAD)}
clone=$(mktemp -d /tmp/oilwatch-first-window.XXXXXX)
trap 'rm -rf "$clone"' EXIT
git clone -q -b "$branch" "$repo" "$clone"
cd "$clone"
echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC') $(git log -1 --format=%h) on $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='wall %R s, CPU %U s user + %S s system'
time (QT_QPA_PLATFORM=offscreen ./dev.sh run --demo --screenshot "$clone/first-window.png" --after 0.1 \
    >"$clone/run.log" 2>&1)
echo "load after $(cut -d' ' -f1-3 /proc/loadavg); window drawn: $(file -b "$clone/first-window.png" | cut -d, -f2)"
