"""How the quickstart's VAE-decoder adaptation should spend its ~2.5 minutes: steps, batch, learning rate, and how much
more often images showing a new concept (star, orange) are drawn.

    python benchmarks/decoder_adaptation.py QUICKSTART_DIR STEPS:BATCH:LR:REPEATS ... [--eval_images 800]

QUICKSTART_DIR is a finished `t2i-quickstart --out DIR` folder: the decoder is trained on its `work/curated` train
split from the cached posterior means (as the quickstart does), starting each variant from the bundled decoder.
Judge: `t2i_nb.bundled.codec_recall` on freshly rendered single-object images of the whole vocabulary
(`make_shapes_folder(..., seed=777, two_object_frac=0)`: about 120 stars and 120 orange shapes in 800), i.e. how
often the oracle still reads each colour and kind after encode -> decode. What the decoder cannot draw, no
denoiser can generate, so this is the ceiling of the new-concept score. One line per variant on stdout.
"""
import argparse, copy, json, sys, tempfile, time
from pathlib import Path


def main(argv=None):
    p = argparse.ArgumentParser(); p.add_argument('quickstart_dir'); p.add_argument('variants', nargs='+')
    p.add_argument('--eval_images', type=int, default=800)
    a = p.parse_args(argv)
    import numpy as np, torch
    from t2i_nb.models import load_pipeline
    from t2i_nb.bundled import finetune_decoder, codec_recall
    from t2i_nb.data import load_curated, resize_crop, concept_repeats
    from t2i_nb.shapes import make_shapes_folder, NEW_KINDS, NEW_COLOURS
    ev = make_shapes_folder(Path(tempfile.mkdtemp())/'eval', a.eval_images, seed=777, two_object_frac=0.0)
    pipe = load_pipeline('bundled', device='cpu', precision='fp32')
    ds = load_curated(Path(a.quickstart_dir)/'work'/'curated'); ds = ds.filter(lambda s: s == 'train', input_columns='split')
    imgs = torch.from_numpy(np.stack([np.asarray(resize_crop(im, 64)) for im in ds['image']])).permute(0, 3, 1, 2)
    lat = torch.from_numpy(np.stack(ds.with_format('numpy')['latents'])) / pipe.vae.config.scaling_factor
    new = list(NEW_KINDS + NEW_COLOURS)
    def report(tag, vae, secs):
        r = {k: round(v['decoded'], 3) for k, v in codec_recall(vae, ev).items()}
        old = {k: v for k, v in r.items() if k not in new}
        print(json.dumps(dict(variant=tag, seconds=round(secs), **{k: r[k] for k in new}, worst_old=min(old, key=old.get),
                              worst_old_recall=min(old.values()), recall=r)), flush=True)
    report('bundled decoder', pipe.vae, 0)
    for spec in a.variants:
        steps, batch, lr, rep = spec.split(':'); steps, batch, lr, rep = int(steps), int(batch), float(lr), int(rep)
        vae = copy.deepcopy(pipe.vae)
        w = torch.tensor(concept_repeats(ds['captions'], {c: rep for c in new}), dtype=torch.float) if rep > 1 else None
        t = time.time()
        finetune_decoder(vae, imgs, steps, batch=batch, lr=lr, seed=0, log_every=10**9, latents=lat, weights=w)
        report(spec, vae, time.time() - t)


if __name__ == '__main__': sys.exit(main())
