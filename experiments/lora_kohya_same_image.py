"""Spread of |t2i-generate --lora RUN - stock diffusers loading the kohya export| over prompts and seeds.

A LoRA is trained by t2i-train (bundled model, toy shapes, 4 steps), exported with `t2i-export --format kohya-lora`,
loaded by stock diffusers' `load_lora_weights`, and compared with `t2i-generate --lora RUN` at the same seed, steps
and guidance. Also printed: the LoRA's own effect on the stock image, so that a zero difference is not vacuous.
Usage: python experiments/lora_kohya_same_image.py
"""

import tempfile
from pathlib import Path

import numpy as np
import torch
from diffusers import StableDiffusionPipeline
from diffusers.utils import logging
from PIL import Image

from t2i_nb.export import export_cli
from t2i_nb.generate import generate_cli
from t2i_nb.models import BUNDLED_MODEL_DIR
from t2i_nb.testing import make_toy_imagefolder
from t2i_nb.train import train_cli

PROMPTS = ('a red circle', 'a blue square and a green triangle')
TRAIN_ARGS = '--resolution 32 --train_batch_size 2 --max_train_steps 4 --device cpu --mixed_precision no'
TRAIN_ARGS += ' --use_ema false --lora true --lora_rank 4 --lora_alpha 4 --lora_learning_rate 0.7'
TRAIN_ARGS += ' --checkpointing_steps 4 --tracking_uri off --validation_steps 0 --log_model false --no-progress'


def stock_pipeline():
    pipe = StableDiffusionPipeline.from_pretrained(str(BUNDLED_MODEL_DIR), safety_checker=None, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def stock_image(pipe, prompt: str, seed: int) -> np.ndarray:
    gen = torch.Generator().manual_seed(seed)
    image = pipe(prompt, num_inference_steps=8, guidance_scale=7.5, generator=gen).images[0]
    return np.asarray(image, dtype=float)


def ours_image(run: Path, prompt: str, seed: int, out: Path) -> np.ndarray:
    args = [prompt, '--steps', '8', '--guidance', '7.5', '--seed', str(seed), '--lora', str(run), '--out', str(out)]
    paths = generate_cli(args)
    return np.asarray(Image.open(paths[0]).convert('RGB'), dtype=float)


def main():
    logging.set_verbosity_error()
    tmp = Path(tempfile.mkdtemp())
    toy = make_toy_imagefolder(tmp / 'toy', n=4, size=32)
    run = tmp / 'run'
    train_cli(['--model', 'bundled', '--dataset', str(toy), '--output_dir', str(run), *TRAIN_ARGS.split()])
    kohya = export_cli([str(run), '--format', 'kohya-lora', '--out', str(tmp / 'k.safetensors')])
    with_lora = stock_pipeline()
    with_lora.load_lora_weights(str(kohya))
    plain = stock_pipeline()
    for prompt in PROMPTS:
        for seed in range(5):
            got = ours_image(run, prompt, seed, tmp / f'{seed}.png')
            want = stock_image(with_lora, prompt, seed)
            effect = np.abs(want - stock_image(plain, prompt, seed)).mean()
            diff = np.abs(got - want)
            print(
                f'{prompt!r} seed {seed}: mean |ours - stock+kohya| = {diff.mean():.4f}/255 (max {diff.max():.0f}); '
                f'LoRA effect mean {effect:.2f}/255',
                flush=True,
            )


if __name__ == '__main__':
    main()
