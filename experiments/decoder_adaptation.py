"""How the quickstart's VAE-decoder adaptation should spend its ~2.5 minutes: steps, batch, learning rate, and how much
more often images showing a new concept (star, orange) are drawn.

    python experiments/decoder_adaptation.py QUICKSTART_DIR STEPS:BATCH:LR:REPEATS ... [--eval_images 800]

QUICKSTART_DIR is a finished `t2i-quickstart --out DIR` folder: the decoder is trained on its `work/curated` train
split from the cached posterior means (as the quickstart does), starting each variant from the bundled decoder.
Judge: `t2i_nb.bundled.codec_recall` on freshly rendered single-object images of the whole vocabulary
(`make_shapes_folder(..., seed=777, two_object_frac=0)`: about 120 stars and 120 orange shapes in 800), i.e. how
often the oracle still reads each colour and kind after encode -> decode. What the decoder cannot draw, no
denoiser can generate, so this is the ceiling of the new-concept score. One line per variant on stdout.
"""

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('quickstart_dir')
    p.add_argument('variants', nargs='+')
    p.add_argument('--eval_images', type=int, default=800)
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.bundled import finetune_decoder, codec_recall
    from t2i_nb.shapes import make_shapes_folder, NEW_KINDS, NEW_COLOURS
    from t2i_nb.quickstart import decoder_training_data

    ev = make_shapes_folder(Path(tempfile.mkdtemp()) / 'eval', a.eval_images, seed=777, two_object_frac=0.0)
    pipe = load_pipeline('bundled', device='cpu', precision='fp32')
    curated = Path(a.quickstart_dir) / 'work' / 'curated'
    new = list(NEW_KINDS + NEW_COLOURS)
    data = {}  # repeats -> (images, posterior means, weights), as the quickstart builds them

    def report(tag, vae, secs):
        r = {k: round(v['decoded'], 3) for k, v in codec_recall(vae, ev).items()}
        old = {k: v for k, v in r.items() if k not in new}
        print(
            json.dumps(
                dict(
                    variant=tag,
                    seconds=round(secs),
                    **{k: r[k] for k in new},
                    worst_old=min(old, key=old.get),
                    worst_old_recall=min(old.values()),
                    recall=r,
                )
            ),
            flush=True,
        )

    report('bundled decoder', pipe.vae, 0)
    for spec in a.variants:
        steps, batch, lr, rep = spec.split(':')
        steps, batch, lr, rep = int(steps), int(batch), float(lr), int(rep)
        vae = copy.deepcopy(pipe.vae)
        if rep not in data:
            data[rep] = decoder_training_data(curated, pipe.vae.config.scaling_factor, new, rep)
        imgs, lat, w = data[rep]
        t = time.time()
        finetune_decoder(vae, imgs, steps, batch=batch, lr=lr, seed=0, log_every=10**9, latents=lat, weights=w)
        report(spec, vae, time.time() - t)


if __name__ == '__main__':
    sys.exit(main())
