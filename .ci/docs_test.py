"""Open the built docs site (`_docs/`, from `bash .ci/docs`) in headless Chromium and check that it renders.

Serves `_docs/` on 127.0.0.1 (a free port), then checks:
- every page the sidebar of the index links to is served (no missing page);
- the index: a title, and an image that actually loaded (naturalWidth > 0); no same-origin image broken;
- an API page (`models.html`): its title and the `show_doc` signature of `load_pipeline` with its parameters.
Prints one line, 'docs test: OK ...' or 'docs test: FAILED: ...', and exits non-zero on failure.
Works on both builds: Quarto's (`nbdev_docs`) and the preview without Quarto (tools/build_docs.py).
Browser: /usr/bin/chromium (or $CHROMIUM) with the project's headless flags; Playwright's own Chromium if absent.

    python .ci/docs_test.py [--docs _docs] [--screenshot DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')  # Debian's package (.ci/chromium installs it)
CHROMIUM_ARGS = [  # as t2i_nb.testing.CHROMIUM_ARGS
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
]
API_PAGE = 'models.html'
SIGNATURE = re.compile(r'load_pipeline\s*\(\s*model\b[\s\S]{0,400}?\bdevice\b[\s\S]{0,400}?\bprecision\b')
IMAGES_JS = """() => Array.from(document.images).map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0,
  w: i.naturalWidth}))"""
SIDEBAR_JS = """() => Array.from(document.querySelectorAll('nav a[href], #quarto-sidebar a[href]'))
  .map(a => a.href).filter(h => h.startsWith(location.origin) && /\\.html(#.*)?$/.test(h))"""


class DocsError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def serve(docs: Path) -> tuple[subprocess.Popen, str]:
    "`python -m http.server` on `docs`, bound to 127.0.0.1; returns the process and its base URL once it answers."
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1', '--directory', str(docs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f'http://127.0.0.1:{port}/'
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=2).close()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise DocsError(f'the static server exited with {proc.returncode}')
            time.sleep(0.1)
    proc.kill()
    raise DocsError(f'the static server did not answer on {base}')


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def check_page_images(page, name: str, need_one: bool) -> int:
    imgs = page.evaluate(IMAGES_JS)
    origin = page.url.split('/', 3)[:3]
    broken = [
        i['src']
        for i in imgs
        if not i['ok'] and (i['src'].startswith('data:') or i['src'].split('/', 3)[:3] == origin)
    ]
    if broken:
        raise DocsError(f'{name}: {len(broken)} image(s) did not load: {", ".join(s[:80] for s in broken[:3])}')
    loaded = sum(i['ok'] for i in imgs)
    if need_one and not loaded:
        raise DocsError(f'{name}: no image loaded ({len(imgs)} <img> on the page)')
    return loaded


def check_site(docs: Path, screenshots: Path | None = None) -> str:
    "Run every check on the site in `docs`; returns a summary, raises `DocsError` with one line on failure."
    if not (docs / 'index.html').exists():
        raise DocsError(f'no {docs}/index.html: build the site first (bash .ci/docs)')
    if not (docs / API_PAGE).exists():
        raise DocsError(f'no {docs}/{API_PAGE}: the API page of t2i_nb.models was not built')
    from playwright.sync_api import sync_playwright

    proc, base = serve(docs.resolve())
    try:
        with sync_playwright() as p:
            # Debian's Chromium when present, else Playwright's own (`python -m playwright install chromium`)
            exe = CHROMIUM if Path(CHROMIUM).exists() else None
            browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={'width': 1280, 'height': 900})
            page.goto(base + 'index.html', wait_until='load', timeout=60_000)
            title = page.title().strip()
            if 't2i_nb' not in title:
                raise DocsError(f"index.html: title is {title!r}, expected it to name t2i_nb")
            n_img = check_page_images(page, 'index.html', need_one=True)
            links = sorted({urllib.parse.urldefrag(h)[0] for h in page.evaluate(SIDEBAR_JS)})
            if not any(h.endswith('/' + API_PAGE) for h in links):
                raise DocsError(f'index.html: the navigation has no link to {API_PAGE}')
            bad = [h for h in links if status(h) != 200]
            if bad:
                raise DocsError(f'index.html: {len(bad)} navigation link(s) not served: {", ".join(bad[:5])}')
            if screenshots:
                screenshots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshots / 'docs_index.png'))
            page.goto(base + API_PAGE, wait_until='load', timeout=60_000)
            api_title = page.title().strip()
            if not api_title:
                raise DocsError(f'{API_PAGE}: no title')
            text = page.inner_text('body')
            if not SIGNATURE.search(text):
                i = text.find('load_pipeline')
                seen = repr(text[i : i + 120]) if i >= 0 else 'no load_pipeline at all'
                raise DocsError(
                    f'{API_PAGE}: no show_doc signature load_pipeline(model, device, precision, ...); saw {seen}'
                )
            check_page_images(page, API_PAGE, need_one=False)
            if screenshots:
                page.screenshot(path=str(screenshots / 'docs_api.png'))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return (
        f"index {title!r} with {n_img} image(s) loaded, {API_PAGE} {api_title!r} shows load_pipeline's signature, "
        f'{len(links)} navigation pages served'
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description='Open the built docs site in headless Chromium and check it renders.')
    ap.add_argument('--docs', default='_docs', help='the built site (default _docs)')
    ap.add_argument('--screenshot', default=None, help='save screenshots of the two pages into this folder')
    a = ap.parse_args(argv)
    t0 = time.time()
    try:
        summary = check_site(Path(a.docs), Path(a.screenshot) if a.screenshot else None)
    except Exception as e:  # one clear line, whatever failed (DocsError, Playwright, a missing browser)
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print(f'docs test: FAILED: {msg}')
        return 1
    print(f'docs test: OK: {summary} ({time.time() - t0:.1f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
