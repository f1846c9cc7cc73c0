"""Does plug-and-play feature injection (Tumanyan et al. 2023) hold the object's shape in a colour
swap? A probe, not a feature.

    python experiments/feature_injection_probe.py [--seeds 100 110] \
        [--configs '[{"layers": [[1, 0]], "k": 0.8, "edit": {"prompt_steps": 0.3}}]']

For the first fraction `k` of the steps the target image's output of each listed UNet decoder resnet
(`up_blocks[b].resnets[r]`) is replaced by the source image's (both halves of the classifier-free-guidance batch),
on top of prompt-to-prompt with the `Edit` options in `edit`. The swap part of `attention_shapesbench` scores it, so
each JSON line reads like one of `experiments/swap_failures.py`.
"""

import argparse
import json
import time


def install(pipe, layers, k):
    "Forward hooks that copy the source's features into the target's; returns the handles."
    sched = pipe.scheduler
    state = {'frac': 1.0}

    def pre(m, args, kwargs):
        t = args[1] if len(args) > 1 else kwargs['timestep']
        ts = sched.timesteps
        state['frac'] = int((ts == t).nonzero()[0, 0]) / len(ts)

    def copy(m, inp, out):
        if state['frac'] >= k or out.shape[0] % 2:
            return None
        o = out.clone().view(
            -1, 2, *out.shape[1:]
        )  # [(uncond src, uncond tgt), (cond src, cond tgt)] for one image per prompt
        o[:, 1] = o[:, 0]
        return o.view_as(out)

    hs = [pipe.unet.register_forward_pre_hook(pre, with_kwargs=True)]
    hs += [pipe.unet.up_blocks[b].resnets[r].register_forward_hook(copy) for b, r in layers]
    return hs


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='bundled')
    p.add_argument('--seeds', type=int, nargs=2, default=(100, 110))
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--configs', default='[{"layers": [[1, 0]], "k": 0.8, "edit": {"prompt_steps": 0.3}}]')
    a = p.parse_args(argv)
    from t2i_nb.models import load_pipeline
    from t2i_nb.bench import attention_shapesbench

    pipe = load_pipeline(a.model, device='cpu')
    for cfg in json.loads(a.configs):
        hs = install(pipe, cfg.get('layers', []), cfg.get('k', 0.0))
        try:
            t0 = time.time()
            r = attention_shapesbench(
                pipe,
                seeds=a.seeds[1] - a.seeds[0],
                first_seed=a.seeds[0],
                steps=a.steps,
                edit_kw=cfg.get('edit', {}),
                presence=False,
            )
        finally:
            for h in hs:
                h.remove()
        print(json.dumps(dict(config=cfg, seeds=list(a.seeds), **r, seconds=round(time.time() - t0))), flush=True)


if __name__ == '__main__':
    main()
