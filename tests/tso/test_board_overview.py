"""The board's overview: every school's phase, and each school's latest profile in small
multiples, in a fixed number of queries (moved here from tests/phases/test_overview.py)."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ontwikkelmodel.models import RondeStep
from tests.ontwikkelmodel.test_profile import HOSTILE, add_ronde, all_at
from tests.phases.test_overview import add_schools, rows_by_name

URL = reverse("board_overview", args=["stichting-voorbeeld"])
SVG = "{http://www.w3.org/2000/svg}"


def minis(page: str) -> list[ET.Element]:
    """Every mini profile on the page, parsed as XML."""
    found = []
    start = page.find('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-mini"')
    while start != -1:
        end = page.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(page[start:end]))
        start = page.find('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-mini"', end)
    return found


def test_board_member_sees_the_boards_schools(client_for, bestuurslid, zonnebloem, kompas):
    response = client_for(bestuurslid).get(URL)

    assert response.status_code == 200
    rows = rows_by_name(response)
    assert set(rows) == {"OBS De Zonnebloem", "SO Het Kompas"}
    assert rows["OBS De Zonnebloem"].phase.name == "Uitvoeren"
    assert rows["SO Het Kompas"].phase.name == "Voorbereiden"
    assert "Stichting Voorbeeld" in response.content.decode()


def test_each_school_with_a_closed_ronde_has_a_mini_profile(
    client_for, bestuurslid, zonnebloem, kompas
):
    response = client_for(bestuurslid).get(URL)

    page = response.content.decode()
    assert "Ontwikkelmodel per school" in page
    [mini] = minis(page)
    assert mini.find(SVG + "title").text == "Profiel van OBS De Zonnebloem"
    bars = [g for g in mini.iter(SVG + "g") if g.find(SVG + "rect") is not None]
    assert len(bars) == 15
    assert reverse("school_profile", args=[zonnebloem.slug]) in page
    # Kompas has no closed ronde: named, with a link, but no chart.
    assert "Nog geen afgesloten ronde:" in page
    assert reverse("school_profile", args=[kompas.slug]) in page
    # The charts as a table, too.
    assert "Afgesproken groeifase per accent per school" in page


def test_board_members_see_agreed_results_only(client_for, bestuurslid, zonnebloem):
    # A ronde in the joint step with other phases must not show.
    add_ronde(zonnebloem, "Nog in gesprek", timezone.localdate(), all_at(4), step=RondeStep.JOINT)

    response = client_for(bestuurslid).get(URL)

    [mini] = minis(response.content.decode())
    bar_values = [t.text for t in mini.iter(SVG + "text") if t.get("font-size") == "9.5"]
    assert "4" not in bar_values
    assert "Nog in gesprek" not in response.content.decode()


def test_school_names_are_escaped(client_for, bestuurslid, zonnebloem):
    zonnebloem.name = HOSTILE
    zonnebloem.save()
    page = client_for(bestuurslid).get(URL).content.decode()
    assert "<script>" not in page
    [mini] = minis(page)
    assert mini.find(SVG + "title").text == f"Profiel van {HOSTILE}"


@pytest.mark.parametrize("persona", ["vlinder_kartrekker", "kartrekker", "trainer"])
def test_board_page_is_404_for_anyone_not_on_the_board(client_for, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(URL)
    assert response.status_code == 404
    assert "Zonnebloem" not in response.content.decode()


def test_unknown_board_is_404(client_for, bestuurslid):
    response = client_for(bestuurslid).get(reverse("board_overview", args=["bestaat-niet"]))
    assert response.status_code == 404


def test_board_page_needs_login(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("extra", [0, 10])
def test_board_page_query_count_is_pinned(
    django_assert_num_queries, client_for, bestuurslid, zonnebloem, extra
):
    add_schools(zonnebloem.bestuur, extra)
    for school in zonnebloem.bestuur.schools.exclude(pk=zonnebloem.pk).exclude(
        name="SO Het Kompas"
    ):
        add_ronde(school, "Eerste", date(2024, 3, 1), all_at(1))
        add_ronde(school, "Tweede", date(2025, 3, 1), all_at(2))
    client = client_for(bestuurslid)

    # session, user, board; the summary (4); the profiles: closed rondes, answers, accents;
    # the board's recent print jobs
    with django_assert_num_queries(11):
        response = client.get(URL)

    assert len(response.context["rows"]) == 2 + extra
    assert len(response.context["multiples"]) == 1 + extra
    assert len(minis(response.content.decode())) == 1 + extra
