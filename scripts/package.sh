#!/usr/bin/env bash
# Builds the Debian package with CPack from the release build: build/release/package/
# csae-studio_<version>_<arch>.deb with csae and csae-studio in /usr/bin, the .desktop file, the
# icon, the AppStream metainfo, the MIME type of checkpoints, the presets, the study presets, the
# demo sessions and the man page csae(1); the German translation is compiled into csae-studio.
# Its dependencies are computed from the binaries (dpkg-shlibdeps) plus OpenBLAS and Qt's
# platform plugins.
# Usage: scripts/package.sh [--install-check]
#   --install-check  then installs it with `apt-get install ./csae-studio_*.deb` (as root), runs
#                    /usr/bin/csae --help, /usr/bin/csae presets and /usr/bin/csae-studio --help, and
#                    removes the package again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
out="$root/build/release/package"
mkdir -p "$out"
(cd "$root/build/release" && cpack -G DEB -B "$out" >/dev/null)
deb="$(ls -t "$out"/csae-studio_*.deb | head -1)"
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
[[ "${1:-}" == "--install-check" ]] || exit 0

sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
trap '"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq csae-studio >/dev/null' EXIT
/usr/bin/csae --help | head -1
/usr/bin/csae presets | tail -1
QT_QPA_PLATFORM=offscreen /usr/bin/csae-studio --help | head -1
appstreamcli validate --no-net /usr/share/metainfo/org.csae.Studio.metainfo.xml | tail -1
echo "package: installed, started from /usr/bin and removed again"
