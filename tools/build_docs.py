"""Build the docs site into `_docs/` from `nbs/` (run by `.ci/docs`).

Two renderers, one processing step. Both run nbdev's own notebook processing (`nbdev.serve.proc_nbs` with nbdev's
processors: frontmatter, `show_doc` for every exported name, doc links, hidden and exported cells removed) into
`_proc/`; no notebook is executed, the pages show the committed outputs.

- `--quarto` (Quarto on PATH, as in the deploy workflow): nbdev's `nbdev_docs` itself, i.e. `quarto render`.
- default: a preview without Quarto: the processed notebooks converted to HTML with nbconvert, with a navigation
  built from `nbs/sidebar.yml` and `nbs/_quarto.yml`, and the links between pages made relative.

One change to nbdev's processing, in both modes: `exec_show_docs` runs only what `show_doc` needs (exported
cells, cells of imports only, `show_doc` calls). nbdev's own predicate also runs every cell that contains an
import anywhere, which in this project's notebooks means test cells that train, serve and open browsers.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

import yaml
from nbdev.config import get_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_docs_procs import use_docs_filter  # noqa: E402  (a module: proc_nbs's spawned workers import it)

# ---------------------------------------------------------------- checks shared by both modes


def sidebar_entries(contents) -> list[str]:
    "Every page path named in a Quarto sidebar `contents` list, in order."
    out = []
    for e in contents or []:
        if isinstance(e, str):
            out.append(e)
        elif isinstance(e, dict):
            if 'href' in e:
                out.append(e['href'])
            c = e.get('contents')
            out += [c] if isinstance(c, str) else sidebar_entries(c)
    return out


def check_sidebar(nbs: Path) -> list:
    "The sidebar's contents; exits with one line if it names a missing page or leaves out a module notebook."
    contents = yaml.safe_load((nbs / 'sidebar.yml').read_text())['website']['sidebar']['contents']
    named = sidebar_entries(contents)
    missing = [p for p in named if not (nbs / p).exists()]
    modules = sorted(p.name for p in nbs.glob('[0-9]*.ipynb'))
    unlisted = [m for m in modules if m not in named]
    if missing or unlisted:
        msg = []
        if missing:
            msg.append(f"nbs/sidebar.yml names pages that do not exist: {', '.join(missing)}")
        if unlisted:
            msg.append(f"module notebooks missing from nbs/sidebar.yml: {', '.join(unlisted)}")
        sys.exit('docs: ' + '; '.join(msg))
    return contents


# ---------------------------------------------------------------- the preview renderer (no Quarto)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<link rel="stylesheet" href="{root}styles.css">
</head><body>
<header class="site-header"><a class="site-title" href="{root}index.html">{site}</a>{navbar}
<span class="preview-note">preview built without Quarto</span></header>
<div class="layout"><nav class="sidebar">{sidebar}</nav>
<main class="content"><header class="title-block"><h1 class="title">{h1}</h1>{description}</header>
{body}
</main></div></body></html>
"""

_CSS = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #212529; }
.site-header { background: #2780e3; color: white; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; }
.site-header a { color: white; text-decoration: none; } .site-title { font-weight: 600; font-size: 1.2rem; }
.preview-note { margin-left: auto; opacity: .75; font-size: .8rem; }
.layout { display: flex; } .sidebar { width: 16rem; flex: none; padding: 1rem; border-right: 1px solid #dee2e6; font-size: .92rem; }
.sidebar ul { list-style: none; padding-left: .6rem; margin: .2rem 0 .8rem; } .sidebar li { margin: .15rem 0; }
.sidebar a { color: #343a40; text-decoration: none; } .sidebar a.active { color: #2780e3; font-weight: 600; }
.sidebar .section { font-weight: 600; margin-top: .6rem; }
.content { flex: 1; min-width: 0; max-width: 60rem; padding: 1rem 2rem 4rem; }
.title-block .description { font-style: italic; opacity: .75; font-size: 1.15rem; }
pre { background: #f8f9fa; padding: .6rem .8rem; overflow-x: auto; border-radius: 4px; font-size: .85rem; }
.jp-OutputArea pre, .output_area pre { background: none; border-left: 2px solid lightsalmon; border-radius: 0; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #dee2e6; padding: .25rem .5rem; }
img { max-width: 100%; } blockquote { border-left: 3px solid #dee2e6; margin-left: 0; padding-left: 1rem; }
.jp-InputPrompt, .jp-OutputPrompt { display: none; }
.anchor-link { visibility: hidden; text-decoration: none; margin-left: .3em; font-size: .8em; }
h1:hover .anchor-link, h2:hover .anchor-link, h3:hover .anchor-link, h4:hover .anchor-link { visibility: visible; }
"""

_DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')


def quarto_options(cell) -> dict:
    "The leading `#| key: value` lines of a code cell as a dict (removed from its source)."
    lines = cell.source.splitlines()
    opts = {}
    while lines and _DIRECTIVE.match(lines[0]):
        k, v = _DIRECTIVE.match(lines.pop(0)).groups()
        opts[k] = v.strip('"\'')
    cell.source = '\n'.join(lines)
    return opts


def apply_quarto_options(nb):
    "What Quarto does with cell options, for nbconvert: `include`, `echo`, `output: false`; fenced divs unwrapped."
    cells = []
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            cell.source = re.sub(r'^:::.*$\n?', '', cell.source, flags=re.MULTILINE)
        if cell.cell_type != 'code':
            cells.append(cell)
            continue
        o = quarto_options(cell)
        if o.get('include') == 'false':
            continue
        if o.get('output') == 'false':
            cell.outputs = []
        if o.get('echo') == 'false':
            cell.source = ''
            cell.metadata.setdefault('jupyter', {})['source_hidden'] = True
            cell.metadata['transient'] = {'remove_source': True}
        if cell.source.strip() or cell.get('outputs'):
            cells.append(cell)
    nb.cells = cells
    return nb


def front_matter(nb) -> dict:
    "The YAML front matter nbdev's processing puts in the first raw cell."
    if nb.cells and nb.cells[0].cell_type == 'raw':
        m = re.match(r'^---\s*\n(.*?)\n---', nb.cells[0].source.strip(), flags=re.DOTALL)
        if m:
            nb.cells.pop(0)
            return yaml.safe_load(m.group(1)) or {}
    return {}


def inline_markdown(text: str) -> str:
    "A description line as HTML: escaped, with `code` spans (Quarto renders the description as markdown)."
    return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text, quote=False))


def html_name(rel: str, fm: dict | None = None) -> str:
    "Where a page lands: nbdev's `output-file` (numbers dropped) if set, else the notebook path with `.html`."
    p = posixpath.splitext(rel)[0] + '.html'
    if fm and fm.get('output-file'):
        p = posixpath.join(posixpath.dirname(rel), fm['output-file'])
    return p


def relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or '.')


def nav_html(contents, page: str, pages: dict) -> str:
    "The sidebar as nested lists; the current page marked."

    def item(p):
        rel = p.lstrip('./')
        out, title = pages.get(rel, (html_name(rel), rel))
        cls = ' class="active"' if out == page else ''
        return f'<li><a{cls} href="{relative(out, page)}">{html.escape(title)}</a></li>'

    def walk(entries):
        s = []
        for e in entries:
            if isinstance(e, str):
                s.append(item(e))
            elif isinstance(e, dict):
                c = e.get('contents')
                sub = walk([c] if isinstance(c, str) else c or [])
                s.append(f'<li><div class="section">{html.escape(str(e.get("section", "")))}</div><ul>{sub}</ul></li>')
        return ''.join(s)

    return f'<ul>{walk(contents)}</ul>'


def navbar_html(quarto: dict, page: str, pages: dict) -> str:
    left = (((quarto.get('website') or {}).get('navbar') or {}).get('left')) or []
    links = []
    for e in left:
        if isinstance(e, dict) and 'href' in e and 'text' in e:
            out = pages.get(e['href'], (html_name(e['href']),))[0]
            links.append(f'<a href="{relative(out, page)}">{html.escape(e["text"])}</a>')
    return ''.join(links)


def fix_links(body: str, page: str, src_rel: str, pages: dict, site_url: str) -> str:
    "Links to notebooks and to the deployed site's pages become relative links inside `_docs/`."

    def nb_link(m):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_rel), m.group(2)))
        if target not in pages:
            return m.group(0)
        return f'{m.group(1)}="{relative(pages[target][0], page)}{m.group(3) or ""}"'

    body = re.sub(r'(href)="(?!\w+:)([^"#]+?\.ipynb)(#[^"]*)?"', nb_link, body)
    # Pandoc link attributes that show_doc writes after its [source] link: [source](url){target="_blank" style="..."}
    body = re.sub(
        r'(<a [^>]*)>([^<]*)</a>\{target="_blank" style="([^"]*)"\}', r'\1 target="_blank" style="\3">\2</a>', body
    )
    if site_url:
        root = relative('index.html', page)[: -len('index.html')]
        body = body.replace(f'href="{site_url.rstrip("/")}/', f'href="{root}')
    return body


def render_preview(proc: Path, docs: Path, nbs: Path, n_files: int | None = None):
    "Convert the processed notebooks in `proc` to HTML pages in `docs`."
    import nbformat
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter

    contents = check_sidebar(nbs)
    quarto = yaml.safe_load((nbs / '_quarto.yml').read_text())
    site = yaml.safe_load((nbs / 'nbdev.yml').read_text())['website']
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    nbfiles = sorted(  # notebooks of nbs/ only: _proc/ may still hold renamed or deleted ones
        p
        for p in proc.rglob('*.ipynb')
        if not any(s.startswith(('.', '_')) for s in p.relative_to(proc).parts)
        and (nbs / p.relative_to(proc)).exists()
    )
    pages, nbs_read = {}, {}
    for p in nbfiles:
        rel = p.relative_to(proc).as_posix()
        nb = nbformat.read(p, as_version=4)  # multi-line sources and outputs joined
        fm = front_matter(nb)
        pages[rel] = (html_name(rel, fm), str(fm.get('title') or Path(rel).stem))
        nbs_read[rel] = (nb, fm)
    exporter = HTMLExporter(template_name='basic', exclude_input_prompt=True, exclude_output_prompt=True)
    css = _CSS + HtmlFormatter().get_style_defs('.highlight')
    for rel, (nb, fm) in nbs_read.items():
        page = pages[rel][0]
        nb = apply_quarto_options(nb)
        body, _ = exporter.from_notebook_node(nb)
        body = fix_links(body, page, rel, pages, site.get('site-url', ''))
        desc = fm.get('description')
        out = docs / page
        out.parent.mkdir(parents=True, exist_ok=True)
        title = str(fm.get('title') or site['title'])
        out.write_text(
            _PAGE.format(
                title=html.escape(title if rel == 'index.ipynb' else f"{title} – {site['title']}"),
                css=css,
                root=relative('index.html', page)[: -len('index.html')],
                site=html.escape(
                    str(((quarto.get('website') or {}).get('navbar') or {}).get('title') or site['title'])
                ),
                navbar=navbar_html(quarto, page, pages),
                sidebar=nav_html(contents, page, pages),
                h1=html.escape(title),
                description=f'<p class="description">{inline_markdown(str(desc))}</p>' if desc else '',
                body=body,
            )
        )
        copy_resources(out.read_text(), proc, posixpath.dirname(rel), docs)
    shutil.copy2(proc / 'styles.css', docs / 'styles.css')
    return pages


def copy_resources(page_html: str, proc: Path, page_dir: str, docs: Path):
    "Copy the files of `proc` that a page in `page_dir` refers to (images and the like) to the same place in `docs`."
    for target in set(re.findall(r'(?:src|href)="(?![a-z][\w+.-]*:|/|#)([^"#?]+)"', page_html)):
        rel = posixpath.normpath(posixpath.join(page_dir, target))
        f = proc / rel
        if not rel.startswith('..') and f.suffix != '.html' and f.is_file():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, docs / rel)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--quarto', action='store_true', help="render with Quarto (nbdev's nbdev_docs)")
    p.add_argument('--n_workers', type=int, default=int(os.environ.get('DOCS_WORKERS', 2)))
    p.add_argument('--force', action='store_true', help='reprocess every notebook (ignore the _proc cache)')
    a = p.parse_args(argv)
    t0 = time.time()
    cfg = get_config()
    nbs, docs = cfg.nbs_path, cfg.doc_path
    use_docs_filter()
    check_sidebar(nbs)
    if a.quarto:
        from nbdev.quarto import nbdev_docs

        nbdev_docs.__wrapped__(n_workers=a.n_workers)
    else:
        from nbdev.serve import proc_nbs

        proc = proc_nbs(nbs, n_workers=a.n_workers, force=a.force)
        t1 = time.time()
        print(f'docs: processed the notebooks into {proc.name}/ in {t1 - t0:.0f}s', flush=True)
        pages = render_preview(proc, docs, nbs)
        print(f'docs: {len(pages)} pages converted to HTML in {time.time() - t1:.0f}s', flush=True)
    print(f'docs: built {docs.relative_to(cfg.config_path)}/index.html in {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
