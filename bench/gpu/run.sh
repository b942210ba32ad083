#!/usr/bin/env bash
# Runs the GPU bundle on the GPU machine: the GPU test suites, training on
# the Fashion-MNIST subset, and the GPU benchmark beside PyTorch's figures.
#   run.sh [data folder for the CNN: the bundle's subset by default]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export KILN_CACHE_DIR=$here/cache
status=0
step() { printf "\n===== %s\n" "$*"; timeout 200 "$@" || status=1; }
step nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
step "$here/bin/kiln-gpu-runtime-tests"
step "$here/bin/kiln-gpu-tests"
cd "$here"
step "$here/bin/kiln-fashion-mnist" --data "$here/data" --device cuda \
  --model mlp --epochs 8 --lr 0.002
step "$here/bin/kiln-fashion-mnist" --data "${1:-$here/data}" --device cuda \
  --model cnn --epochs 3
step "$here/bin/kiln-fashion-mnist" --data "$here/data" --device cuda \
  --model cnn --evaluate
step "$here/bin/kiln-gpu-bench"
# Again in a new process: every program now comes from the disk cache.
step "$here/bin/kiln-gpu-bench"
step python3 "$here/torch_bench.py"
exit $status
