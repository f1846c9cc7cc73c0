"""Run a notebook's code cells in plain Python, for a machine without Jupyter or nbdev (the lent GPU box).

    python tools/run_cells.py nbs/05_attention.ipynb --flags cuda            # every default cell, plus the cuda ones
    python tools/run_cells.py nbs/04_train.ipynb --flags cuda --only-flagged # only the cuda cells, after the imports

Cells are chosen as `nbdev_test` chooses them: a cell flagged with a `tst_flags` flag runs only when that flag
is asked for. `show_doc` (documentation rendering) only prints the name here. With `--only-flagged` the
namespace is the notebook's first `#| export` cell, the module's public names and `_tmp` (a temp folder).
Runs from the notebook's folder, like nbdev_test. Exit status 1 at the first failing cell, which is printed.
"""

import argparse
import json
import os
import sys
import time
import traceback
import types
from pathlib import Path

KNOWN_FLAGS = {'slow', 'cuda'}


def directives(src: str) -> dict:
    "The `#| key value` lines at the top of a cell."
    d = {}
    for line in src.splitlines():
        if not line.startswith('#|'):
            break
        k, _, v = line[2:].strip().partition(' ')
        d[k.rstrip(':')] = v.strip()
    return d


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('nb')
    p.add_argument('--flags', default='', help='space-separated flags to run, e.g. "cuda"')
    p.add_argument('--only-flagged', action='store_true', help='run only cells carrying one of --flags')
    a = p.parse_args(argv)
    want = set(a.flags.split())
    nb = Path(a.nb).resolve()
    cells = [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
    doc = types.ModuleType('nbdev.showdoc')
    doc.show_doc = lambda f, *_, **__: print('show_doc:', getattr(f, '__name__', f))
    sys.modules.setdefault('nbdev', types.ModuleType('nbdev'))
    sys.modules['nbdev.showdoc'] = doc
    os.chdir(nb.parent)
    sys.path.insert(0, str(nb.parent.parent))
    ns = {'__name__': '__main__'}
    mod = next((directives(c).get('default_exp') for c in cells if 'default_exp' in directives(c)), None)
    if a.only_flagged:
        pre = next(c for c in cells if 'export' in directives(c))
        exec(compile(pre, f'{nb.name}[imports]', 'exec'), ns)
        exec(
            f'from t2i_nb.{mod} import *\nfrom pathlib import Path\nimport tempfile\n_tmp = Path(tempfile.mkdtemp())',
            ns,
        )
    ran = 0
    for i, src in enumerate(cells):
        d = directives(src)
        flags = KNOWN_FLAGS & set(d)
        if d.get('eval') == 'false' or 'default_exp' in d:
            continue
        if flags - want or (a.only_flagged and not flags):
            continue
        t0 = time.time()
        try:
            exec(compile(src, f'{nb.name}[cell {i}]', 'exec'), ns)
        except Exception:
            print(f'--- {nb.name} cell {i} failed:\n{src}\n---', file=sys.stderr)
            traceback.print_exc()
            return 1
        ran += 1
        if flags:
            print(f'[{nb.name} cell {i} {sorted(flags)}] ok in {time.time() - t0:.1f} s', flush=True)
    print(f'{nb.name}: {ran} cells ran', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
