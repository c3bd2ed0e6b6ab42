#!/usr/bin/env bash
# Builds the Debian package with CPack from the release build: build/release/package/
# csae-studio_<version>_<arch>.deb with csae and csae-studio in /usr/bin, the .desktop file, the
# icon, the AppStream metainfo, the MIME type of checkpoints, the presets, the study presets, the
# demo sessions and the man page csae(1); the German translation is compiled into csae-studio.
# Its dependencies are computed from the binaries (dpkg-shlibdeps) plus OpenBLAS and Qt's
# platform plugins.
# Usage: scripts/package.sh [--install-check | --chroot-check]
#   --install-check  then installs it with `apt-get install ./csae-studio_*.deb` (as root), runs
#                    /usr/bin/csae --help, /usr/bin/csae presets and /usr/bin/csae-studio --help, and
#                    removes the package again.
#   --chroot-check   then does the same in a fresh minimal Debian 12 (debootstrap --variant=minbase
#                    bookworm into build/chroot-bookworm, from this machine's apt mirror; sudo when
#                    not root):
#                    only what the package's dependencies pull in is there. The bootstrapped system
#                    is kept and reused; delete the folder for a fresh one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
out="$root/build/release/package"
mkdir -p "$out"
(cd "$root/build/release" && cpack -G DEB -B "$out" >/dev/null)
deb="$(ls -t "$out"/csae-studio_*.deb | head -1)"
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
if [[ "${1:-}" == "--chroot-check" ]]; then
    command -v debootstrap >/dev/null ||
        "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    jail="$root/build/chroot-bookworm"
    mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    # A stamp, written only after debootstrap succeeded: an interrupted bootstrap is redone.
    if [[ ! -f "$jail/.bootstrapped" ]]; then
        if findmnt -rn -o TARGET | grep -q "^$jail/"; then
            echo "package.sh: $jail has file systems mounted inside; unmount them first" >&2; exit 1
        fi
        "${sudo_cmd[@]}" rm -rf "$jail"
        "${sudo_cmd[@]}" debootstrap --variant=minbase bookworm "$jail" "$mirror" >"$out/debootstrap.log" 2>&1 ||
            { echo "debootstrap failed: see $out/debootstrap.log" >&2; exit 1; }
        "${sudo_cmd[@]}" touch "$jail/.bootstrapped"
    fi
    in_jail=("${sudo_cmd[@]}" chroot "$jail" env DEBIAN_FRONTEND=noninteractive)
    mountpoint -q "$jail/proc" || "${sudo_cmd[@]}" mount -t proc proc "$jail/proc"
    trap '"${sudo_cmd[@]}" umount "$jail/proc"' EXIT
    name="$(basename "$deb")"
    "${sudo_cmd[@]}" cp "$deb" "$jail/tmp/$name"
    "${in_jail[@]}" apt-get update -qq
    # An earlier check's package and the dependencies it pulled in go first, so that this one
    # installs everything afresh and a dependency missing from Depends shows.
    "${in_jail[@]}" apt-get purge -y -qq --autoremove csae-studio >/dev/null 2>&1 || true
    "${in_jail[@]}" apt-get install -y -qq --no-install-recommends "/tmp/$name" >"$out/chroot-install.log" 2>&1 ||
        { echo "apt-get install failed: see $out/chroot-install.log" >&2; exit 1; }
    echo "chroot: $("${in_jail[@]}" dpkg-query -W -f '${Package} ${Version}' csae-studio) installed into a fresh" \
        "Debian $(cat "$jail/etc/debian_version") (minbase; $("${in_jail[@]}" dpkg-query -W -f '.\n' | wc -l) packages)"
    "${in_jail[@]}" /usr/bin/csae --help | head -1
    "${in_jail[@]}" /usr/bin/csae presets | tail -1
    "${in_jail[@]}" QT_QPA_PLATFORM=offscreen /usr/bin/csae-studio --help | head -1
    "${in_jail[@]}" test -f /usr/share/man/man1/csae.1
    "${in_jail[@]}" test -f /usr/share/applications/csae-studio.desktop
    echo "package: installed with apt into a fresh Debian 12 and started from /usr/bin"
    exit 0
fi
[[ "${1:-}" == "--install-check" ]] || exit 0

"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
trap '"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq csae-studio >/dev/null' EXIT
/usr/bin/csae --help | head -1
/usr/bin/csae presets | tail -1
QT_QPA_PLATFORM=offscreen /usr/bin/csae-studio --help | head -1
appstreamcli validate --no-net /usr/share/metainfo/org.csae.Studio.metainfo.xml | tail -1
echo "package: installed, started from /usr/bin and removed again"
