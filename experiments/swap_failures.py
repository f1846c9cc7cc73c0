"""Why prompt-to-prompt colour swaps fail on a model: the swap part of `attention_shapesbench`, one JSON line
per config.

    python experiments/swap_failures.py [--model bundled] [--seeds 0 10] [--steps 20] \
        [--configs '[{}, {"self_steps": 0.6}]']

Each config is a dict of extra `Edit` options (on top of `blend=[shape]`). Each line has the swap success rate (new
colour and mask IoU >= 0.7), the mean IoU, the mean local-blend mask coverage, and `swap_failures`: how many sources
lacked the shape, targets lost it, were resized or moved (IoU < 0.7) or were read as another colour.
"""

import argparse
import json
import time


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='bundled')
    p.add_argument('--seeds', type=int, nargs=2, default=(0, 10))
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--configs', default='[{}]')
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.bench import attention_shapesbench

    pipe = load_pipeline(a.model, device='cpu')
    for cfg in json.loads(a.configs):
        t0 = time.time()
        r = attention_shapesbench(
            pipe, seeds=a.seeds[1] - a.seeds[0], first_seed=a.seeds[0], steps=a.steps, edit_kw=cfg, presence=False
        )
        print(json.dumps(dict(config=cfg, seeds=list(a.seeds), **r, seconds=round(time.time() - t0))), flush=True)


if __name__ == '__main__':
    main()
