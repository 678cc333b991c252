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
# shellcheck source=packaging/chroot-common.sh
. "$src/packaging/chroot-common.sh"

make_root "$suite" "$root"
chroot_enter "$root"
chroot_bind "$root" "$src" /src
in_root() { chroot_run "$root" "$@"; }

# libqt6opengl6-dev is a virtual package on trixie (qt6-base-dev provides it); apt picks the provider by itself.
mapfile -t packages < <(package_list "$src/packaging/debian-build-deps.txt")
in_root apt-get update -q
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" ccache

# Debug without -g: the same warnings and assertions, a faster -j1 build.
in_root cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DOILWATCH_WERROR=ON
in_root sh -c "qmake6 -query QT_VERSION | sed 's/^/Qt /'; cd /build && nice -n 19 ninja -j$jobs"

in_root sh -c 'mkdir -p -m 700 /tmp/runtime-root && cd /build &&
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/runtime-root ctest --output-on-failure -j1 --timeout 300'
