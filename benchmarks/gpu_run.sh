#!/usr/bin/env bash
# One prepared GPU session (device tool), everything under wall-clock guards; results tarred into $OUT.
#  1. bundled-model candidates trained side by side (the GPU is launch-bound at this model size):
#     A/B/D reuse the shipped VAE (two-stage recipe; B/D with a 4x wider UNet), C is the whole recipe from scratch;
#     meanwhile the `#| cuda` cells of 03_train (SD 1.5 step under 24 GB) and 04_attention (fp16) run;
#  2. ShapesBench of each candidate; 3. the SD 1.5 benchmark (`python -m t2i_nb.bench gpu`), alone on the GPU.
set -uo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 T2I_HOME=$PWD/.gpu_home OMP_NUM_THREADS=3
OUT=${OUT:-/tmp/out}; R=/tmp/res; mkdir -p "$OUT" $R
MINUTES=${MINUTES:-4.2}; N=${N_IMAGES:-40000}; PROCS=${PROCS:-12}; DEV=${DEV:-cuda}
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=$PWD:/tmp/site
{ nvidia-smi --query-gpu=name,memory.total --format=csv; python3 -c "import torch, diffusers, transformers, pyarrow; print(torch.__version__, diffusers.__version__, transformers.__version__, pyarrow.__version__)"; } > $R/gpu.txt 2>&1
t0=$SECONDS; say() { echo "[$((SECONDS-t0))s] $*" | tee -a $R/gpu.txt; }
timeout 90 python3 -c "from t2i_nb.bundled import BundledConfig, _make_base_parts; from pathlib import Path; _make_base_parts(BundledConfig(n_images=$N, num_proc=$PROCS), Path('/tmp/bw/base'))"; say "data rc=$?"
common="--n_images $N --work_dir /tmp/bw --max_minutes $MINUTES --save_dtype float16 --device $DEV"
v() { local name=$1; shift; timeout $(python3 -c "print(int($MINUTES*60+40))") python3 -m t2i_nb.bundled $common --out $R/$name "$@" ${EXTRA:-} > $R/$name.log 2>&1; say "$name rc=$?"; }
[[ " ${VARIANTS:-A B C D} " == *" A "* ]] && v A --vae_from t2i_nb/assets/tiny-sd --batch 512 --lr 1e-3 --unet_steps ${STEPS:-20000} &
[[ " ${VARIANTS:-A B C D} " == *" B "* ]] && v B --vae_from t2i_nb/assets/tiny-sd --unet_channels '[64, 128, 128]' --batch 512 --lr 5e-4 --unet_steps ${STEPS:-20000} &
[[ " ${VARIANTS:-A B C D} " == *" C "* ]] && v C --batch 512 --lr 1e-3 --unet_steps ${STEPS:-20000} --vae_batch 128 --vae_steps ${VSTEPS:-3000} &
[[ " ${VARIANTS:-A B C D} " == *" D "* ]] && v D --vae_from t2i_nb/assets/tiny-sd --unet_channels '[64, 128, 128]' --batch 512 --lr 1e-3 --unet_steps ${STEPS:-20000} &
if [ "$DEV" = cuda ]; then
  (timeout 200 python3 tools/run_cells.py nbs/03_train.ipynb --flags cuda --only-flagged > $R/cuda_03.log 2>&1; say "cuda 03_train rc=$?") &
  [ "${CUDA04:-1}" = 1 ] && (timeout 240 python3 tools/run_cells.py nbs/04_attention.ipynb --flags cuda > $R/cuda_04.log 2>&1; say "cuda 04_attention rc=$?") &
fi
wait
for m in A B C D; do [ -f $R/$m/model_index.json ] && (timeout 120 python3 benchmarks/shapes_eval.py $R/eval $R/$m --device $DEV --n_per_set ${NPS:-24} > $R/eval_$m.log 2>&1; say "eval $m rc=$?") & done
[ "${EVAL_SHIPPED:-1}" = 1 ] && (timeout 120 python3 benchmarks/shapes_eval.py $R/eval t2i_nb/assets/tiny-sd --device $DEV --n_per_set ${NPS:-24} > $R/eval_shipped.log 2>&1; say "eval shipped rc=$?") &
wait
cat $R/eval_*.log | grep -v Warn >> $R/gpu.txt
if [ "$DEV" = cuda ] && [ "${BENCH:-1}" = 1 ]; then timeout ${BENCH_SECONDS:-150} python3 -m t2i_nb.bench gpu --quick --out $R > $R/bench.log 2>&1; say "bench rc=$?"; fi
rm -rf /tmp/bw
(cd /tmp && tar cf - --exclude='*/tokenizer' --exclude=res/A/vae --exclude=res/B/vae --exclude=res/D/vae res) | split -b 15m - "$OUT/res.tar.part-"
cat $R/gpu.txt; tail -3 $R/bench.log 2>/dev/null; ls -la "$OUT"
