"""Fine-tuning variants of the quickstart's training stage, each scored on the new concepts' own prompts.

    python experiments/quickstart_variants.py QUICKSTART_DIR OUT.jsonl --repeats 3 --seed 1 [--steps 300 --lr 1e-3]

QUICKSTART_DIR is a finished `t2i-quickstart --out DIR` folder: its `work/curated` (hybrid shapes with cached
latents) and `work/base-decoder` (the bundled model with the adapted decoder) are reused, so a variant costs only
its training (about 6 minutes on 2 cores) and the scoring. Training is the quickstart's `TrainConfig` (UNet and
text encoder, batch 64, cached latents) with `concept_repeats={'star': R, 'orange': R}` and the given seed.
Scoring: `shapesbench` single-object prompts, `--prompts` per new concept (a star of every colour, every kind in
orange), 15 steps, the benchmark's fixed seeds; per concept the accuracy and what the oracle read instead.
One JSON line per variant is appended to OUT.jsonl.
"""

import argparse
import collections
import json
import sys
import time
from pathlib import Path


def score(pipe, n: int) -> dict:
    from t2i_nb.shapes import shapesbench

    out = {}
    for name, vocab, attr in (('star', dict(kinds=['star']), 1), ('orange', dict(colours=['orange']), 0)):
        r = shapesbench(pipe, sets=('single',), n_per_set=n, steps=15, **vocab)
        read = collections.Counter(it['detected'][0][attr] if it['detected'] else 'none' for it in r['items'])
        out[name] = dict(acc=r['per_concept'][name]['acc'], read=dict(read.most_common()))
    out['pooled'] = (out['star']['acc'] + out['orange']['acc']) / 2
    return out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('quickstart_dir')
    p.add_argument('out')
    p.add_argument('--repeats', type=int, default=1)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--prompts', type=int, default=48)
    a = p.parse_args(argv)
    from t2i_nb.train import TrainConfig, train
    from t2i_nb.models import load_pipeline

    q = Path(a.quickstart_dir) / 'work'
    tag = f'r{a.repeats}_s{a.seed}_n{a.steps}_lr{a.lr:g}'
    run_dir = Path(a.out).parent / f'variant_{tag}'
    t0 = time.time()
    cfg = TrainConfig(
        model=str(q / 'base-decoder'),
        dataset=str(q / 'curated'),
        resolution=64,
        random_flip=False,
        train_batch_size=64,
        max_train_steps=a.steps,
        learning_rate=a.lr,
        lr_warmup_steps=max(1, a.steps // 10),
        mixed_precision='no',
        gradient_checkpointing=False,
        use_8bit_adam=False,
        use_ema=False,
        device='cpu',
        seed=a.seed,
        output_dir=str(run_dir),
        run_name=tag,
        checkpointing_steps=a.steps,
        checkpoints_total_limit=1,
        validation_steps=0,
        validation_prompts=('a orange star',),
        validation_inference_steps=5,
        tracking_uri='off',
        log_model=False,
        train_text_encoder=True,
        concept_repeats={'star': a.repeats, 'orange': a.repeats} if a.repeats > 1 else {},
    )
    res = train(cfg, progress=False)
    train_s = time.time() - t0
    rec = dict(
        variant=tag,
        repeats=a.repeats,
        seed=a.seed,
        steps=a.steps,
        lr=a.lr,
        prompts_per_concept=a.prompts,
        train_s=round(train_s),
        **score(load_pipeline(res['pipeline_dir']), a.prompts),
    )
    with open(a.out, 'a') as f:
        f.write(json.dumps(rec) + '\n')
    print(json.dumps(rec))


if __name__ == '__main__':
    sys.exit(main())
