"""One training step of the tiny UNet on the CPU, in three forms: as is, channels-last, and `torch.compile`d.

    python experiments/unet_step_variants.py plain|cl|compile [BATCH]

Checked whether our loop could beat the diffusers reference by more than caching alone (issue: the 1.5x cached
target is above the Amdahl bound of a cache on this model). Step = forward, MSE, backward, fused AdamW on random
latents (4x16x16) and text states; median of 3 repetitions of 10 steps after 2 warm-up steps. On the 2-core CPU at
batch 64 (2026-11-27, this script): plain 1.005 s, channels-last 1.082 s, compiled 1.109 s per step (an earlier
draft of it: 1.00 / 1.02 / 1.04 s): neither helps here.
"""

import argparse
import statistics
import time


def step_time(mode: str = 'plain', batch: int = 64):
    "Print the median seconds of one training step of the tiny UNet in `mode` at `batch`."
    import torch
    import torch.nn.functional as F
    from t2i_nb.models import tiny_pipeline

    torch.manual_seed(0)
    unet = tiny_pipeline(0, image_size=64).unet.train()
    x = torch.randn(batch, 4, 16, 16)
    t = torch.randint(0, 1000, (batch,))
    ctx = torch.randn(batch, 77, unet.config.cross_attention_dim)
    if mode == 'cl':
        unet.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(unet.parameters(), lr=1e-4, fused=True)
    f = torch.compile(unet) if mode == 'compile' else unet

    def step():
        loss = F.mse_loss(f(x, t, ctx).sample, x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    t0 = time.time()
    step()
    step()
    warm = time.time() - t0
    ts = []
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(10):
            step()
        ts.append((time.perf_counter() - t0) / 10)
    print(
        f'{mode} batch {batch}: median step {statistics.median(ts):.3f} s {[round(v, 3) for v in ts]}',
        f'(warm-up {warm:.1f} s)',
    )


def main(argv=None):
    p = argparse.ArgumentParser(
        description='One training step of the tiny UNet on the CPU: plain, channels-last, compiled.'
    )
    p.add_argument('mode', nargs='?', default='plain', choices=['plain', 'cl', 'compile'])
    p.add_argument('batch', nargs='?', type=int, default=64)
    a = p.parse_args(argv)
    step_time(a.mode, a.batch)


if __name__ == '__main__':
    main()
