"""nbdev's notebook processing for the docs, running only what `show_doc` needs (used by tools/build_docs.py).

A module of its own so that `proc_nbs`'s worker processes (spawned) can import `DocsFilter` by name.
nbdev's `exec_show_docs` runs every cell that contains an import anywhere (nbdev's FAQ: keep imports in cells of
their own); in this project's notebooks that means test cells that train, serve and open browsers. Here it runs
exported cells, cells of imports only and `show_doc` calls; every other cell keeps its committed outputs.
"""

from __future__ import annotations

import ast

from fastcore.basics import nested_attr, str2bool
from nbdev.processors import FilterDefaults, cell_lang, exec_show_docs

_EXEC_DIRECTIVES = {'export', 'exports', 'exporti', 'exec_doc'}


def _is_show_doc(tree) -> bool:
    return isinstance(tree, ast.Expr) and nested_attr(tree, 'value.func.id') == 'show_doc'


def docs_eval(cell) -> bool:
    "Whether the docs build runs `cell`: exported cells, cells of imports only, and `show_doc` calls."
    if cell.cell_type != 'code' or not cell.source or cell_lang(cell) != 'python':
        return False
    if cell.directives_.get('eval:', [''])[0].lower() == 'false':
        return False
    if cell.directives_.keys() & _EXEC_DIRECTIVES:
        return True
    trees = cell.parsed_()
    if not trees:
        return False
    return all(isinstance(t, (ast.Import, ast.ImportFrom)) or _is_show_doc(t) for t in trees)


class exec_show_docs_only(exec_show_docs):
    "nbdev's `exec_show_docs` with `docs_eval` as the predicate: runs what `show_doc` needs, no test cells."

    def __call__(self, cell):
        if not self.nb.has_docs_ or not hasattr(self, 'k'):
            return
        fm = getattr(self.nb, 'frontmatter_', {})
        if str2bool(fm.get('skip_showdoc', False)):
            return
        if docs_eval(cell):
            self.k.cell(cell)
        if self.k.exc:
            where = f" in notebook: {fm['title']}" if fm.get('title') else ''
            raise Exception(f'Error{where} in cell {cell.idx_}:\n{cell.source}') from self.k.exc


class DocsFilter(FilterDefaults):
    "nbdev's default processors, with `exec_show_docs_only` in place of `exec_show_docs`."

    def base_procs(self):
        return [exec_show_docs_only if p is exec_show_docs else p for p in super().base_procs()]


def use_docs_filter():
    "Make `proc_nbs` (and so `nbdev_docs`) process with `DocsFilter`."
    import nbdev.serve

    nbdev.serve.FilterDefaults = DocsFilter
