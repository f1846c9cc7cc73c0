#!/usr/bin/env bash
# One prepared GPU session (device tool), every phase under a wall-clock guard; results come back through $OUT.
#  1. the SD 1.5 benchmark (`python -m t2i_nb.bench gpu --quick`) while the base shapes data is written (CPU);
#  2. bundled-model candidates trained side by side (the GPU is launch-bound at this model size), each time-capped:
#     A/B continue the shipped model (UNet + text encoder; its VAE kept) at batch 512 / 1024,
#     C/D train a fresh 4x wider / same-size UNet + text encoder on the shipped VAE;
#     meanwhile the `#| cuda` cells of 04_train (SD 1.5 step under 24 GB) and 05_attention (fp16) run;
#  3. ShapesBench (n per set NPS) of each candidate and of the shipped model.
# Models (float16 storage, without tokenizer and VAE: both are the shipped ones) are packed as soon as training ends.
set -uo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 T2I_HOME=$PWD/.gpu_home OMP_NUM_THREADS=3
OUT=${OUT:-/tmp/out}; R=/tmp/res; mkdir -p "$OUT" $R
MINUTES=${MINUTES:-4}; N=${N_IMAGES:-100000}; PROCS=${PROCS:-10}; DEV=${DEV:-cuda}; SHIPPED=t2i_nb/assets/tiny-sd
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=$PWD:/tmp/site
{ nvidia-smi --query-gpu=name,memory.total --format=csv; python3 -c "import torch, diffusers, transformers, pyarrow; print(torch.__version__, diffusers.__version__, transformers.__version__, pyarrow.__version__)"; } > $R/gpu.txt 2>&1
t0=$SECONDS; say() { echo "[$((SECONDS-t0))s] $*" | tee -a $R/gpu.txt; }
if [ "$DEV" = cuda ] && [ "${BENCH:-1}" = 1 ]; then (timeout ${BENCH_SECONDS:-120} python3 -m t2i_nb.bench gpu --quick --out $R > $R/bench.log 2>&1; say "bench rc=$?") & fi
(timeout 150 python3 -c "from t2i_nb.bundled import BundledConfig, make_base_parts; from pathlib import Path; make_base_parts(BundledConfig(n_images=$N, num_proc=$PROCS), Path('/tmp/bw/base'))"; say "data rc=$?") &
wait
common="--n_images $N --work_dir /tmp/bw --max_minutes $MINUTES --save_dtype float16 --device $DEV --decoder_steps 0"
v() { local name=$1; shift; timeout $(python3 -c "print(int($MINUTES*60+45))") python3 -m t2i_nb.bundled $common --out $R/$name "$@" ${EXTRA:-} > $R/$name.log 2>&1; say "$name rc=$?"; }
cont="--start_from $SHIPPED --continue_steps ${STEPS:-40000}"
fresh="--vae_from $SHIPPED --unet_steps ${STEPS:-40000}"
[[ " ${VARIANTS:-A B C D} " == *" A "* ]] && v A $cont --continue_batch 512 --continue_lr 3e-4 &
[[ " ${VARIANTS:-A B C D} " == *" B "* ]] && v B $cont --continue_batch 1024 --continue_lr 5e-4 &
[[ " ${VARIANTS:-A B C D} " == *" C "* ]] && v C $fresh --unet_channels '[64, 128, 128]' --batch 512 --lr 1e-3 &
[[ " ${VARIANTS:-A B C D} " == *" D "* ]] && v D $fresh --batch 1024 --lr 1e-3 &
if [ "$DEV" = cuda ]; then
  (timeout 200 python3 tools/run_cells.py nbs/04_train.ipynb --flags cuda --only-flagged > $R/cuda_04.log 2>&1; say "cuda 04_train rc=$?") &
  [ "${CUDA04:-1}" = 1 ] && (timeout 240 python3 tools/run_cells.py nbs/05_attention.ipynb --flags cuda > $R/cuda_05.log 2>&1; say "cuda 05_attention rc=$?") &
fi
wait
(cd /tmp && tar cf - --exclude='*/tokenizer' --exclude='*/vae' --exclude='*/scheduler' res/[ABCD]) | split -b 15m - "$OUT/models.tar.part-"
for m in A B C D; do [ -f $R/$m/model_index.json ] && (timeout ${EVAL_SECONDS:-100} python3 benchmarks/shapes_eval.py $R/eval $R/$m --device $DEV --n_per_set ${NPS:-24} > $R/eval_$m.log 2>&1; say "eval $m rc=$?") & done
[ "${EVAL_SHIPPED:-1}" = 1 ] && (timeout ${EVAL_SECONDS:-100} python3 benchmarks/shapes_eval.py $R/eval $SHIPPED --device $DEV --n_per_set ${NPS:-24} > $R/eval_shipped.log 2>&1; say "eval shipped rc=$?") &
wait
cat $R/eval_*.log | grep -v Warn >> $R/gpu.txt
rm -rf /tmp/bw
(cd /tmp && tar czf "$OUT/logs.tgz" --exclude='res/[ABCD]' res)
cat $R/gpu.txt; tail -3 $R/bench.log 2>/dev/null; ls -la "$OUT"
