"""Chart geometry for the profile, drawn as SVG by Django templates (charts/*.html).

Python computes coordinates; templates write the markup, so every label is
autoescaped. Every visual property is an SVG presentation attribute (fill=,
stroke=), never a style attribute: the page's CSP forbids inline styles, and
WeasyPrint draws presentation attributes exactly as the browser does, so a chart
looks the same on screen and in the PDF.

Meaning never rests on colour alone: groeifases are numbered and shown as
length, the previous ronde has its own marker shape and a dashed line.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ontwikkelmodel.models import GROEIFASES
from ontwikkelmodel.profile import AccentProfile, GroeilaagProfile, Profile

MAX_FASE = GROEIFASES[-1]

# One hue, darker with every groeifase; the text colour on each keeps 4.5:1.
FASE_FILL = {1: "#d3e6eb", 2: "#9cc6d1", 3: "#3f7b8d", 4: "#1f4e5f"}
FASE_TEXT = {1: "#1d2730", 2: "#1d2730", 3: "#ffffff", 4: "#ffffff"}
EMPTY_FILL = "#f4f7f8"
GRID_STROKE = "#c9d5d9"
INK = "#1d2730"
MUTED = "#5b6770"
ACCENT = "#1f4e5f"
PREVIOUS = "#9a5b13"  # the previous ronde: amber, dashed, with square markers


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Split a label into at most `max_lines` lines of about `width` characters.

    A single long word may run a little over (Dutch compounds); beyond that, and
    beyond the last line, the label ends in an ellipsis (the full name is in the
    chart's description and table).
    """
    hard = width + 6
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    lines = [line if len(line) <= hard else line[: hard - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [last[: hard - 1].rstrip() + "…"]
    return lines or [""]


def truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def fase_text(groeifase: int | None) -> str:
    if groeifase is None:
        return _("geen inschatting")
    return _("groeifase %(n)s") % {"n": groeifase}


def ronde_label(ronde) -> str:
    return date_format(ronde.results_date, "b Y")


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- Heatmap: accents x groeifases ---------------------------------------------


@dataclass
class HeatCell:
    x: float
    cx: float  # centre, for the number
    fase: int
    fill: str
    reached: bool
    current: bool
    previous: bool
    text_fill: str
    marker_x: float  # the previous ronde's square, top right in the cell


@dataclass
class HeatRow:
    y: float
    text_y: float
    marker_y: float
    label: str
    name: str
    groeifase: int | None
    previous: int | None
    summary: str
    cells: list[HeatCell]
    change: str  # against the previous ronde, in words: "+1", "gelijk"
    grew: bool


@dataclass
class HeatSection:
    y: float
    title: str


@dataclass
class Heatmap:
    width: int
    height: int
    label_width: int
    cell_width: int
    cell_height: int
    header_y: float
    legend_y: float
    change_x: float | None  # the column "t.o.v. vorige ronde", when there is one
    change_header: str

    @property
    def legend_box_y(self) -> float:
        return self.legend_y - 11

    @property
    def legend_marker_y(self) -> float:
        return self.legend_y - 8.5

    @property
    def empty_x(self) -> float:
        return self.label_width + 8

    columns: list[tuple[float, str]]  # (centre x, label)
    sections: list[HeatSection]
    rows: list[HeatRow]
    has_previous: bool
    title: str
    description: str


def heatmap(profile: Profile) -> Heatmap:
    """One row per accent, one column per groeifase; reached fases are filled.

    The agreed fase carries its number; the previous ronde's fase a square marker.
    """
    label_width, cell_width, cell_height, gap = 236, 92, 26, 4
    row_height, section_height = cell_height + gap, 30
    width = label_width + len(GROEIFASES) * (cell_width + gap)
    columns = [
        (label_width + i * (cell_width + gap) + cell_width / 2, _("Groeifase %(n)s") % {"n": fase})
        for i, fase in enumerate(GROEIFASES)
    ]
    has_previous = profile.previous is not None
    change_x = None
    if has_previous:
        change_x = width + 46
        width += 92
    y = 26.0
    sections, rows = [], []
    for groeilaag in profile.groeilagen:
        sections.append(HeatSection(y=y + 19, title=_groeilaag_title(groeilaag)))
        y += section_height
        for accent in groeilaag.accents:
            cells = [
                HeatCell(
                    x=label_width + i * (cell_width + gap),
                    cx=label_width + i * (cell_width + gap) + cell_width / 2,
                    marker_x=label_width + i * (cell_width + gap) + cell_width - 13,
                    fase=fase,
                    reached=accent.groeifase is not None and fase <= accent.groeifase,
                    current=fase == accent.groeifase,
                    previous=has_previous and fase == accent.previous,
                    fill=FASE_FILL[fase]
                    if accent.groeifase is not None and fase <= accent.groeifase
                    else EMPTY_FILL,
                    text_fill=FASE_TEXT[fase],
                )
                for i, fase in enumerate(GROEIFASES)
            ]
            rows.append(
                HeatRow(
                    y=y,
                    text_y=y + cell_height / 2 + 4.5,
                    marker_y=y + 5,
                    label=truncate(accent.name, 36),
                    name=accent.name,
                    groeifase=accent.groeifase,
                    previous=accent.previous,
                    summary=_accent_summary(accent, has_previous),
                    cells=cells,
                    change=change_text(accent.change) if has_previous else "",
                    grew=has_previous and (accent.change or 0) > 0,
                )
            )
            y += row_height
    latest = profile.latest
    return Heatmap(
        width=width,
        height=math.ceil(y + 30),
        label_width=label_width,
        cell_width=cell_width,
        cell_height=cell_height,
        header_y=16,
        legend_y=y + 18,
        change_x=change_x,
        change_header=_("t.o.v. vorige"),
        columns=columns,
        sections=sections,
        rows=rows,
        has_previous=has_previous,
        title=_("Groeifase per accent"),
        description=_("Afgesproken in %(ronde)s (%(date)s). %(rows)s")
        % {
            "ronde": latest.title if latest else "",
            "date": ronde_label(latest) if latest else "",
            "rows": " ".join(f"{row.name}: {row.summary}." for row in rows),
        },
    )


def change_text(change: int | None) -> str:
    """Growth since the previous ronde in words and digits, never only in colour."""
    if change is None:
        return ""
    if change == 0:
        return _("gelijk")
    return f"+{change}" if change > 0 else f"-{-change}"


def _groeilaag_title(groeilaag: GroeilaagProfile) -> str:
    return _("Groeilaag %(code)s: %(name)s") % {"code": groeilaag.code, "name": groeilaag.name}


def _accent_summary(accent: AccentProfile, has_previous: bool) -> str:
    text = fase_text(accent.groeifase)
    if has_previous:
        text += " " + _("(vorige ronde: %(fase)s)") % {"fase": fase_text(accent.previous)}
    return text


# --- Radar: one per groeilaag ------------------------------------------------


@dataclass
class RadarAxis:
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    lines: list[str]
    name: str
    groeifase: int | None
    previous: int | None


@dataclass
class Marker:
    x: float
    y: float
    value: int | None

    def __post_init__(self):
        self.x, self.y = round(self.x, 1), round(self.y, 1)

    @property
    def square_x(self) -> float:
        return round(self.x - 3.5, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 3.5, 1)


@dataclass
class Radar:
    width: int
    height: int
    cx: float
    cy: float
    rings: list[tuple[str, float, float, int]]  # (points, label x, label y, fase)
    axes: list[RadarAxis]
    current: str  # polygon points
    current_markers: list[Marker]
    previous: str | None
    previous_markers: list[Marker]
    title: str
    description: str
    groeilaag: GroeilaagProfile = field(repr=False)


def radar(groeilaag: GroeilaagProfile, *, with_previous: bool) -> Radar:
    """A radar of one groeilaag: one axis per accent, groeifase 1 to 4 outward.

    An accent without an agreed fase sits at the centre, and its label says so.
    """
    width, height, radius, line = 560, 370, 112, 17
    cx, cy = width / 2, height / 2 + 2
    accents = groeilaag.accents
    count = max(len(accents), 1)

    def angle(i):
        return -math.pi / 2 + 2 * math.pi * i / count

    def point(i, value):
        r = radius * (value or 0) / MAX_FASE
        return round(cx + r * math.cos(angle(i)), 1), round(cy + r * math.sin(angle(i)), 1)

    def polygon(values):
        return " ".join(
            f"{_num(x)},{_num(y)}" for x, y in (point(i, v) for i, v in enumerate(values))
        )

    rings = []
    for fase in GROEIFASES:
        label_x, label_y = point(0, fase)
        rings.append((polygon([fase] * count), label_x + 4, label_y + 13, fase))
    axes = []
    for i, accent in enumerate(accents):
        x, y = point(i, MAX_FASE)
        cos = math.cos(angle(i))
        label_r = radius + 12
        lx, ly = cx + label_r * cos, cy + label_r * math.sin(angle(i))
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        name = accent.name
        if accent.groeifase is None:
            name_lines = wrap(name, 15, 3) + [_("(geen inschatting)")]
        else:
            name_lines = wrap(name, 15, 3)
        line_count = len(name_lines)
        if math.sin(angle(i)) < -0.5:  # above the centre: grow upwards
            ly -= (line_count - 1) * line + 4
        elif math.sin(angle(i)) > 0.5:  # below: start under the tip
            ly += 14
        else:
            ly -= (line_count - 1) * line / 2 - 5
        axes.append(
            RadarAxis(
                x=x,
                y=y,
                label_x=round(lx, 1),
                label_y=round(ly, 1),
                anchor=anchor,
                lines=name_lines,
                name=accent.name,
                groeifase=accent.groeifase,
                previous=accent.previous,
            )
        )
    current_values = [a.groeifase for a in accents]
    previous_values = [a.previous for a in accents]
    show_previous = with_previous and any(v is not None for v in previous_values)
    summary = "; ".join(
        f"{a.name}: {fase_text(a.groeifase)}"
        + (f" ({_('vorige ronde')}: {fase_text(a.previous)})" if show_previous else "")
        for a in accents
    )
    return Radar(
        width=width,
        height=height,
        cx=cx,
        cy=cy,
        rings=rings,
        axes=axes,
        current=polygon(current_values),
        current_markers=[Marker(*point(i, v), v) for i, v in enumerate(current_values)],
        previous=polygon(previous_values) if show_previous else None,
        previous_markers=[
            Marker(*point(i, v), v) for i, v in enumerate(previous_values) if show_previous
        ],
        title=_groeilaag_title(groeilaag),
        description=summary,
        groeilaag=groeilaag,
    )


def radars(profile: Profile) -> list[Radar]:
    return [radar(g, with_previous=profile.previous is not None) for g in profile.groeilagen]


# --- Trend: an accent's agreed groeifase ronde by ronde -------------------------


@dataclass
class TrendPoint:
    x: float
    y: float
    value: int | None
    label: str  # the ronde's date
    title: str  # the ronde's name
    show_label: bool

    @property
    def text_y(self) -> float:
        return round(self.y + 4, 1)


@dataclass
class Trend:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    gridlines: list[tuple[float, int, float]]  # (y, fase, label y)
    path: str  # a step line: a fase holds until the next ronde
    points: list[TrendPoint]
    code: str
    name: str
    title: str
    description: str

    @property
    def label_y(self) -> float:
        return self.bottom + 22

    @property
    def tick_x(self) -> float:
        return self.left - 8


def trend(accent: AccentProfile) -> Trend:
    width, height = 184, 106
    left, right, top, bottom = 22.0, width - 10.0, 12.0, height - 28.0
    n = len(accent.trend)

    def y_of(value):
        return round(bottom - (bottom - top) * (value - 1) / (MAX_FASE - 1), 1)

    if n == 1:
        xs = [(left + right) / 2]
    else:
        xs = [left + 18 + (right - left - 36) * i / (n - 1) for i in range(n)]
    # Label every ronde when there is room, else the last and some before it.
    step = max(1, math.ceil(50 / ((right - left - 36) / (n - 1)))) if n > 1 else 1
    points = [
        TrendPoint(
            x=round(x, 1),
            y=y_of(p.groeifase) if p.groeifase is not None else bottom,
            value=p.groeifase,
            label=ronde_label(p.ronde),
            title=p.ronde.title,
            show_label=(n - 1 - i) % step == 0,
        )
        for i, (x, p) in enumerate(zip(xs, accent.trend, strict=True))
    ]
    path = []
    last = None
    for point in points:
        if point.value is None:
            last = None
            continue
        if last is None:
            path.append(f"M{_num(point.x)} {_num(point.y)}")
        else:
            path.append(f"H{_num(point.x)} V{_num(point.y)}")
        last = point
    return Trend(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        gridlines=[(y_of(fase), fase, y_of(fase) + 4) for fase in GROEIFASES],
        path=" ".join(path) if any(part.startswith("H") for part in path) else "",
        points=points,
        code=accent.code,
        name=accent.name,
        title=_("Verloop van %(accent)s") % {"accent": accent.name},
        description="; ".join(f"{p.title} ({p.label}): {fase_text(p.value)}" for p in points),
    )


def trends(profile: Profile) -> list[tuple[GroeilaagProfile, list[Trend]]]:
    return [(g, [trend(a) for a in g.accents]) for g in profile.groeilagen]


# --- Mini profile: one school in small multiples on the board overview ---------


@dataclass
class MiniBar:
    x: float
    y: float
    height: float
    fill: str
    value: int | None
    name: str
    text: str
    cx: float = 0.0  # centre, for the number above the bar
    label_y: float = 0.0

    def __post_init__(self):
        self.cx = self.x + 6
        self.label_y = self.y - 3


@dataclass
class MiniGroup:
    x: float  # centre, for the groeilaag code under the bars
    code: str


@dataclass
class Mini:
    width: int
    height: int
    baseline: float
    bar_width: float
    gridlines: list[tuple[float, int, float]]  # (y, fase, label y)
    bars: list[MiniBar]
    groups: list[MiniGroup]
    title: str
    description: str

    @property
    def code_y(self) -> float:
        return self.baseline + 14


def mini_profile(profile: Profile) -> Mini:
    """Every accent as a bar as high as its agreed groeifase, grouped per groeilaag."""
    bar_width, gap, group_gap, unit = 12.0, 3.0, 12.0, 14.0
    left, baseline = 18.0, 76.0
    bars, groups = [], []
    x = left
    for groeilaag in profile.groeilagen:
        start = x
        for accent in groeilaag.accents:
            value = accent.groeifase
            h = unit * value if value else 2.0
            bars.append(
                MiniBar(
                    x=x,
                    y=baseline - h,
                    height=h,
                    fill=FASE_FILL[3] if value else GRID_STROKE,
                    value=value,
                    name=accent.name,
                    text=f"{accent.name}: {fase_text(value)}",
                )
            )
            x += bar_width + gap
        groups.append(MiniGroup(x=(start + x - gap) / 2, code=groeilaag.code))
        x += group_gap - gap
    width = math.ceil(x - group_gap + gap + 6)
    latest = profile.latest
    return Mini(
        width=max(width, 120),
        height=96,
        baseline=baseline,
        bar_width=bar_width,
        gridlines=[
            (baseline - unit * fase, fase, baseline - unit * fase + 3) for fase in GROEIFASES
        ],
        bars=bars,
        groups=groups,
        title=_("Profiel van %(school)s") % {"school": profile.school.name},
        description=(
            _("Afgesproken in %(ronde)s (%(date)s). ")
            % {"ronde": latest.title, "date": ronde_label(latest)}
            if latest
            else ""
        )
        + "; ".join(bar.text for bar in bars),
    )
