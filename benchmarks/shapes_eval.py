"""ShapesBench of one or more model folders, one JSON per model (used to compare bundled-model candidates).

    python benchmarks/shapes_eval.py OUT_DIR MODEL_DIR... [--device cuda]

Scores: `shapesbench(pipe, n_per_set=24, steps=20, concepts=NEW_KINDS+NEW_COLOURS)` (the README's protocol), the same
on the base vocabulary only (no star, no orange: the concepts the bundled base model was trained on, `base_vocab`
in the JSON), and "a red circle" at 30 steps for seeds 0-9 (the `t2i-generate` check), all judged by the oracle.
"""

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('out')
    p.add_argument('models', nargs='+')
    p.add_argument('--device', default=None)
    p.add_argument('--n_per_set', type=int, default=24)
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.shapes import (
        shapesbench,
        shapesbench_markdown,
        NEW_KINDS,
        NEW_COLOURS,
        BASE_VOCAB as base_vocab,
        detect,
    )
    from t2i_nb.generate import generate

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for m in a.models:
        t0 = time.time()
        pipe = load_pipeline(m, device=a.device)
        r = shapesbench(pipe, n_per_set=a.n_per_set, steps=20, concepts=NEW_KINDS + NEW_COLOURS)
        rb = shapesbench(pipe, n_per_set=a.n_per_set, steps=20, **base_vocab)
        reds = []
        for s in range(10):
            img = generate(pipe, 'a red circle', steps=30, seed=s).images[0]
            reds.append([(o.colour, o.kind) for o in detect(img)])
        ok = sum(1 for d in reds if d and d[0] == ('red', 'circle'))  # the largest object read is a red circle
        res = dict(
            model=m,
            device=a.device,
            summary=r['summary'],
            sets=r['sets'],
            base_vocab=dict(vocabulary=base_vocab, summary=rb['summary'], sets=rb['sets']),
            red_circle=ok,
            red_circle_detections=reds,
            seconds=time.time() - t0,
        )
        name = Path(m).name
        (out / f'{name}.json').write_text(json.dumps(res, indent=1, default=str))
        (out / f'{name}.md').write_text(
            shapesbench_markdown(r)
            + '\n\n## Base vocabulary only (no '
            + ', '.join(NEW_KINDS + NEW_COLOURS)
            + ')\n\n'
            + shapesbench_markdown(rb)
        )
        print(
            name,
            json.dumps(r['summary']),
            'base vocabulary',
            json.dumps(rb['summary']),
            'red circle',
            ok,
            '/ 10',
            f'{time.time() - t0:.0f}s',
            flush=True,
        )


if __name__ == '__main__':
    sys.exit(main())
