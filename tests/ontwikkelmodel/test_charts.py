"""Server-rendered SVG charts of the profile: valid XML, the right shapes, escaped text."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template.loader import render_to_string

from ontwikkelmodel import charts
from ontwikkelmodel.models import Accent
from ontwikkelmodel.profile import school_profile
from tests.ontwikkelmodel.test_profile import HOSTILE, add_ronde, all_at

SVG = "{http://www.w3.org/2000/svg}"


def render(name, chart, chart_id="c") -> ET.Element:
    markup = render_to_string(
        f"ontwikkelmodel/charts/{name}.html", {"chart": chart, "chart_id": chart_id}
    )
    assert not re.search(r"\sstyle=", markup)  # CSP forbids inline styles
    return ET.fromstring(markup.strip())


def find(root, tag, cls=None):
    return [e for e in root.iter(SVG + tag) if cls is None or e.get("class") == cls]


def accessible(root, chart_id="c"):
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title = root.find(SVG + "title")
    desc = root.find(SVG + "desc")
    assert title.get("id") == f"{chart_id}-title" and title.text
    assert desc.get("id") == f"{chart_id}-desc" and desc.text
    return title.text, desc.text


@pytest.fixture
def profile(zonnebloem):
    """Three closed rondes: two added before the demo's ronde of last year."""
    add_ronde(zonnebloem, "Nulmeting oud", date(2020, 11, 1), all_at(1))
    add_ronde(zonnebloem, "Evaluatie", date(2021, 11, 1), all_at(1) | {"faciliteiten": None})
    return school_profile(zonnebloem)


def test_heatmap_has_a_row_per_accent_and_a_cell_per_groeifase(profile):
    root = render("heatmap", charts.heatmap(profile))

    title, desc = accessible(root)
    assert title == "Groeifase per accent"
    assert "Motivatie ontwikkelen: groeifase 2 (vorige ronde: groeifase 1)" in desc
    rows = find(root, "g", "heat-row")
    assert len(rows) == 15
    cells = [
        rect for row in rows for rect in row.findall(SVG + "rect") if rect.get("width") == "92"
    ]
    assert len(cells) == 60
    # The agreed groeifase is written in its cell; reached cells are filled.
    motivatie = rows[0]
    assert motivatie.find(SVG + "title").text.startswith("Motivatie ontwikkelen: groeifase 2")
    numbers = [t.text for t in motivatie.findall(SVG + "text")]
    assert numbers == ["Motivatie ontwikkelen", "2", "+1"]
    # The previous ronde's fase is a square marker in every row with a previous fase
    # (the previous ronde left Faciliteiten empty).
    markers = [r for row in rows for r in row.findall(SVG + "rect") if r.get("width") == "8"]
    assert len(markers) == 14


def test_heatmap_without_previous_ronde_has_no_markers_or_change_column(zonnebloem):
    root = render("heatmap", charts.heatmap(school_profile(zonnebloem)))

    texts = [t.text for t in find(root, "text")]
    assert "t.o.v. vorige" not in texts
    assert not [r for r in find(root, "rect") if r.get("width") == "8"]


def test_an_accent_without_estimate_says_so(zonnebloem):
    add_ronde(zonnebloem, "Nieuw", date.today(), all_at(2) | {"faciliteiten": None})
    profile = school_profile(zonnebloem)

    heat = render("heatmap", charts.heatmap(profile))
    row = find(heat, "g", "heat-row")[4]
    # No estimate now: nothing to compare with the previous ronde either.
    assert [t.text for t in row.findall(SVG + "text")] == ["Faciliteiten", "geen inschatting"]

    radar = render("radar", charts.radars(profile)[1])
    labels = ["".join(t.itertext()) for t in find(radar, "text") if t.get("text-anchor")]
    assert "Faciliteiten(geen inschatting)" in labels


def test_a_radar_per_groeilaag_with_an_axis_per_accent(profile):
    radars = charts.radars(profile)

    assert [r.title for r in radars] == [
        "Groeilaag 1: Kennisontwikkeling",
        "Groeilaag 2: Richting geven",
        "Groeilaag 3A: Relaties bouwen",
        "Groeilaag 3B: Regulatie bevorderen",
    ]
    for chart, axes in zip(radars, [3, 4, 4, 4], strict=True):
        root = render("radar", chart, chart_id=f"radar-{chart.groeilaag.code}")
        accessible(root, f"radar-{chart.groeilaag.code}")
        assert len(find(root, "line")) == axes
        polygons = find(root, "polygon")
        # Four rings, the latest ronde and the previous one (dashed).
        assert len(polygons) == 4 + 2
        current = find(root, "polygon", "radar-current")[0]
        assert len(current.get("points").split()) == axes
        previous = find(root, "polygon", "radar-previous")[0]
        assert previous.get("stroke-dasharray")
        assert len(find(root, "circle")) == axes  # latest: round markers
        assert len([r for r in find(root, "rect") if r.get("width") == "7"]) == axes  # previous


def test_a_radar_without_previous_ronde_has_one_polygon_of_results(zonnebloem):
    chart = charts.radars(school_profile(zonnebloem))[0]
    root = render("radar", chart)
    assert len(find(root, "polygon")) == 4 + 1
    assert not find(root, "polygon", "radar-previous")


def test_the_radar_scale_runs_from_one_to_four(zonnebloem):
    chart = charts.radars(school_profile(zonnebloem))[1]
    rings = [fase for _points, _x, _y, fase in chart.rings]
    assert rings == [1, 2, 3, 4]
    # Groeifase 4 lies on the outer ring, 2 halfway.
    faciliteiten = chart.current_markers[1]
    assert faciliteiten.value == 2
    assert faciliteiten.x == pytest.approx(chart.cx + 112 / 2, abs=0.2)


def test_a_trend_per_accent_with_a_point_per_closed_ronde(profile):
    groups = charts.trends(profile)

    assert [len(trends) for _g, trends in groups] == [3, 4, 4, 4]
    faciliteiten = groups[1][1][1]
    root = render("trend", faciliteiten, chart_id="trend-faciliteiten")
    title, desc = accessible(root, "trend-faciliteiten")
    assert title == "Verloop van Faciliteiten"
    assert "Evaluatie (nov 2021): geen inschatting" in desc
    points = find(root, "circle")
    assert len(points) == 2  # three rondes, one without an estimate
    # Oldest left, newest right; no line across the missing estimate.
    xs = [float(c.get("cx")) for c in points]
    assert xs == sorted(xs)
    assert not find(root, "path")
    assert [t.text for t in find(root, "text") if t.text == "–"] == ["–"]
    labels = [t.text for t in find(root, "text") if t.text and "20" in t.text]
    assert labels == ["nov 2020", "nov 2021", charts.ronde_label(profile.latest)]


def test_a_trend_is_a_step_line_through_the_rondes(profile):
    motivatie = charts.trends(profile)[0][1][0]
    root = render("trend", motivatie)

    path = find(root, "path", "trend-line")[0].get("d")
    # Groeifase 1, 1, then 2: hold, hold, step up.
    assert path.startswith("M") and path.count("M") == 1
    assert path.count("H") == 2 and path.count("V") == 2
    assert [c.text for c in find(root, "text") if c.get("font-weight") == "700"] == ["1", "1", "2"]


def test_a_single_ronde_trend_is_one_point_without_line(zonnebloem):
    chart = charts.trends(school_profile(zonnebloem))[0][1][0]
    root = render("trend", chart)
    assert len(find(root, "circle")) == 1
    assert not find(root, "path")


def test_many_rondes_do_not_crowd_the_date_labels(zonnebloem):
    for year in range(2010, 2020):
        add_ronde(zonnebloem, f"Ronde {year}", date(year, 5, 1), all_at(1 + year % 4))
    chart = charts.trends(school_profile(zonnebloem))[0][1][0]

    root = render("trend", chart)

    assert len(find(root, "circle")) == 11
    shown = [p for p in chart.points if p.show_label]
    assert shown[-1] is chart.points[-1]
    assert 2 <= len(shown) <= 6


def test_the_mini_profile_has_a_bar_per_accent(profile):
    chart = charts.mini_profile(profile)
    root = render("mini", chart, chart_id="mini-zonnebloem")

    title, desc = accessible(root, "mini-zonnebloem")
    assert title == "Profiel van OBS De Zonnebloem"
    bars = [g for g in find(root, "g") if g.find(SVG + "rect") is not None]
    assert len(bars) == 15
    assert bars[0].find(SVG + "title").text == "Motivatie ontwikkelen: groeifase 2"
    assert [t.text for t in find(root, "text") if t.get("font-weight") == "600"][-4:] == [
        "1",
        "2",
        "3A",
        "3B",
    ]
    assert float(chart.width) <= 280


def test_labels_are_escaped_text(zonnebloem):
    Accent.objects.filter(code="faciliteiten").update(name=HOSTILE)
    profile = school_profile(zonnebloem)

    for name, chart in [
        ("heatmap", charts.heatmap(profile)),
        ("radar", charts.radars(profile)[1]),
        ("trend", charts.trends(profile)[1][1][1]),
        ("mini", charts.mini_profile(profile)),
    ]:
        root = render(name, chart)  # parses: the markup stayed intact
        assert not list(root.iter("script")) and not list(root.iter(SVG + "script"))
        assert not list(root.iter(SVG + "img"))
        assert '<script>alert("x")</script>' in "".join(root.itertext()), name


def test_wrap_keeps_labels_short():
    assert charts.wrap("Relaties met samenwerkingspartners", 15, 3) == [
        "Relaties met",
        "samenwerkingspartners",
    ]
    assert charts.wrap("Omgang met stress en ontspanning", 15, 2) == ["Omgang met", "stress en…"]
    assert charts.wrap("x" * 500, 15, 2) == ["x" * 20 + "…"]
    assert charts.truncate("a" * 50, 10) == "a" * 9 + "…"
