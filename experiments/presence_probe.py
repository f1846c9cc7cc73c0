"""Two-object presence of a model on the base vocabulary, at seeds other than ShapesBench's held-out ones, per sampler.

    python experiments/presence_probe.py MODEL [--seed 7000] [--n_per_set 72] [--samplers ddim20 dpm20 ...]

For picking settings or comparing candidates without touching the held-out seeds (ShapesBench's default 1000+).
Prints one JSON line per sampler: presence over the two, binding and spatial sets (3 x n_per_set prompts), how
often each kind was missing, and the commonest readings when it was.
"""

import argparse
import collections
import json
import time

SAMPLERS = {
    'ddim20': ('DDIMScheduler', {}, 20),
    'ddim50': ('DDIMScheduler', {}, 50),
    'dpm20': ('DPMSolverMultistepScheduler', {}, 20),
    'euler_a30': ('EulerAncestralDiscreteScheduler', {}, 30),
    'ddim20_trailing': ('DDIMScheduler', dict(timestep_spacing='trailing'), 20),
}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('model')
    p.add_argument('--seed', type=int, default=7000)
    p.add_argument('--n_per_set', type=int, default=72)
    p.add_argument('--samplers', nargs='+', default=['ddim20'], choices=sorted(SAMPLERS))
    a = p.parse_args(argv)
    import diffusers
    from t2i_nb.models import load_pipeline
    from t2i_nb.shapes import shapesbench, BASE_VOCAB

    pipe = load_pipeline(a.model, device='cpu')
    base = pipe.scheduler.config
    for name in a.samplers:
        cls, kw, steps = SAMPLERS[name]
        pipe.scheduler = getattr(diffusers, cls).from_config(base, **kw)
        t0 = time.time()
        r = shapesbench(
            pipe, sets=('two', 'binding', 'spatial'), n_per_set=a.n_per_set, seed=a.seed, steps=steps, **BASE_VOCAB
        )
        miss, tot, reads = collections.Counter(), collections.Counter(), collections.Counter()
        for it in r['items']:
            got = [d[1] for d in it['detected'][:2]]
            for _, k in it['objects']:
                tot[k] += 1
                if k not in got:
                    miss[k] += 1
                    reads[f"{k} -> {'+'.join(d[1] for d in it['detected']) or 'nothing'}"] += 1
        print(
            json.dumps(
                dict(
                    model=a.model,
                    sampler=name,
                    seed=a.seed,
                    n=len(r['items']),
                    presence=round(r['summary']['two_object_presence'], 4),
                    missing={k: f'{miss[k]}/{tot[k]}' for k in sorted(tot)},
                    commonest_misreads=dict(reads.most_common(5)),
                    seconds=round(time.time() - t0),
                )
            ),
            flush=True,
        )


if __name__ == '__main__':
    main()
