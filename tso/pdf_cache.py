"""Printing an unchanged document again costs a cache lookup, not a render.

The key is a hash of everything that shapes the PDF:

- the data: every model instance in the template's context with all its field
  values, its select_related objects and its prefetched rows (walked by
  `fingerprint`), plus the plain values beside them (today's date, flags);
- the template sources and the print stylesheets;
- the renderer's version, the language and KEY_VERSION below;
- the scope (the school), so two schools never share an entry, even in theory.

Hashing the data instead of the finished HTML spares the template rendering
on a hit. It is only sound if the template shows nothing but what the
context holds: the templates must not follow relations that were not
selected or prefetched (tests/tso/test_actieplan_pdf.py renders them with
no query allowed).

Which cache: the alias "pdf" when settings.CACHES defines one (a shared
file-based or Redis cache serves every worker), else Django's "default"
cache. The project configures no CACHES, so that is Django's per-process
local-memory cache: nothing to set up, a hit costs well under a millisecond,
and each worker process warms its own copy.
"""

import datetime
import decimal
import enum
import hashlib
from collections.abc import Callable
from functools import partial

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db.models import Model, QuerySet
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.functional import Promise

from tso.pdf import EMOJI_STYLESHEET, PDF_STYLESHEET, html_parts_to_pdf, html_to_pdf

# Bump when the rendering changes in a way the templates and styles do not
# show (the Python code that prepares the context, for instance).
KEY_VERSION = "2"
# A printed document is asked for again within days, not months.
TIMEOUT = 7 * 24 * 60 * 60

PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.time, decimal.Decimal)
# Fields no document prints; leaving them out keeps a login from emptying the cache.
IGNORED_FIELDS = {"password", "last_login"}


def pdf_cache():
    return caches["pdf" if "pdf" in settings.CACHES else "default"]


def fingerprint(value) -> str:
    """A canonical text of `value`: model instances with their loaded relations, lists, dicts."""
    parts: list[str] = []
    _walk(value, parts, set())
    return "\x1f".join(parts)


def _walk(value, parts: list[str], seen: set) -> None:
    if isinstance(value, enum.Enum):
        parts.append(f"{type(value).__name__}.{value.value!r}")
    elif isinstance(value, PLAIN):  # datetime is a date
        parts.append(repr(value))
    elif isinstance(value, Promise):  # a lazy translation
        parts.append(repr(str(value)))
    elif isinstance(value, Model):
        key = (value._meta.label, value.pk, id(value))
        if key in seen:
            parts.append(f"@{value._meta.label}:{value.pk}")
            return
        seen.add(key)
        parts.append(f"<{value._meta.label}")
        for name, item in sorted(value.__dict__.items()):
            if name == "_state":
                for related, cached in sorted(value._state.fields_cache.items()):
                    parts.append(f".{related}")
                    _walk(cached, parts, seen)
            elif name == "_prefetched_objects_cache":
                for related, rows in sorted(item.items()):
                    parts.append(f"+{related}")
                    _walk(rows, parts, seen)
            elif not name.startswith("__") and name not in IGNORED_FIELDS:
                parts.append(f"{name}=")
                _walk(item, parts, seen)
        parts.append(">")
    elif isinstance(value, QuerySet):
        if value._result_cache is None:
            raise TypeError("Evaluate querysets before fingerprinting them (list(...)).")
        _walk(value._result_cache, parts, seen)
    elif isinstance(value, dict):
        parts.append("{")
        for name, item in sorted(value.items(), key=lambda pair: str(pair[0])):
            parts.append(f"{name}:")
            _walk(item, parts, seen)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for item in value:
            _walk(item, parts, seen)
        parts.append("]")
    else:
        raise TypeError(f"Cannot fingerprint a {type(value).__name__}; pass model data.")


def cache_key(
    *, scope: str, templates: tuple[str, ...], stylesheets: tuple[str, ...], data: dict
) -> str:
    digest = hashlib.sha256()
    digest.update(
        f"{KEY_VERSION}|{weasyprint.__version__}|{translation.get_language()}|{scope}|".encode()
    )
    for name in templates:
        digest.update(name.encode() + b"\0" + get_template(name).template.source.encode())
    for name in (PDF_STYLESHEET, EMOJI_STYLESHEET, *stylesheets):
        path = finders.find(name)
        digest.update(name.encode() + b"\0" + (_read(path) if path else b"missing") + b"\0")
    digest.update(fingerprint(data).encode())
    return f"tso-pdf:{scope}:{digest.hexdigest()}"


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def cached_pdf(
    *,
    scope: str,
    templates: tuple[str, ...],
    stylesheets: tuple[str, ...],
    data: dict,
    extra: dict | None = None,
    parts: Callable[[dict], list[dict]] | None = None,
) -> tuple[bytes, bool]:
    """The PDF of templates[0] and whether it came from the cache.

    `templates` names the template and every template it extends or includes;
    `stylesheets` the static files it links to (the shared print style is
    added by itself). `data` is what the document shows: it is fingerprinted
    for the key and passed to the template together with `extra` (context
    that does not change the output, such as the request's access object).
    `parts`, if given, splits that context into the contexts of parts to
    render side by side (tso.pdf.html_parts_to_pdf); it must depend on the
    data only, as the key does. Raises tso.pdf.PdfRenderError like
    html_to_pdf; failures are not cached.
    """
    cache = pdf_cache()
    key = cache_key(scope=scope, templates=templates, stylesheets=stylesheets, data=data)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf, True
    context = {**data, **(extra or {})}
    contexts = parts(context) if parts else [context]
    if len(contexts) == 1:
        pdf = html_to_pdf(render_to_string(templates[0], contexts[0]))
    else:
        pdf = html_parts_to_pdf([partial(render_to_string, templates[0], c) for c in contexts])
    cache.set(key, pdf, TIMEOUT)
    return pdf, False
