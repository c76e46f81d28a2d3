"""Render a template to PDF with WeasyPrint, safely.

User text reaches these templates, so the renderer must never let it make the
server fetch a URL or read a file:

- the url_fetcher serves only the project's own static files (CSS, fonts,
  images) and refuses every other URL, `file:` path and redirect; the same
  fetcher is used for stylesheets, and attachments go through it too;
- templates autoescape, so user text is text, not markup;
- rendering runs in a forked child with a time limit, so hostile input cannot
  hang a worker; the child never sends half a PDF.

What does not depend on the document (the parsed print stylesheets with their
fonts, cffi's C types) is prepared once per process in the parent and
inherited by every child. A long document can be rendered in parts, each in
its own child at the same time (html_parts_to_pdf): the children agree on the
page numbers with the parent before they lay out the page margins, and the
parent joins their PDFs.
"""

import atexit
import contextlib
import functools
import gc
import hashlib
import io
import mimetypes
import multiprocessing
import os
import re
import shutil
import ssl
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
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
        # fetch() below never opens a connection. The context is only there so
        # that URLFetcher does not load the system's certificates (20 ms per
        # render); without them no HTTPS connection could be verified anyway.
        super().__init__(
            allowed_protocols={"https"},
            allow_redirects=False,
            timeout=1,
            ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
        )

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


# The C types WeasyPrint asks cffi for while rendering. cffi parses each type
# string with pycparser the first time (2 ms each, 30 ms per render in a fresh
# child); parsed here, in the parent, they are inherited by every child. A type
# WeasyPrint no longer uses costs nothing but its parse here.
C_TYPES = (
    "PangoFcFontMap *",
    "FcChar8 **",
    "FcResult *",
    "char[]",
    "char[4]",
    "PangoRectangle *",
    "PangoLogAttr[]",
    "unsigned int *",
    "hb_tag_t[100]",
    "hb_codepoint_t *",
)
# The font subsetter asks for arrays of glyph ids by their length, a new type
# string for every font of every document (six per actieplan part).
GLYPH_ARRAY = re.compile(r"(hb_codepoint_t)\[(\d+)\]")


class _ParsedTypes(dict):
    """cffi's cache of parsed type strings that also makes GLYPH_ARRAY types.

    It builds them as cffi does after parsing (model.ArrayType), without the
    parse. Any other string missing here is parsed by cffi as before.
    """

    def __init__(self, parsed: dict, ffi):
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, cdecl):
        match = GLYPH_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)
        from cffi import model

        pointer = self.ffi.typeof(f"{match[1]} *")
        array = model.global_cache("?", self.ffi, "new_array_type", pointer, int(match[2]))
        self[cdecl] = (array, False)
        return self[cdecl]


@functools.cache
def _warm_c_types() -> None:
    """Parse C_TYPES in this process, once, and let cffi make GLYPH_ARRAY types."""
    from weasyprint.text.ffi import ffi

    for name in C_TYPES:
        # A type this WeasyPrint does not declare is just not warmed.
        with contextlib.suppress(Exception):
            ffi.typeof(name)
    parsed = getattr(ffi, "_parsed_types", None)
    if type(parsed) is dict:
        ffi._parsed_types = _ParsedTypes(parsed, ffi)


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


def _timeout(timeout: float | None) -> float:
    """Seconds allowed; zero (or less) allows no time at all, never "wait forever"."""
    timeout = settings.PDF_RENDER_TIMEOUT if timeout is None else timeout
    return max(float(timeout), 0.0)


def _start_child(target, html: str, *, duplex: bool = False):
    """Fork a renderer for `html`; returns (process, the parent's end of the pipe)."""
    _warm_c_types()
    prepared = _stylesheets(tuple(stylesheets_for(html)))
    context = multiprocessing.get_context("fork")
    # Pipe(duplex=False) gives (receiver, sender): the parent receives.
    parent_end, child_end = context.Pipe(duplex=duplex)
    with warnings.catch_warnings(), _prepared_lock:
        # The child only runs WeasyPrint on a finished string and exits; it
        # takes no lock another thread could hold (preparing stylesheets in
        # another thread holds _prepared_lock, so no fork happens meanwhile).
        warnings.simplefilter("ignore", DeprecationWarning)
        child = context.Process(target=target, args=(html, prepared, child_end), daemon=True)
        child.start()
    child_end.close()
    return child, parent_end


def _stop(child, pipe) -> None:
    """End a child that failed or ran out of time: kill it and wait for it."""
    pipe.close()
    if child.is_alive():
        child.kill()
    child.join(1)


def _let_go(child, pipe) -> None:
    """Leave a child that sent its PDF to exit on its own.

    Tearing down its memory takes the kernel several milliseconds, and the
    request need not wait for that: multiprocessing reaps the child at the
    next start of a child (or at exit).
    """
    pipe.close()


def html_to_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """Render finished HTML to PDF bytes in a child process, or raise PdfRenderError.

    `timeout` is in seconds; None means settings.PDF_RENDER_TIMEOUT. Zero (or
    less) allows no time at all, so rendering always fails: it never means
    "wait forever".
    """
    timeout = _timeout(timeout)
    child, receiver = _start_child(_render_child, html)
    try:
        if not receiver.poll(timeout):
            raise PdfRenderError(f"PDF rendering took longer than {timeout} s.")
        ok, payload = receiver.recv()
    except EOFError:
        _stop(child, receiver)
        raise PdfRenderError("PDF rendering stopped unexpectedly.") from None
    except BaseException:
        _stop(child, receiver)
        raise
    _let_go(child, receiver)
    if not ok:
        raise PdfRenderError(payload)
    return payload


def html_parts_to_pdf(
    parts: Sequence[str | Callable[[], str]], *, timeout: float | None = None
) -> bytes:
    """Render the HTML documents `parts` side by side and join them into one PDF.

    Each part is a whole HTML document (or a function that makes it, called
    just before its child starts, so the first child need not wait for the
    HTML of the others), laid out in its own forked child at the same time as
    the others (a long document in two parts takes about half the time on two
    CPUs), and begins on a new page. The pages are numbered as one
    document: a child lays out its part, tells the parent its number of pages,
    and learns the number of its first page and the total before it makes the
    page margins, where "pagina X van Y" is. The parent joins the children's
    PDFs with pikepdf (qpdf); the document's metadata and outline are the
    first part's. Same rules as html_to_pdf: the static-only fetcher, one time
    limit for the whole document, PdfRenderError and no PDF at all on failure.
    """
    if len(parts) == 1:
        return html_to_pdf(_html(parts[0]), timeout=timeout)
    timeout = _timeout(timeout)
    deadline = time.monotonic() + timeout
    with contextlib.ExitStack() as stack:
        children = []
        for part in parts:
            child, pipe = _start_child(_render_part_child, _html(part), duplex=True)
            stack.callback(_stop, child, pipe)
            children.append((child, pipe))
        import pikepdf  # noqa: F401 - for join_pdfs; the first import (0.2 s) runs meanwhile

        counts = [_receive(pipe, deadline, timeout, "pages") for _child, pipe in children]
        first, total = 1, sum(counts)
        for (_child, pipe), count in zip(children, counts, strict=True):
            pipe.send((first, total))
            first += count
        pdfs = [_receive(pipe, deadline, timeout, "pdf") for _child, pipe in children]
        stack.pop_all()
    for child, pipe in children:
        _let_go(child, pipe)
    return join_pdfs(pdfs)


def _html(part: str | Callable[[], str]) -> str:
    return part if isinstance(part, str) else part()


def _receive(pipe, deadline: float, timeout: float, kind: str):
    """The next message of `kind` from a part's child, or PdfRenderError."""
    try:
        if not pipe.poll(max(deadline - time.monotonic(), 0.0)):
            raise PdfRenderError(f"PDF rendering took longer than {timeout} s.")
        got, payload = pipe.recv()
    except (EOFError, OSError):
        raise PdfRenderError("PDF rendering stopped unexpectedly.") from None
    if got == "error":
        raise PdfRenderError(payload)
    if got != kind:
        raise PdfRenderError(f"PDF rendering sent {got!r} instead of {kind!r}.")
    return payload


def join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF with the pages of `pdfs` in order; metadata and outline of the first."""
    import pikepdf

    with contextlib.ExitStack() as stack:
        joined = stack.enter_context(pikepdf.open(io.BytesIO(pdfs[0])))
        for number, data in enumerate(pdfs[1:], 1):
            # qpdf copies the page contents when it writes: keep the parts open.
            part = stack.enter_context(pikepdf.open(io.BytesIO(data)))
            _retag_font_subsets(part, number)
            joined.pages.extend(part.pages)
        out = io.BytesIO()
        joined.save(out, deterministic_id=True)
    return out.getvalue()


SUBSET_TAG = re.compile(r"/?([A-Z]{6})\+(.*)")


def _retag_font_subsets(pdf, number: int) -> None:
    """Give the font subsets of the `number`th part names of their own.

    WeasyPrint tags a subset ("ABCDEF+Source-Sans-3") after the font, not after
    its glyphs, so every part has a different subset under the same name; a
    viewer or printer that takes fonts of one name for one font would draw
    missing glyphs.
    """
    import pikepdf

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        for key in ("/BaseFont", "/FontName"):
            name = obj.get(key)
            if isinstance(name, pikepdf.Name) and (match := SUBSET_TAG.fullmatch(str(name))):
                digest = hashlib.md5(f"{number}:{match[1]}".encode(), usedforsecurity=False)
                tag = "".join(chr(65 + byte % 26) for byte in digest.digest()[:6])
                obj[key] = pikepdf.Name(f"/{tag}+{match[2]}")


# Pictographs, dingbats and other symbols that Source Sans does not draw.
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def stylesheets_for(html: str) -> list[str]:
    """The shared print style, plus the emoji font only when the text needs it."""
    return [PDF_STYLESHEET, EMOJI_STYLESHEET] if EMOJI.search(html) else [PDF_STYLESHEET]


def _in_child() -> None:
    """Set up a freshly forked renderer.

    The child exits when its PDF is sent, so the cyclic garbage collector has
    nothing to win: its passes over the parent's objects and WeasyPrint's
    boxes took almost a tenth of the render. Reference counting still frees
    everything else, and the time limit bounds the rest.
    """
    gc.disable()


def _on_one_stack_chunk(function, *args):
    """function(*args), with room for its Python frames in one stack chunk.

    CPython keeps Python frames in 16 KiB chunks that it maps when the call
    depth runs past the end of one and unmaps when it comes back. WeasyPrint's
    recursive layout goes back and forth across such an end thousands of
    times: for the actieplan that was 5,000 mmap/munmap pairs and 25,000 page
    faults, 0.2 s of system time per render. The code of this function
    (replaced below) reserves a frame of about 560 KB, so CPython gives it a
    1 MiB chunk and everything it calls runs in the other half of that.
    Without that support (not CPython) it is just a call.
    """
    return function(*args)


if sys.implementation.name == "cpython":
    with contextlib.suppress(AttributeError, TypeError, ValueError):
        _on_one_stack_chunk.__code__ = _on_one_stack_chunk.__code__.replace(co_stacksize=70_000)


class _Stylesheets:
    """The print stylesheets parsed, with their fonts in a FontConfiguration.

    Made in the parent and inherited by every forked child, so a render does
    not set up Fontconfig and parse pdf.css again (about 35 ms), and its fonts
    are written to a temporary folder once per process instead of once per
    render: a child ends with os._exit, so WeasyPrint never removed the
    folder of the child's own FontConfiguration.
    """

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        # Without a shared FontConfiguration WeasyPrint ignores @font-face
        # and silently falls back to a system font.
        self.font_config = FontConfiguration()
        fetcher = StaticOnlyFetcher()
        self.stylesheets = [
            weasyprint.CSS(
                url=STATIC_PREFIX + name, url_fetcher=fetcher, font_config=self.font_config
            )
            for name in names
        ]
        # Children end with os._exit; the parent removes the fonts' folder.
        if folder := self.font_config._folder:
            atexit.register(shutil.rmtree, folder, ignore_errors=True)


_prepared: dict[tuple, _Stylesheets] = {}
_prepared_lock = threading.Lock()


def _stylesheets(names: tuple[str, ...]) -> _Stylesheets:
    """The prepared stylesheets `names`, made again when one of the files changed."""
    paths = [static_path_for(STATIC_PREFIX + name) for name in names]
    key = (names, tuple(path.stat().st_mtime_ns if path else 0 for path in paths))
    with _prepared_lock:
        if key not in _prepared:
            for old in [old for old in _prepared if old[0] == key[0]]:
                del _prepared[old]
            _prepared[key] = _Stylesheets(names)
        return _prepared[key]


def _write_pdf(html: str, prepared: _Stylesheets | None = None) -> bytes:
    """The PDF of `html` (in a child only).

    `prepared` are the parent's stylesheets for this HTML, if it made them.
    """
    names = tuple(stylesheets_for(html))
    if prepared is None or prepared.names != names:
        prepared = _Stylesheets(names)
    font_config = prepared.font_config
    # Fonts of the page's own stylesheets (none today) go to a folder of this
    # child's, removed when it is done; the parent's folder stays as it is.
    parent_folder = font_config._folder
    font_config._folder = None
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
        return document.render(
            stylesheets=prepared.stylesheets, presentational_hints=False, font_config=font_config
        ).write_pdf()
    finally:
        child_folder, font_config._folder = font_config._folder, parent_folder
        if child_folder is not None:
            shutil.rmtree(child_folder, ignore_errors=True)


def _render_child(html: str, prepared: _Stylesheets, sender) -> None:
    try:
        _in_child()
        pdf = _on_one_stack_chunk(_write_pdf, html, prepared)
        sender.send((True, pdf))
    except Exception as error:  # reported to the parent, which raises
        sender.send((False, f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()
        os._exit(0)


def _render_part_child(html: str, prepared: _Stylesheets, pipe) -> None:
    try:
        _in_child()
        _number_pages_from_parent(pipe)
        pdf = _on_one_stack_chunk(_write_pdf, html, prepared)
        pipe.send(("pdf", pdf))
    except Exception as error:  # reported to the parent, which raises
        pipe.send(("error", f"{type(error).__name__}: {error}"[:500]))
    finally:
        pipe.close()
        os._exit(0)


def _number_pages_from_parent(pipe) -> None:
    """Number this child's pages as part of the whole document.

    WeasyPrint paginates the whole part first and makes the page margins
    (with their page counters) afterwards, one page at a time, in
    weasyprint.layout.make_margin_boxes. Replaced here, in the child only:
    before the first page's margins it tells the parent how many pages the part
    has and waits for the number of its first page and the document's total;
    then each page's margins count from there.
    """
    from weasyprint import layout

    make_margin_boxes = layout.make_margin_boxes
    numbering = []

    def numbered_margin_boxes(context, page, state):
        quote_depth, counter_values, counter_scopes, page_groups = state
        if not numbering:
            pipe.send(("pages", counter_values["pages"][-1]))
            numbering.extend(pipe.recv())
        first, total = numbering
        counter_values = {
            **counter_values,
            "page": [value + first - 1 for value in counter_values["page"]],
            "pages": [total],
        }
        state = (quote_depth, counter_values, counter_scopes, page_groups)
        return make_margin_boxes(context, page, state)

    layout.make_margin_boxes = numbered_margin_boxes
