"""Where an aid is shown: its own library page, or a page elsewhere in the app.

`Aid.page_url_name` names that page, optionally with an anchor
("ontwikkelmodel_grid#kenniselementen"). Some of those pages belong to a school
(the voorgesprekken, the rondes): they need a school to link to, so on a
school's pages an aid links straight to that school's page, and elsewhere to
the aid's library page, which lists the reader's schools.
"""

from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse

# Any slug will do to find out whether a page needs a school.
_PROBE_SLUG = "school"


def split_page(page_url_name: str) -> tuple[str, str]:
    name, _, anchor = (page_url_name or "").partition("#")
    return name.strip(), anchor.strip()


def _reverse(name: str, anchor: str, **kwargs) -> str | None:
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    return f"{url}#{anchor}" if anchor else url


def page_url(aid, school_slug: str | None = None) -> str | None:
    """The app page showing this aid (for this school if the page needs one), or None."""
    name, anchor = split_page(aid.page_url_name)
    if not name:
        return None
    url = _reverse(name, anchor)
    if url is None and school_slug:
        url = _reverse(name, anchor, school_slug=school_slug)
    return url


def needs_school(aid) -> bool:
    """True for an aid shown on a page that belongs to one school."""
    name, anchor = split_page(aid.page_url_name)
    return bool(name) and _reverse(name, anchor) is None and page_url(aid, _PROBE_SLUG) is not None


def is_valid_page(page_url_name: str) -> bool:
    """Whether a page name can be linked to, with or without a school."""
    name, anchor = split_page(page_url_name)
    return (
        _reverse(name, anchor) is not None
        or _reverse(name, anchor, school_slug=_PROBE_SLUG) is not None
    )


def aid_href(aid, school_slug: str | None = None) -> str:
    """Where a link to this aid goes: its page in the app if it can, else the library."""
    return page_url(aid, school_slug) or reverse("aid_detail", args=[aid.code])


def is_web_address(url: str) -> bool:
    """Only http(s) addresses become links; anything else is shown as text."""
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def domain(url: str) -> str:
    """The site a link goes to, as people say it: 'bol.com', 'nji.nl'."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.")
