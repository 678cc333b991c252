#!/usr/bin/env bash
# Builds OilWatch warning-free (-Werror) and runs its whole test suite on a newer Qt 6 than the 6.4 floor:
# Debian 13 (trixie, Qt 6.8) in a debootstrap root, from the same package names as packaging/debian-build-deps.txt.
# Not part of .ci/run: on 2 cores with one build job it takes far longer than CI's budget (see docs/PORTABILITY.md).
#
#   sudo packaging/check-newer-qt.sh
#
# Environment: OILWATCH_NEWER_QT_ROOT  the root folder, kept for reuse (default /var/tmp/oilwatch-trixie)
#              OILWATCH_NEWER_QT_SUITE Debian suite (default trixie)
#              DEBIAN_MIRROR           default: the first Debian mirror in the host's apt sources
#              JOBS                    build jobs (default 1, niced: the machine is shared)
# The root, its apt cache and its build folder (/build inside) are kept, so a second run only rebuilds what changed.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
root=${OILWATCH_NEWER_QT_ROOT:-/var/tmp/oilwatch-trixie}
suite=${OILWATCH_NEWER_QT_SUITE:-trixie}
jobs=${JOBS:-1}
[ "$(id -u)" -eq 0 ] || { echo "check-newer-qt.sh: run as root (debootstrap, chroot, mount)" >&2; exit 2; }

if [ -z "${DEBIAN_MIRROR:-}" ]; then
    DEBIAN_MIRROR=$( (grep -rhoE 'https?://[^ ]*/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ \
        2>/dev/null || true) | head -1 | tr -d ' ')
    DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
fi

if [ ! -x "$root/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap
    debootstrap --variant=minbase "$suite" "$root" "$DEBIAN_MIRROR"
fi

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || true; done
}
trap cleanup EXIT
bind() { # bind SOURCE TARGET_INSIDE_ROOT
    mkdir -p "$root$2"
    mountpoint -q "$root$2" || { mount --bind "$1" "$root$2" && mounted+=("$root$2"); }
}
bind /dev /dev
bind /dev/pts /dev/pts
mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" && mounted+=("$root/proc"); }
bind "$src" /src
cp /etc/resolv.conf "$root/etc/resolv.conf"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

# libqt6opengl6-dev is a virtual package on trixie (qt6-base-dev provides it); apt picks the provider by itself.
mapfile -t packages < <(grep -v '^\s*#' "$src/packaging/debian-build-deps.txt" | grep -v '^\s*$')
in_root apt-get update -q
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" ccache

# Debug without -g: the same warnings and assertions, a faster -j1 build.
in_root cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DOILWATCH_WERROR=ON
in_root sh -c "qmake6 -query QT_VERSION | sed 's/^/Qt /'; cd /build && nice -n 19 ninja -j$jobs"

in_root sh -c 'mkdir -p -m 700 /tmp/runtime-root && cd /build &&
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/runtime-root ctest --output-on-failure -j1 --timeout 300'
