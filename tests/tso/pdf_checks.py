"""Measuring a printed PDF: page size, fonts, page header and footer, dates, text.

Shared by tests/tso/test_print_quality.py and any test that wants to hold a
PDF to the same standard. The poppler tools (pdftotext, pdffonts, pdftoppm)
do the measuring; CI installs them (poppler-utils).
"""

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
# Every print style keeps at least 20 mm above the page area; the header
# (school name, document title) sits in that band, the body below it.
HEADER_BAND = 19.5 * MM
FOOTER_BAND = 17 * MM
# Text must stay inside the page with room to spare: every style has side
# margins of 13 mm or more, so text nearer the edge ran out of its box.
EDGE = 10 * MM

DUTCH_MONTHS = {
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
}
# Django's Dutch abbreviations ("j b Y" in tables: "1 mrt 2027").
DUTCH_MONTHS_SHORT = {
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
}
# English names that are not also Dutch words (April, September... are both).
ENGLISH_NAMES = re.compile(
    r"\b(January|February|March|May|June|July|August|October"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mar|Oct)\b"
)
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-zé]+)\.?\s+(\d{4})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})\b")

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def have_poppler() -> bool:
    return all(shutil.which(tool) for tool in ("pdftotext", "pdffonts"))


def squash(text: str) -> str:
    """Without whitespace: a PDF may wrap a long string anywhere."""
    return "".join(text.split())


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def header(self) -> str:
        return " ".join(w.text for w in self.words if w.y1 <= HEADER_BAND)

    @property
    def footer(self) -> str:
        return " ".join(w.text for w in self.words if w.y0 >= self.height - FOOTER_BAND)

    @property
    def body(self) -> str:
        return " ".join(
            w.text for w in self.words if w.y1 > HEADER_BAND and w.y0 < self.height - FOOTER_BAND
        )

    @property
    def is_a4(self) -> bool:
        size = sorted((self.width, self.height))
        return abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def words_near_the_edge(self) -> list[Word]:
        return [
            w
            for w in self.words
            if w.x0 < EDGE or w.x1 > self.width - EDGE or w.y0 < 0 or w.y1 > self.height
        ]


def pages(pdf: bytes, tmp_path: Path) -> list[Page]:
    """Every page with its words and their positions (pdftotext -bbox)."""
    path = tmp_path / "measure.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    found = []
    for number, (width, height, body) in enumerate(PAGE.findall(out), start=1):
        page = Page(number, float(width), float(height))
        for x0, y0, x1, y1, text in WORD.findall(body):
            page.words.append(Word(float(x0), float(y0), float(x1), float(y1), html.unescape(text)))
        found.append(page)
    return found


def fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) of every font in the PDF, per pdffonts."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    header, _rule, *rows = output.splitlines()
    emb = header.index("emb")
    return [(row.split()[0], row[emb : emb + 3].strip() == "yes") for row in rows if row.strip()]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def dates_in(text: str) -> list[tuple[str, str, str]]:
    return DAY_MONTH_YEAR.findall(text)


def foreign_dates(text: str) -> list[str]:
    """Dates not written the Dutch way: English month or day names, or numbers only."""
    dutch = DUTCH_MONTHS | DUTCH_MONTHS_SHORT
    # Lower case as Django writes them, or all capitals in a heading styled so.
    wrong = [
        " ".join(d)
        for d in dates_in(text)
        if not (d[1] in dutch or (d[1].isupper() and d[1].lower() in dutch))
    ]
    wrong += [m.group(0) for m in ENGLISH_NAMES.finditer(text)]
    wrong += NUMERIC_DATE.findall(text)
    return wrong


def to_png(pdf: bytes, folder: Path, stem: str, dpi: int = 50) -> list[Path]:
    """Every page as PNG (pdftoppm), for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{stem}.pdf"
    source.write_bytes(pdf)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / stem)],
        check=True,
        timeout=120,
    )
    return sorted(folder.glob(f"{stem}-*.png"))
