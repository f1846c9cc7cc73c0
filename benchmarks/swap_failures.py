"""Why prompt-to-prompt colour swaps fail on a model: the swaps of `attention_shapesbench`, with each failure's reason counted.

    python benchmarks/swap_failures.py [--model bundled] [--seeds 0 10] [--steps 20] [--configs '[{}, {"self_steps": 0.6}]']

Each config is a dict of `Edit` options (on top of `blend=[shape]`); one JSON line per config: success rate (new colour
and mask IoU >= 0.7, as `attention_shapesbench` counts it), mean IoU, mean local-blend mask coverage, and the failures:
`src_missing` (the source image lacks the shape), `tgt_missing` (the target lost it), `colour=X` (read as X),
`iou<.7` (kept but resized or moved). A swap can fail for both of the last two reasons.
"""
import argparse, itertools, json, statistics, time, warnings
from collections import Counter

def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='bundled'); p.add_argument('--seeds', type=int, nargs=2, default=(0, 10))
    p.add_argument('--steps', type=int, default=20); p.add_argument('--configs', default='[{}]')
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.attention import generate, Edit, _iou, _get
    from t2i_nb.shapes import detect
    pipe = load_pipeline(a.model, device='cpu')
    swaps, shapes_ = (('red', 'blue'), ('blue', 'green'), ('green', 'red')), ('circle', 'square', 'triangle')
    for cfg in json.loads(a.configs):
        t0, fail, ok, tot, ious, cover = time.time(), Counter(), 0, 0, [], []
        for (c0, c1), shp, s in itertools.product(swaps, shapes_, range(*a.seeds)):
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                r = generate(pipe, f'a {c0} {shp}', steps=a.steps, guidance=7.5, seed=s, edit=Edit(f'a {c1} {shp}', **{'blend': [shp], **cfg}))
            if r.blend_coverage: cover.append(statistics.mean(r.blend_coverage))
            o0 = [o for o in detect(r.source_images[0]) if _get(o, 'shape') == shp]
            o1 = [o for o in detect(r.images[0]) if _get(o, 'shape') == shp]
            tot += 1
            if not o0: fail['src_missing'] += 1; ious.append(0.0); continue
            if not o1: fail['tgt_missing'] += 1; ious.append(0.0); continue
            iou = _iou(_get(o0[0], 'mask'), _get(o1[0], 'mask')); ious.append(iou)
            col = _get(o1[0], 'color')
            if col != c1: fail[f'colour={col}'] += 1
            if iou < 0.7: fail['iou<.7'] += 1
            ok += col == c1 and iou >= 0.7
        print(json.dumps(dict(config=cfg, seeds=list(a.seeds), n=tot, success=round(ok/tot, 3), mean_iou=round(sum(ious)/tot, 3),
                              blend_coverage=round(statistics.mean(cover), 3) if cover else None, failures=dict(fail),
                              seconds=round(time.time() - t0))), flush=True)

if __name__ == '__main__': main()
