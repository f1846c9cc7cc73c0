"""Does a token-grounding loss make the bundled model's cross-attention follow the words? (an experiment, CPU)

    python experiments/grounding_experiment.py OUT [--steps 300] \
        [--n_images 8000] [--weight 0.05] [--arms control grounded]

The bundled model reads its prompt almost only through the 72 padding tokens (which carry the whole prompt in a
causal text encoder): its word maps are nearly flat, so local blend, Attend-and-Excite and heat maps have little to
work with (nbs/05_attention.ipynb). ShapesBench scenes come with exact object masks, so the model can be told where
each word belongs, as TokenCompose (Wang et al., CVPR 2024) does with segmentation masks: for each caption token that
names one object's kind or colour, the loss (1 - share of the token's attention inside the object's mask)^2, on the
16x16 and 8x8 cross-attention layers, added with `--weight` to the denoising loss.

Two arms continue the shipped model for `--steps` steps on the same fresh base-vocabulary scenes, same seed and
schedule: `control` (denoising loss only) and `grounded` (plus the grounding loss). Each arm's model is saved under OUT
and scored: the word-attention share inside the drawn object's mask ("a red circle" ... seeds 0-9, 8x8 maps),
`attention_shapesbench(seeds=10, steps=20)` (colour swaps with their failures and local-blend coverage, two-object
presence with and without Attend-and-Excite) and ShapesBench on the base vocabulary (24 prompts per set).
The shipped model is scored the same way first. One JSON line per model.
"""

import argparse
import json
import math
import shutil
import sys
import time
import warnings
from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F


def scene_data(n: int, seed0: int, tokenizer, size: int = 64):
    "Images (N,3,H,W uint8), caption ids (M,77), owner (M,), grounded token positions, objects (M,4), masks at 16, 8."
    from t2i_nb.shapes import random_scene, render_scene, scene_captions, Scene, NEW_KINDS, NEW_COLOURS

    tok_id = lambda w: tokenizer(w, add_special_tokens=False).input_ids[0]
    imgs, caps, owner, m16, m8 = [], [], [], [], []
    for i in range(n):
        sc = random_scene(seed0 + i, exclude_kinds=NEW_KINDS, exclude_colours=NEW_COLOURS)
        imgs.append(np.array(render_scene(sc, size)))
        ms = []
        for o in sc.objects:  # each object alone on black: its exact mask
            a = np.array(render_scene(Scene([o], 'black', 'plain', None, sc.seed), size)).astype(float)
            ms.append(torch.from_numpy((np.abs(a - 25).max(-1) > 40).astype(np.float32)))
        while len(ms) < 2:
            ms.append(torch.zeros(size, size))
        ms = torch.stack(ms)[:, None]
        m16.append(F.adaptive_avg_pool2d(ms, 16)[:, 0])
        m8.append(F.adaptive_avg_pool2d(ms, 8)[:, 0])
        for c in scene_captions(sc):
            caps.append((c, sc))
            owner.append(i)
    ids = tokenizer(
        [c for c, _ in caps], padding='max_length', max_length=77, truncation=True, return_tensors='pt'
    ).input_ids
    pos, obj = torch.full((len(caps), 4), -1), torch.zeros((len(caps), 4), dtype=torch.long)
    for r, (c, sc) in enumerate(caps):
        k = 0
        for j, o in enumerate(sc.objects):
            for word, same in ((o.kind, [p.kind for p in sc.objects]), (o.colour, [p.colour for p in sc.objects])):
                if same.count(word) != 1:
                    continue  # two circles: which one the word means is ambiguous
                hits = (ids[r] == tok_id(word)).nonzero().flatten()
                if len(hits) == 1 and k < 4:
                    pos[r, k], obj[r, k] = hits[0], j
                    k += 1
    return (
        torch.from_numpy(np.stack(imgs)).permute(0, 3, 1, 2).contiguous(),
        ids,
        torch.tensor(owner),
        pos,
        obj,
        torch.stack(m16),
        torch.stack(m8),
    )


class CaptureCross:
    "Cross-attention with explicit probabilities that are kept (with their graph) for the grounding loss."

    def __init__(self, store):
        self.store = store

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None, **kw):
        b, n, _ = hidden_states.shape
        q, k, v = attn.to_q(hidden_states), attn.to_k(encoder_hidden_states), attn.to_v(encoder_hidden_states)
        q, k, v = (attn.head_to_batch_dim(x) for x in (q, k, v))
        p = attn.get_attention_scores(q, k, None)  # (b*heads, n, 77)
        out = attn.to_out[1](attn.to_out[0](attn.batch_to_head_dim(torch.bmm(p, v))))
        self.store.append(p.view(b, attn.heads, n, -1).mean(1))
        return out


def grounding_loss(maps: list, pos, obj, m16, m8) -> torch.Tensor:
    "Mean (1 - attention share inside the object's mask)^2 over grounded tokens and captured layers."
    valid = (pos >= 0).float()
    if valid.sum() == 0:
        return torch.zeros(())
    losses = []
    for A in maps:  # (B, Q, 77)
        side = int(math.isqrt(A.shape[1]))
        masks = m16 if side == 16 else m8 if side == 8 else None
        if masks is None:
            continue
        a = torch.gather(A, 2, pos.clamp_min(0)[:, None, :].expand(-1, A.shape[1], -1))  # (B, Q, 4)
        a = a / a.sum(1, keepdim=True).clamp_min(1e-12)
        m = torch.gather(masks.flatten(2), 1, obj[..., None].expand(-1, -1, A.shape[1]))  # (B, 4, Q)
        inside = (a.transpose(1, 2) * m).sum(-1)  # (B, 4)
        losses.append((((1 - inside) ** 2) * valid).sum() / valid.sum())
    return torch.stack(losses).mean()


def train_arm(
    start: str, data, steps: int, weight: float, out: Path, batch: int = 128, lr: float = 3e-4, seed: int = 0
):
    from diffusers import DDPMScheduler
    from t2i_nb.models import load_pipeline, save_pipeline, sd15_scheduler_config
    from t2i_nb.bundled import encode_latents, min_snr_weights
    from t2i_nb.attention import attention_layers

    imgs, ids, owner, pos, obj, m16, m8 = data
    pipe = load_pipeline(start, device='cpu', precision='fp32')
    lat = encode_latents(pipe.vae, imgs)
    sched = DDPMScheduler.from_config(sd15_scheduler_config())
    unet, te = pipe.unet.train(), pipe.text_encoder.train()
    store, orig = [], dict(unet.attn_processors)
    if weight:
        procs = dict(orig)
        for name, l in attention_layers(unet).items():
            if l.is_cross and l.factor in (1, 2):
                procs[name] = CaptureCross(store)
        unet.set_attn_processor(procs)
    params = list(unet.parameters()) + list(te.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-2)
    warm = max(1, steps // 10)
    sch = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * s / steps))
    )
    empty = pipe.tokenizer([''], padding='max_length', max_length=77, return_tensors='pt').input_ids
    g = torch.Generator().manual_seed(seed)
    t0 = time.time()
    hist = []
    for step in range(steps):
        ci = torch.randint(0, len(ids), (batch,), generator=g)
        x0, tok, p_, o_ = lat[owner[ci]], ids[ci].clone(), pos[ci].clone(), obj[ci]
        drop = torch.rand(batch, generator=g) < 0.1
        tok[drop] = empty
        p_[drop] = -1
        noise = torch.randn(x0.shape, generator=g)
        t = torch.randint(0, 1000, (batch,), generator=g)
        store.clear()
        pred = unet(sched.add_noise(x0, noise, t), t, te(tok)[0]).sample
        den = (F.mse_loss(pred, noise, reduction='none').mean((1, 2, 3)) * min_snr_weights(sched, t, 5.0)).mean()
        gl = grounding_loss(store, p_, o_, m16[owner[ci]], m8[owner[ci]]) if weight else torch.zeros(())
        loss = den + weight * gl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sch.step()
        if step % 25 == 0 or step == steps - 1:
            hist.append((step, den.item(), gl.item()))
            print(
                f'{out.name} step {step} denoise {den.item():.4f} ground {gl.item():.4f} ({time.time() - t0:.0f}s)',
                file=sys.stderr,
                flush=True,
            )
    unet.set_attn_processor(orig)
    unet.eval()
    te.eval()
    save_pipeline(pipe, out)
    tj = Path(start) / 'tokenizer' / 'tokenizer.json'
    if tj.exists():
        shutil.copy(tj, out / 'tokenizer' / 'tokenizer.json')  # keep the shipped tokenizer file byte for byte
    return dict(steps=steps, weight=weight, seconds=time.time() - t0, loss=hist)


def word_share(pipe, seeds=range(10)) -> float:
    "Mean share of the kind word's 8x8 attention (all steps, all layers at 8x8) inside the drawn object's mask."
    from t2i_nb.generate import generate
    from t2i_nb.shapes import detect

    inside, area = [], []
    for col, kind in (
        ('red', 'circle'),
        ('blue', 'square'),
        ('green', 'triangle'),
        ('yellow', 'diamond'),
        ('purple', 'cross'),
    ):
        for s in seeds:
            r = generate(pipe, f'a {col} {kind}', steps=20, seed=s, return_maps=True)
            objs = [o for o in detect(r.images[0]) if o.kind == kind]
            if not objs:
                continue
            wm = r.maps[0][kind]
            m = F.adaptive_avg_pool2d(torch.from_numpy(objs[0].mask.astype(np.float32))[None, None], tuple(wm.shape))[
                0, 0
            ]
            inside.append(float((wm / wm.sum() * m).sum()))
            area.append(float(m.mean()))
    return dict(
        word_share_in_mask=float(np.mean(inside)), mask_area=float(np.mean(area)), n=len(inside)
    )  # a flat map's share is the area


def score(model: str) -> dict:
    from t2i_nb.models import load_pipeline
    from t2i_nb.bench import attention_shapesbench
    from t2i_nb.shapes import shapesbench, BASE_VOCAB

    pipe = load_pipeline(model, device='cpu')
    sb = shapesbench(pipe, n_per_set=24, steps=20, **BASE_VOCAB)['summary']
    sw = attention_shapesbench(pipe, seeds=10, steps=20)
    return dict(
        model=model,
        **word_share(pipe),
        attention_shapesbench=sw,
        base_vocab=dict(
            single_colour=sb['single_colour_acc'],
            single_shape=sb['single_shape_acc'],
            presence=sb['two_object_presence'],
        ),
    )


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('out')
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--n_images', type=int, default=8000)
    p.add_argument('--weight', type=float, default=0.05)
    p.add_argument('--arms', nargs='+', default=['control', 'grounded'])
    p.add_argument('--score_shipped', type=int, default=1)
    p.add_argument('--score', type=int, default=1)
    a = p.parse_args(argv)
    from t2i_nb.models import BUNDLED_MODEL_DIR, load_pipeline

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    warnings.simplefilter('ignore')
    data = scene_data(
        a.n_images, 900_000, load_pipeline('bundled', device='cpu').tokenizer
    )  # scene seeds far from the shipped model's data
    print(
        f'data: {len(data[0])} images, {len(data[1])} captions, {(data[3] >= 0).sum().item()} grounded tokens',
        file=sys.stderr,
        flush=True,
    )
    for arm in a.arms:
        rep = train_arm(str(BUNDLED_MODEL_DIR), data, a.steps, a.weight if arm == 'grounded' else 0.0, out / arm)
        (out / f'{arm}_train.json').write_text(json.dumps(rep))
    for m in (([str(BUNDLED_MODEL_DIR)] if a.score_shipped else []) + [str(out / arm) for arm in a.arms]) * a.score:
        print(json.dumps(score(m)), flush=True)


if __name__ == '__main__':
    main()
