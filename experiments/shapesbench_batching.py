"""ShapesBench with prompts denoised one at a time vs in batches: time and metrics on the bundled model (CPU).

    python experiments/shapesbench_batching.py [--n_per_set 12] [--steps 15] [--sizes 1 8 16 32]

Each item keeps its own seeded generator, so the batch size should change the time and nothing the oracle reads.
One line per batch size: seconds and the summary metrics.
"""

import argparse
import json
import time


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--n_per_set', type=int, default=12)
    p.add_argument('--steps', type=int, default=15)
    p.add_argument('--sizes', type=int, nargs='+', default=[1, 8, 16, 32])
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.shapes import shapesbench

    pipe = load_pipeline('bundled')
    shapesbench(pipe, n_per_set=2, steps=2)  # warm-up
    for bs in a.sizes:
        t = time.time()
        r = shapesbench(pipe, n_per_set=a.n_per_set, steps=a.steps, batch_size=bs)
        print(
            json.dumps(
                dict(
                    batch_size=bs,
                    prompts=r['n'],
                    seconds=round(time.time() - t, 1),
                    summary={k: round(v, 3) for k, v in r['summary'].items() if v is not None},
                )
            ),
            flush=True,
        )


if __name__ == '__main__':
    main()
