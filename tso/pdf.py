"""Render a template to PDF with WeasyPrint, safely.

User text reaches these templates, so the renderer must never let it make the
server fetch a URL or read a file:

- the url_fetcher serves only the project's own static files (CSS, fonts,
  images) and refuses every other URL, `file:` path and redirect; the same
  fetcher is used for stylesheets, and attachments go through it too;
- templates autoescape, so user text is text, not markup;
- rendering runs in a forked child with a time limit, so hostile input cannot
  hang a worker.
"""

import functools
import io
import mimetypes
import multiprocessing
import os
import re
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from fontTools.ttLib import woff2
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Pages reference static files as {% static %} URLs; resolving them against this
# base keeps them absolute without naming any real host.
BASE_URL = "https://pdf.tso.invalid/"
STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL
PDF_STYLESHEET = "css/pdf.css"
EMOJI_STYLESHEET = "css/pdf-emoji.css"
ALLOWED_SUFFIXES = {".css", ".woff2", ".woff", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".svg"}


class PdfRenderError(Exception):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves files from the static finders; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        path = static_path_for(url)
        if path is None:
            raise ValueError(f"Refused to fetch {url[:200]!r}: only bundled static files.")
        if path.suffix.lower() == ".woff2":
            # WeasyPrint would decompress the font in every render (25 ms per
            # font here); hand it the decompressed font instead.
            return URLFetcherResponse(url, decompressed_font(path), {"Content-Type": "font/ttf"})
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def decompressed_font(path: Path) -> bytes:
    return _decompressed_font(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _decompressed_font(path: str, mtime_ns: int) -> bytes:
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(Path(path).read_bytes()), out)
    return out.getvalue()


FONT_URL = re.compile(r"""url\(["']?([^"')]+\.woff2)["']?\)""")


def warm_fonts(stylesheets: list[str]) -> None:
    """Decompress the fonts of these stylesheets in this process, once.

    The renderer runs in a forked child: fonts decompressed here beforehand
    are inherited by every child, so no render pays for them again.
    """
    for name in stylesheets:
        stylesheet = static_path_for(STATIC_PREFIX + name)
        if stylesheet is None:
            continue
        for url in FONT_URL.findall(stylesheet.read_text()):
            path = static_path_for(BASE_URL.rstrip("/") + url)
            if path is not None:
                decompressed_font(path)


def static_path_for(url: str) -> Path | None:
    if not url.startswith(STATIC_PREFIX):
        return None
    parts = urlsplit(url)
    relative = unquote(parts.path)[len(settings.STATIC_URL) :]
    if parts.query or parts.fragment or ".." in relative.split("/"):
        return None
    if Path(relative).suffix.lower() not in ALLOWED_SUFFIXES:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    # In production {% static %} gives hashed names that only exist after collectstatic.
    root = Path(settings.STATIC_ROOT).resolve()
    collected = (root / relative).resolve()
    return collected if collected.is_relative_to(root) and collected.is_file() else None


def render_pdf(template_name: str, context: dict, *, timeout: float | None = None) -> bytes:
    """Render `template_name` with `context` to PDF bytes, or raise PdfRenderError.

    `timeout` is in seconds; None means settings.PDF_RENDER_TIMEOUT.
    """
    html = render_to_string(template_name, context)
    return html_to_pdf(html, timeout=timeout)


def html_to_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """Render finished HTML to PDF bytes in a child process, or raise PdfRenderError.

    `timeout` is in seconds; None means settings.PDF_RENDER_TIMEOUT. Zero (or
    less) allows no time at all, so rendering always fails: it never means
    "wait forever".
    """
    timeout = settings.PDF_RENDER_TIMEOUT if timeout is None else timeout
    timeout = max(float(timeout), 0.0)
    warm_fonts(stylesheets_for(html))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with warnings.catch_warnings():
        # The child only runs WeasyPrint on a finished string and exits; it
        # takes no lock another thread could hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        child = context.Process(target=_render_child, args=(html, sender), daemon=True)
        child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise PdfRenderError(f"PDF rendering took longer than {timeout} s.")
        ok, payload = receiver.recv()
    except EOFError:
        raise PdfRenderError("PDF rendering stopped unexpectedly.") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(1)
    if not ok:
        raise PdfRenderError(payload)
    return payload


# Pictographs, dingbats and other symbols that Source Sans does not draw.
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def stylesheets_for(html: str) -> list[str]:
    """The shared print style, plus the emoji font only when the text needs it."""
    return [PDF_STYLESHEET, EMOJI_STYLESHEET] if EMOJI.search(html) else [PDF_STYLESHEET]


def _render_child(html: str, sender) -> None:
    try:
        fetcher = StaticOnlyFetcher()
        # Without a shared FontConfiguration WeasyPrint ignores @font-face
        # and silently falls back to a system font.
        font_config = FontConfiguration()
        stylesheets = [
            weasyprint.CSS(url=STATIC_PREFIX + name, url_fetcher=fetcher, font_config=font_config)
            for name in stylesheets_for(html)
        ]
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf = document.write_pdf(
            stylesheets=stylesheets, presentational_hints=False, font_config=font_config
        )
        sender.send((True, pdf))
    except Exception as error:  # reported to the parent, which raises
        sender.send((False, f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()
        os._exit(0)
