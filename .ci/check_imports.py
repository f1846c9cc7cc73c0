"""Fail when a library module imports a later notebook's module, or when imports run in a cycle.

Every `t2i_nb/*.py` file says which notebook it was exported from (`File to edit: ../nbs/NN_name.ipynb`); the
notebooks are numbered in dependency order, so a module may import only modules of a lower number. Imports at
any depth count (a lazy import inside a function is still a dependency).
Usage: python .ci/check_imports.py [PKG_DIR]
"""

import ast
import re
import sys
from pathlib import Path

PKG = Path(sys.argv[1] if len(sys.argv) > 1 else 't2i_nb')
NAME = PKG.name


def notebook_number(path: Path) -> str:
    "The NN (or NNa: a notebook slotted in after NN) of the notebook that `path` was exported from."
    found = re.search(r'File to edit: \.\./nbs/(\d+[a-z]?)_', path.read_text())
    if found is None:
        raise SystemExit(f'{path}: no "File to edit: ../nbs/NN_name.ipynb" header (was it exported by nbdev?)')
    return found.group(1)


def imported_modules(path: Path, siblings: set) -> set:
    "The sibling modules that `path` imports, at any depth."
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ''
            if node.level and not module:
                names = [alias.name for alias in node.names]
            elif node.level:
                names = [module.split('.')[0]]
            elif module == NAME:
                names = [alias.name for alias in node.names]
            elif module.startswith(NAME + '.'):
                names = [module.split('.')[1]]
            else:
                names = []
            found.update(n for n in names if n in siblings)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split('.')
                if parts[0] == NAME and len(parts) > 1 and parts[1] in siblings:
                    found.add(parts[1])
    return found


def main() -> int:
    paths = {p.stem: p for p in PKG.glob('*.py') if not p.stem.startswith('_')}
    order = {name: notebook_number(p) for name, p in paths.items()}
    problems = []
    for name, path in sorted(paths.items(), key=lambda kv: order[kv[0]]):
        for other in sorted(imported_modules(path, set(paths)) - {name}):
            if order[other] >= order[name]:
                problems.append(f'{name} (notebook {order[name]}) imports {other} (notebook {order[other]})')
    for line in problems:
        print(f'import order: {line}')
    if problems:
        print(f'{len(problems)} import(s) of a later module: a module may import only earlier notebooks\' modules')
        return 1
    print(f'import order: {len(paths)} modules, each imports only earlier ones (so no cycles)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
