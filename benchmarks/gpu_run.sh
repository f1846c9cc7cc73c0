#!/usr/bin/env bash
# One prepared GPU session (device tool): pretrain the bundled model on the GPU with the shipped recipe,
# then the SD 1.5-architecture GPU benchmark, each under a wall-clock guard. Results go to $OUT.
set -uo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 T2I_HOME=$PWD/.gpu_home PYTHONPATH=$PWD
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=$PWD:/tmp/site
nvidia-smi --query-gpu=name,memory.total --format=csv | tee "$OUT/gpu.txt"
python3 -c "import torch, diffusers, transformers; print(torch.__version__, diffusers.__version__, transformers.__version__)" | tee -a "$OUT/gpu.txt"
# 1. bundled model: ~4 minutes of training at most (data, VAE, denoiser), the recipe's steps shortened only if too slow
timeout 300 python3 -m t2i_nb.bundled --config t2i_nb/configs/bundled.yaml --num_proc 12 --max_minutes ${BUNDLED_MINUTES:-3.6} \
  --out /tmp/tiny-sd --work_dir /tmp/bw 2> "$OUT/bundled.log"
echo "bundled rc=$?" | tee -a "$OUT/gpu.txt"; tail -3 "$OUT/bundled.log"
if [ -f /tmp/tiny-sd/model_index.json ]; then
  (cd /tmp && tar cf - tiny-sd) | split -b 15m - "$OUT/tiny-sd.tar.part-"
fi
# 2. SD 1.5 GPU benchmark in what time is left
timeout ${BENCH_SECONDS:-100} python3 -m t2i_nb.bench gpu --quick --out "$OUT" > "$OUT/bench.log" 2>&1
echo "bench rc=$?" | tee -a "$OUT/gpu.txt"; tail -5 "$OUT/bench.log"
ls -la "$OUT"
