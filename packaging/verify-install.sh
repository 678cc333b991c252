#!/usr/bin/env bash
# Proves the .deb in clean Debian roots, as a new user would meet it (issue 10). For each suite:
#   0. the package: on the host's own suite the one `./dev.sh package` made (build/release/packages/); for
#      another suite it is built inside a debootstrap root of that suite (the same root check-newer-qt.sh uses
#      for trixie), so it links that suite's libraries;
#   1. a fresh `debootstrap --variant=minbase` root; `apt-get install ./oilwatch_*.deb` must pull every
#      dependency by itself;
#   2. `oilwatch --version`; `oilwatch sim` with `oilwatch fetch` against it; `oilwatch --demo --screenshot` on
#      the offscreen platform (the picture is copied out: look at it);
#   3. the .desktop file, icons, metainfo and man page where the desktop looks for them, validated with
#      desktop-file-validate and appstreamcli; the binary stripped;
#   4. an upgrade over the installed package keeps the user's cache and history; `apt-get remove --purge`
#      leaves no file of the package behind;
#   5. lintian of the suite: zero errors (warnings are printed; docs/PACKAGING.md explains each).
# On the host's suite the .rpm is also checked with rpmlint and `rpm -qpR`.
#
#   sudo packaging/verify-install.sh [SUITE...]        (default: bookworm trixie)
#
# Environment: OILWATCH_VERIFY_DIR  roots, pristine root tarballs and results (default /var/tmp/oilwatch-verify)
#              DEBIAN_MIRROR        default: the first Debian mirror in the host's apt sources
#              JOBS                 build jobs in a build root (default 1, niced: the machine is shared)
# Results: $OILWATCH_VERIFY_DIR/results/<suite>/ (log, screenshot, lintian output). Exit status 0 when every
# check passed in every suite.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
work=${OILWATCH_VERIFY_DIR:-/var/tmp/oilwatch-verify}
jobs=${JOBS:-1}
[ "$(id -u)" -eq 0 ] || { echo "verify-install.sh: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
# shellcheck source=packaging/chroot-common.sh
. "$src/packaging/chroot-common.sh"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie)
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
app_id=$(sed -n 's/^set(OILWATCH_APP_ID "\(.*\)")$/\1/p' "$src/CMakeLists.txt")
mkdir -p "$work"
# A build root compiles the tree in place: an edit while it builds can leave an object built from an old header
# but newer than it, which ninja never rebuilds (seen 2026-12-07: a crash only that build had). Say so up front.
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "verify-install.sh: warning: the source tree has uncommitted changes; do not edit it until this ends" >&2
fi

failures=0
out=""
check() { # check NAME COMMAND...: runs COMMAND, records PASS or FAIL
    local name=$1
    shift
    if "$@" >>"$out/log.txt" 2>&1; then
        echo "PASS  $name" | tee -a "$out/summary.txt"
    else
        echo "FAIL  $name" | tee -a "$out/summary.txt"
        failures=$((failures + 1))
    fi
}
note() { echo "      $*" | tee -a "$out/summary.txt"; }

# The package for SUITE, copied into $out, in $deb. (Not in a subshell: the mounts must stay recorded.)
package_for() {
    local suite=$1 built
    if [ "$suite" = "$host_suite" ]; then
        built=$(ls -t "$src"/build/release/packages/oilwatch_*.deb 2>/dev/null | head -1 || true)
        [ -n "$built" ] || { echo "verify-install.sh: no package for $suite: run ./dev.sh package first" >&2; return 1; }
        cp "$built" "$out/"
        deb=$out/$(basename "$built")
        return
    fi
    # Another suite: build there. Release without tests: what the package needs, and the fastest build.
    local root=/var/tmp/oilwatch-$suite
    make_root "$suite" "$root" >>"$out/log.txt" 2>&1
    chroot_enter "$root"
    chroot_bind "$root" "$src" /src
    mapfile -t packages < <(package_list "$src/packaging/debian-build-deps.txt")
    {
        chroot_run "$root" apt-get update -q
        chroot_run "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${packages[@]}" ccache dpkg-dev file lintian
        # The root sees the sources without their git folder: --version gets the host's description.
        chroot_run "$root" cmake -S /src -B /build-package -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DOILWATCH_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
            "-DOILWATCH_GIT_DESCRIPTION=$(git -C "$src" describe --always --dirty --tags 2>/dev/null || echo unknown)"
        chroot_run "$root" sh -c "cd /build-package && nice -n 19 ninja -j$jobs && rm -f packages/*.deb &&
            cpack -G DEB"
    } >>"$out/log.txt" 2>&1
    built=$(ls "$root"/build-package/packages/oilwatch_*.deb | head -1)
    cp "$built" "$out/"
    deb=$out/$(basename "$built")
}

# A fresh minbase root of SUITE in $work/<suite>: unpacked from a tarball made by the first debootstrap.
fresh_root() {
    local suite=$1 root=$work/$1 tarball=$work/$1-minbase.tar
    if [ ! -f "$tarball" ]; then
        rm -rf "$root.tmp"
        debootstrap --variant=minbase "$suite" "$root.tmp" "$(debian_mirror)"
        tar -C "$root.tmp" -cf "$tarball" .
        rm -rf "$root.tmp"
    fi
    rm -rf "$root"
    mkdir -p "$root"
    tar -C "$root" -xf "$tarball"
}

# Files (not directories) the package installed, as listed by dpkg before the purge.
package_files() { chroot_run "$1" dpkg -L oilwatch | while read -r f; do [ -d "$1$f" ] || echo "$f"; done; }

runtime_env=(HOME=/root XDG_RUNTIME_DIR=/tmp/runtime-root QT_QPA_PLATFORM=offscreen)

sim_and_fetch() { # in ROOT: oilwatch sim on a free port, oilwatch fetch against it, SIGTERM stops the sim
    local root=$1
    chroot_run "$root" sh -c 'mkdir -p -m 700 /tmp/runtime-root
        oilwatch sim --port 0 >/tmp/sim.out 2>&1 & pid=$!
        for i in $(seq 50); do grep -q "^listening on" /tmp/sim.out && break; sleep 0.1; done
        port=$(sed -n "s/^listening on 127.0.0.1://p" /tmp/sim.out)
        env '"${runtime_env[*]}"' oilwatch fetch BRENT_CRUDE_USD WTI_USD --base-url "http://127.0.0.1:$port" --json \
            >/tmp/fetch.out; status=$?
        kill -TERM $pid; wait $pid; sim_status=$?
        cat /tmp/fetch.out /tmp/sim.out
        [ $status -eq 0 ] && [ $sim_status -eq 0 ] && [ $(grep -c "\"type\":\"quote\"" /tmp/fetch.out) -eq 2 ] &&
            grep -q "^stopped after" /tmp/sim.out'
}

history_rows() { # the stored BRENT_CRUDE_USD history rows in ROOT's /root data folder
    chroot_run "$1" env "${runtime_env[@]}" oilwatch history BRENT_CRUDE_USD --json | grep -c '"type":"history"'
}

desktop_files_in_place() {
    local root=$1 size
    for size in 16 22 24 32 48 64 128 256 512; do
        [ -s "$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" ] || return 1
    done
    [ -s "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" ] &&
        [ -x "$root/usr/bin/oilwatch" ] &&
        desktop-file-validate "$root/usr/share/applications/$app_id.desktop" &&
        appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" &&
        zcat "$root/usr/share/man/man1/oilwatch.1.gz" | grep -q '^\.TH OILWATCH 1' &&
        [ -s "$root/usr/share/doc/oilwatch/copyright" ] &&
        file "$root/usr/bin/oilwatch" | grep -q ', stripped'
}

purge_leaves_nothing() { # purge_leaves_nothing ROOT LIST: purged, and no file of LIST exists in ROOT
    local left=0 f
    chroot_run "$1" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q oilwatch || return 1
    if chroot_run "$1" dpkg-query -W -f '${db:Status-Abbrev}' oilwatch 2>/dev/null | grep -q '^.[^n]'; then
        echo "oilwatch is still known to dpkg"
        return 1
    fi
    while read -r f; do
        if [ -e "$1$f" ] || [ -L "$1$f" ]; then echo "left behind: $f"; left=1; fi
    done <"$2"
    return $left
}

lintian_clean() { # lintian_clean DEB [ROOT]: zero errors; the tags go to $out/lintian.txt
    local deb=$1 root=${2:-}
    if [ -n "$root" ]; then
        cp "$deb" "$root/tmp/"
        chroot_run "$root" lintian --info "/tmp/$(basename "$deb")" >"$out/lintian.txt" 2>&1 || true
    else
        lintian --info "$deb" >"$out/lintian.txt" 2>&1 || true
    fi
    cat "$out/lintian.txt"
    ! grep -q '^E:' "$out/lintian.txt"
}

for suite in "${suites[@]}"; do
    out=$work/results/$suite
    rm -rf "$out"
    mkdir -p "$out"
    echo "== $suite ($(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs)" | tee "$out/summary.txt"
    package_for "$suite" || { failures=$((failures + 1)); continue; }
    note "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"
    note "Depends: $(dpkg-deb -f "$deb" Depends)"
    note "Recommends: $(dpkg-deb -f "$deb" Recommends)  Suggests: $(dpkg-deb -f "$deb" Suggests)"

    fresh_root "$suite" >>"$out/log.txt" 2>&1
    root=$work/$suite
    chroot_enter "$root"
    cp "$deb" "$root/tmp/"
    before=$(chroot_run "$root" dpkg-query -W -f '.\n' | wc -l)
    check "1 apt-get install ./$(basename "$deb") pulls its dependencies" chroot_run "$root" sh -c \
        "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/$(basename "$deb")"
    note "packages in the root: $before before, $(chroot_run "$root" dpkg-query -W -f '.\n' | wc -l) after"

    check "2 oilwatch --version" chroot_run "$root" oilwatch --version
    note "$(chroot_run "$root" oilwatch --version 2>&1 || true)"
    check "2 oilwatch sim + oilwatch fetch against it" sim_and_fetch "$root"
    check "2 oilwatch --demo --screenshot (offscreen)" chroot_run "$root" env "${runtime_env[@]}" \
        oilwatch --demo --screenshot /tmp/screenshot.png --after 4
    cp "$root/tmp/screenshot.png" "$out/screenshot-$suite.png" 2>/dev/null &&
        note "screenshot: $out/screenshot-$suite.png ($(file -b "$out/screenshot-$suite.png" | cut -d, -f2))"

    check "3 .desktop, icons, metainfo, man page, copyright in place and valid; binary stripped" \
        desktop_files_in_place "$root"

    rows=$(history_rows "$root" || true)
    upgraded="$out/upgrade/oilwatch_$(dpkg-deb -f "$deb" Version)+upgrade_$(dpkg-deb -f "$deb" Architecture).deb"
    # The same contents under a higher version: dpkg runs a real upgrade. User data must come through it.
    mkdir -p "$out/upgrade/pkg" && dpkg-deb -R "$deb" "$out/upgrade/pkg" &&
        sed -i "s/^Version: .*/&+upgrade/" "$out/upgrade/pkg/DEBIAN/control" &&
        dpkg-deb -b "$out/upgrade/pkg" "$upgraded" >>"$out/log.txt" 2>&1
    cp "$upgraded" "$root/tmp/"
    check "4 an upgrade keeps the cache and history ($rows history rows before)" chroot_run "$root" sh -c \
        "apt-get install -y -q /tmp/$(basename "$upgraded") && dpkg-query -W oilwatch | grep -q +upgrade &&
         test -s /root/.local/share/OilWatch/OilWatch/cache.sqlite &&
         test \$(env ${runtime_env[*]} oilwatch history BRENT_CRUDE_USD --json | grep -c '\"type\":\"history\"') -ge $rows &&
         test $rows -gt 0"
    package_files "$root" >"$out/files.txt"
    note "the package installs $(wc -l <"$out/files.txt") files"
    check "4 apt-get remove --purge leaves no file behind" purge_leaves_nothing "$root" "$out/files.txt"

    if [ "$suite" = "$host_suite" ]; then
        check "5 lintian ($(lintian --version)): zero errors" lintian_clean "$deb"
        rpm=$(ls -t "$src"/build/release/packages/oilwatch-*.rpm 2>/dev/null | head -1 || true)
        if [ -n "$rpm" ]; then
            rpmlint "$rpm" >"$out/rpmlint.txt" 2>&1 || true
            rpm -qpR "$rpm" >"$out/rpm-requires.txt" 2>&1 || true
            # An unsigned package is what CPack makes; signing belongs to the release (docs/PACKAGING.md).
            check "5 rpmlint: no error but no-signature" sh -c \
                "cat '$out/rpmlint.txt'; ! grep ': E: ' '$out/rpmlint.txt' | grep -v ': E: no-signature'"
            grep -E ': [EW]: ' "$out/rpmlint.txt" | sed 's/^/      /' | tee -a "$out/summary.txt" || true
            note "rpm -qpR: $(tr '\n' ' ' <"$out/rpm-requires.txt")"
        fi
    else
        build_root=/var/tmp/oilwatch-$suite
        check "5 lintian ($(chroot_run "$build_root" lintian --version)): zero errors" \
            lintian_clean "$deb" "$build_root"
    fi
    grep -E '^[EWI]:' "$out/lintian.txt" | sed 's/^/      /' | tee -a "$out/summary.txt" || true
    chroot_cleanup
done

echo "verify-install.sh: $failures failed check(s); results in $work/results/"
[ "$failures" -eq 0 ]
