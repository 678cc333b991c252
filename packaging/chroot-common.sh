# shellcheck shell=bash
# Helpers for the scripts that work in debootstrap roots (check-newer-qt.sh, verify-install.sh). Sourced, not
# run. Needs root. Every mount made here is undone when the sourcing script exits (chroot_cleanup, on EXIT).

# The first Debian mirror in the host's apt sources, else deb.debian.org; DEBIAN_MIRROR overrides both.
debian_mirror() {
    if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
    local found
    found=$( (grep -rhoE 'https?://[^ ]*/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ \
        2>/dev/null || true) | head -1 | tr -d ' ')
    echo "${found:-http://deb.debian.org/debian}"
}

# make_root SUITE DIR: a minbase debootstrap root in DIR, unless DIR already has one.
make_root() {
    [ -x "$2/usr/bin/apt-get" ] && return 0
    command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap
    debootstrap --variant=minbase "$1" "$2" "$(debian_mirror)"
}

chroot_mounts=()
chroot_cleanup() {
    local i
    for ((i = ${#chroot_mounts[@]} - 1; i >= 0; i--)); do umount "${chroot_mounts[i]}" || true; done
    chroot_mounts=()
}
trap chroot_cleanup EXIT
# A killed script must unmount too: turn the signals into an exit, which runs the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

# chroot_bind ROOT SOURCE TARGET_INSIDE_ROOT
chroot_bind() {
    mkdir -p "$1$3"
    mountpoint -q "$1$3" || { mount --bind "$2" "$1$3" && chroot_mounts+=("$1$3"); }
}

# chroot_enter ROOT: /dev, /dev/pts, /proc and DNS inside ROOT, for apt and for the programs run there.
chroot_enter() {
    chroot_bind "$1" /dev /dev
    chroot_bind "$1" /dev/pts /dev/pts
    mkdir -p "$1/proc"
    mountpoint -q "$1/proc" || { mount -t proc proc "$1/proc" && chroot_mounts+=("$1/proc"); }
    cp /etc/resolv.conf "$1/etc/resolv.conf"
}

# chroot_run ROOT COMMAND...: COMMAND in ROOT with a clean environment.
chroot_run() {
    local root=$1
    shift
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# package_list FILE...: the package names in lists like debian-build-deps.txt (comments and blanks dropped).
package_list() {
    cat "$@" | grep -v '^\s*#' | grep -v '^\s*$'
}
