#!/bin/sh
# Compiles the kernels to PTX for the cuda accelerator (#9), run by the build (gpu-service/pom.xml).
# Usage: build-ptx.sh <source dir> <output dir>
# nvcc is taken from $NVCC, else the PATH, else /usr/local/cuda/bin. Without nvcc this says so and
# succeeds: the jar then holds no PTX and the cuda accelerator falls back to cpu at start-up.
# PTX_ARCH (default compute_75, the oldest nvcc 13 accepts) is the virtual architecture; the
# driver JIT-compiles it for the device at load time.
set -eu
src="$1"
out="$2"
nvcc="${NVCC:-$(command -v nvcc || true)}"
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then
  nvcc=/usr/local/cuda/bin/nvcc
fi
if [ -z "$nvcc" ]; then
  echo "[ptx] nvcc not found: kernels not compiled; the cuda accelerator will fall back to cpu"
  exit 0
fi
arch="${PTX_ARCH:-compute_75}"
mkdir -p "$out"
# Distances in float: fused multiply-add is welcome.
"$nvcc" -ptx -O3 -arch="$arch" -o "$out/knn.ptx" "$src/knn.cu"
# Geo in double without FMA, so that it rounds as Java does (exact point-in-polygon answers).
"$nvcc" -ptx -O3 -arch="$arch" --fmad=false -o "$out/geo.ptx" "$src/geo.cu"
echo "[ptx] $("$nvcc" --version | tail -1): knn.ptx, geo.ptx for $arch in $out"
