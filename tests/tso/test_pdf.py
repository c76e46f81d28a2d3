"""The school overview PDF and the safe PDF helper (tso/pdf.py).

The safety tests put markup that would make a careless renderer fetch URLs and
embed local files into the data, and check that the PDF only ever shows it as
text: a TCP listener on loopback records any connection attempt.
"""

import shutil
import socket
import subprocess
import threading
import time
from io import BytesIO
from unittest import mock

import pytest
import weasyprint
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader
from pypdf.generic import StreamObject

from schools.models import AuditEvent
from tests.factories import MembershipFactory
from tso import pdf as pdf_module
from tso.pdf import (
    STATIC_PREFIX,
    PdfRenderError,
    StaticOnlyFetcher,
    html_parts_to_pdf,
    html_to_pdf,
)

PASSWD_MARKER = b"root:x:0:0"
VLINDER_TEXTS = ["Vlinder", "Stichting Anders", "Vera Bakker", "Koen Visser", "vlinder.example"]


# Helpers -------------------------------------------------------------------


class Listener:
    """A TCP server on 127.0.0.1 that records every connection it is offered."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._answer(conn)

    def _answer(self, conn):
        with conn:
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                self.connections.append(b"")

    def close(self) -> list[bytes]:
        """Stop serving; also count connections still waiting in the backlog."""
        if self.server.fileno() == -1:  # already closed
            return self.connections
        self._stop.set()
        self._thread.join(2)
        self.server.setblocking(False)
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                break
            self._answer(conn)
        self.server.close()
        return self.connections


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def hostile_html(port: int) -> str:
    """Raw (unescaped) markup that fetches from the listener and embeds /etc/passwd."""
    return f"""<!doctype html><html><head>
<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
<style>@import url(http://127.0.0.1:{port}/y.css);</style>
<link rel="attachment" href="file:///etc/passwd">
</head><body>
<p>Hallo</p>
<img src="http://127.0.0.1:{port}/x">
<img src="file:///etc/passwd">
<a rel="attachment" href="file:///etc/passwd">x</a>
</body></html>"""


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def squash(text: str) -> str:
    """Drop all whitespace: the PDF may wrap long strings anywhere."""
    return "".join(text.split())


def pdf_dump(pdf: bytes) -> bytes:
    """The raw bytes plus every object and decoded stream.

    WeasyPrint writes object streams, so "/EmbeddedFile" or file contents need
    not appear in the raw bytes even when they are there.
    """
    reader = PdfReader(BytesIO(pdf))
    parts = [pdf]
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free or unreadable entry
            continue
        if obj is None:
            continue
        parts.append(repr(obj).encode())
        if isinstance(obj, StreamObject):
            parts.append(obj.get_data())
    return b"\n".join(parts)


def assert_nothing_embedded(pdf: bytes):
    assert b"/EmbeddedFile" not in pdf  # also covers /EmbeddedFiles
    assert PASSWD_MARKER not in pdf
    assert PdfReader(BytesIO(pdf)).attachments == {}
    dump = pdf_dump(pdf)
    assert b"/EmbeddedFile" not in dump
    assert b"/FileAttachment" not in dump
    assert PASSWD_MARKER not in dump


def today_in_dutch() -> str:
    with translation.override("nl"):
        return formats.date_format(timezone.localdate(), "j F Y")


def overview_url(school) -> str:
    return reverse("school_overview_pdf", args=[school.slug])


# The school overview -------------------------------------------------------


def test_school_overview_pdf_for_kartrekker(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(overview_url(zonnebloem))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in [
        "OBS De Zonnebloem",
        "Schooloverzicht",
        "Stichting Voorbeeld",
        "Sanne de Vries",
        "Karim El Amrani",
        "Wendy Jansen",
        "Tamara Hoekstra",
        "pagina 1 van",
        today_in_dutch(),
    ]:
        assert expected in text
    for other_school in VLINDER_TEXTS:
        assert other_school not in text
    events = AuditEvent.objects.filter(kind="pdf_downloaded", school=zonnebloem)
    assert [(e.actor, e.subject) for e in events] == [(kartrekker, "schooloverzicht")]


def test_footer_shows_printed_date(zonnebloem, kartrekker, client_for):
    text = pdf_text(client_for(kartrekker).get(overview_url(zonnebloem)).content)

    assert f"Afgedrukt op {today_in_dutch()}" in text


def test_long_member_list_runs_over_pages_with_header_and_footer(
    zonnebloem, kartrekker, client_for
):
    MembershipFactory.create_batch(60, school=zonnebloem, teamlid=True)

    response = client_for(kartrekker).get(overview_url(zonnebloem))

    pages = [page.extract_text() for page in PdfReader(BytesIO(response.content)).pages]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        # Page header and footer on every page.
        assert "OBS De Zonnebloem" in page
        assert "Schooloverzicht" in page
        assert f"Afgedrukt op {today_in_dutch()}" in page
        assert f"pagina {number} van {len(pages)}" in page
        # The column headings of the members table repeat on every page.
        assert "E-mailadres" in page


def test_outsider_gets_no_pdf(zonnebloem, vlinder_kartrekker, client_for):
    response = client_for(vlinder_kartrekker).get(overview_url(zonnebloem))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()


@pytest.mark.skipif(
    not shutil.which("pdffonts"), reason="pdffonts missing: apt-get install poppler-utils"
)
def test_bundled_font_is_embedded(zonnebloem, kartrekker, client_for, tmp_path):
    path = tmp_path / "overzicht.pdf"
    path.write_bytes(client_for(kartrekker).get(overview_url(zonnebloem)).content)

    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    header, _, *rows = output.splitlines()
    emb = header.index("emb")
    fonts = [(row.split()[0], row[emb : emb + 3]) for row in rows if row.strip()]
    assert fonts
    # Every font, page numbers in the margin boxes included, is the bundled
    # Source Sans 3 and embedded: no fallback to a system font.
    for name, embedded in fonts:
        assert "sourcesans" in name.replace("-", "").lower(), fonts
        assert embedded == "yes", fonts


@pytest.mark.skipif(
    not shutil.which("pdffonts"), reason="pdffonts missing: apt-get install poppler-utils"
)
def test_emoji_in_user_text_print_with_the_bundled_emoji_font(tmp_path):
    path = tmp_path / "emoji.pdf"
    path.write_bytes(html_to_pdf("<p>Samen sterk 💪🌻 en ‘ëïé’</p>", timeout=30))
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    assert "Noto-Emoji" in output and "SourceSans" in output.replace("-", "")
    assert "💪🌻" in "".join(page.extract_text() for page in PdfReader(path).pages)


# Safety --------------------------------------------------------------------


def test_markup_in_user_text_is_only_text(
    zonnebloem, kartrekker, werkgroeplid, client_for, listener
):
    img = f'<img src="http://127.0.0.1:{listener.port}/x">'
    attachment = "<link rel=attachment href=file:///etc/passwd>"
    css_import = f"@import url(http://127.0.0.1:{listener.port}/x.css)"
    zonnebloem.name = f"OBS {img} {attachment} {css_import}"
    assert len(zonnebloem.name) <= 200
    zonnebloem.save()
    kartrekker.full_name = f"Karim {img}"
    kartrekker.save()
    werkgroeplid.full_name = f"Wendy {attachment}"
    werkgroeplid.save()

    response = client_for(kartrekker).get(overview_url(zonnebloem))

    assert response.status_code == 200
    pdf = response.content
    text = squash(pdf_text(pdf))
    for literal in [img, attachment, css_import, f"Karim {img}", f"Wendy {attachment}"]:
        assert squash(literal) in text
    assert listener.close() == []
    assert_nothing_embedded(pdf)


def test_helper_refuses_fetches_even_for_raw_markup(listener):
    pdf = html_to_pdf(hostile_html(listener.port), timeout=20)

    assert "Hallo" in pdf_text(pdf)
    assert listener.close() == []
    assert_nothing_embedded(pdf)


def test_payload_is_live_without_the_safe_fetcher(listener):
    """Control: the default WeasyPrint fetcher does follow the hostile markup.

    This proves the listener and the embed checks would catch a leak.
    """
    pdf = weasyprint.HTML(string=hostile_html(listener.port)).write_pdf()

    assert listener.close() != []
    assert PASSWD_MARKER in pdf_dump(pdf)
    assert b"/EmbeddedFile" in pdf_dump(pdf)


def test_static_only_fetcher_serves_bundled_static_files():
    fetcher = StaticOnlyFetcher()

    response = fetcher.fetch(STATIC_PREFIX + "css/pdf.css")

    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.org/static/css/pdf.css",
        "data:text/css,p{color:red}",
        STATIC_PREFIX + "css/../css/pdf.css",
        STATIC_PREFIX + "%2e%2e/tso/settings.py",
        STATIC_PREFIX + "../../../../etc/passwd.css",
        STATIC_PREFIX + "css/pdf.css?x=1",
        STATIC_PREFIX + "tso/pdf.py",
        STATIC_PREFIX + "fonts/source-sans-3/OFL.txt",
        STATIC_PREFIX + "css/does-not-exist.css",
    ],
)
def test_static_only_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError, match="Refused"):
        StaticOnlyFetcher().fetch(url)


def test_disallowed_suffix_is_refused_although_the_file_exists():
    assert finders.find("fonts/source-sans-3/OFL.txt")
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(STATIC_PREFIX + "fonts/source-sans-3/OFL.txt")


def test_renders_leave_no_font_folders_behind(tmp_path, monkeypatch):
    """The children end with os._exit: their own font folders must be gone by then."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    html_to_pdf("<p>Hallo</p>", timeout=30)
    html_to_pdf("<p>Samen sterk 💪</p>", timeout=30)
    html_parts_to_pdf(["<p>een</p>", "<p>twee 🌻</p>"], timeout=30)
    # Only the parent's prepared stylesheets keep a folder, one per set.
    assert len(list(tmp_path.glob("weasyprint-*"))) <= 2


# Rendering in parts --------------------------------------------------------


def part(name: str, pages: int) -> str:
    """A document of `pages` pages in the shared print style."""
    body = "".join(
        f'<p style="break-before: page">{name}, blad {number}</p>' for number in range(pages)
    )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Titel {name}</title></head>"
        f'<body data-school="OBS De Zonnebloem" data-doctitle="Het {name}">{body}</body></html>'
    )


def test_parts_are_joined_in_order_and_numbered_as_one_document():
    pdf = html_parts_to_pdf([part("eerste", 2), part("tweede", 3), part("derde", 1)], timeout=30)

    reader = PdfReader(BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 6
    expected = ["eerste"] * 2 + ["tweede"] * 3 + ["derde"]
    for number, (text, name) in enumerate(zip(pages, expected, strict=True), 1):
        assert f"pagina {number} van 6" in text
        assert "OBS De Zonnebloem" in text  # the page header of every part
        assert f"{name}, blad" in text
    # One document: the first part's metadata.
    assert reader.metadata.title == "Titel eerste"


def test_each_part_keeps_its_own_font_subsets_apart():
    pdf = html_parts_to_pdf([part("eerste", 1), part("tweede", 1)], timeout=30)

    names = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.setdefault(str(font.get_object()["/BaseFont"]), set()).add(font.idnum)
    # Two subsets of the same font (one per part), each under its own name.
    assert len(names) >= 2
    assert all(len(objects) == 1 for objects in names.values())
    assert len({name.split("+", 1)[1] for name in names}) < len(names)


def test_one_part_is_a_plain_render():
    with mock.patch.object(pdf_module, "html_to_pdf", wraps=html_to_pdf) as plain:
        pdf = html_parts_to_pdf([part("enige", 2)], timeout=30)
    assert plain.call_count == 1
    assert "pagina 2 van 2" in pdf_text(pdf)


def test_parts_use_only_the_static_fetcher(listener):
    pdf = html_parts_to_pdf([part("eerste", 1), hostile_html(listener.port)], timeout=30)
    assert listener.close() == []
    assert_nothing_embedded(pdf)


def test_a_failing_part_fails_the_whole_document():
    real = pdf_module._write_pdf

    def fail_on_the_second(html, prepared=None):
        if "tweede" in html:
            raise ValueError("kapot")
        return real(html, prepared)

    # The children are forked: they run the patched function.
    with (
        mock.patch.object(pdf_module, "_write_pdf", fail_on_the_second),
        pytest.raises(PdfRenderError, match="kapot"),
    ):
        html_parts_to_pdf([part("eerste", 1), part("tweede", 1)], timeout=30)


def test_a_slow_part_is_stopped_at_the_time_limit():
    rows = "".join(f"<tr><td>rij {i}</td><td>tekst tekst tekst {i}</td></tr>" for i in range(20000))
    started = time.monotonic()

    with pytest.raises(PdfRenderError, match="longer than"):
        html_parts_to_pdf([part("eerste", 1), f"<table>{rows}</table>"], timeout=1)

    assert time.monotonic() - started < 5


def test_parts_get_no_time_with_a_zero_timeout():
    with pytest.raises(PdfRenderError):
        html_parts_to_pdf([part("eerste", 1), part("tweede", 1)], timeout=0)


def test_the_stack_trampoline_calls_through():
    assert pdf_module._on_one_stack_chunk(divmod, 7, 2) == (3, 1)


# Time limit ----------------------------------------------------------------


def test_slow_render_is_stopped_at_the_time_limit():
    # 2,000 rows take about 3 s on the development machine; this is ten times that.
    rows = "".join(f"<tr><td>rij {i}</td><td>tekst tekst tekst {i}</td></tr>" for i in range(20000))
    started = time.monotonic()

    with pytest.raises(PdfRenderError, match="longer than"):
        html_to_pdf(f"<table>{rows}</table>", timeout=1)

    assert time.monotonic() - started < 5


def test_zero_timeout_means_no_time_not_the_default():
    with pytest.raises(PdfRenderError):
        html_to_pdf("<p>Hallo</p>", timeout=0)


def test_view_shows_a_friendly_page_when_rendering_fails(
    zonnebloem, kartrekker, client_for, settings
):
    settings.PDF_RENDER_TIMEOUT = 0

    response = client_for(kartrekker).get(overview_url(zonnebloem))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "De PDF kon niet worden gemaakt." in content
    assert "neem contact op met de beheerder" in content
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()
