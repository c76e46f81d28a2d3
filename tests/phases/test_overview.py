"""The trainer overview and the schools summary behind it (the board's overview, which
also shows profiles, is tested in tests/tso/test_board_overview.py)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from phases.models import Implementation, Phase, TimelineAction, TrainingSession
from phases.overview import summarize_schools
from schools.access import accessible_schools
from schools.models import Membership, School
from tests.factories import SchoolFactory


def rows_by_name(response):
    return {row.school.name: row for row in response.context["rows"]}


def test_trainer_sees_both_schools_with_phase_and_overdue_count(
    client_for, trainer, zonnebloem, kompas
):
    response = client_for(trainer).get(reverse("trainer_overview"))

    assert response.status_code == 200
    rows = rows_by_name(response)
    assert set(rows) == {"OBS De Zonnebloem", "SO Het Kompas"}
    assert rows["OBS De Zonnebloem"].phase.name == "Uitvoeren"
    assert rows["SO Het Kompas"].phase.name == "Voorbereiden"
    today = timezone.localdate()
    # One standard action and two actiepunten of the actieplan are late in the demo.
    assert rows["OBS De Zonnebloem"].overdue_count == 3
    assert rows["OBS De Zonnebloem"].overdue_count == (
        zonnebloem.timeline_actions.overdue(today).count()
    )
    assert rows["SO Het Kompas"].overdue_count == kompas.timeline_actions.overdue(today).count()
    next_session = zonnebloem.training_sessions.filter(date__gte=today).first()
    assert rows["OBS De Zonnebloem"].next_session == next_session
    assert rows["OBS De Zonnebloem"].t0 == zonnebloem.implementation.t0
    page = response.content.decode()
    assert reverse("school_dashboard", args=[zonnebloem.slug]) in page
    assert next_session.display_title in page
    assert "Vlinder" not in page


def test_a_user_who_trains_nowhere_sees_a_friendly_empty_page(client_for, kartrekker):
    response = client_for(kartrekker).get(reverse("trainer_overview"))

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Je bent bij geen enkele school trainer" in response.content.decode()


def test_overview_needs_login(client):
    response = client.get(reverse("trainer_overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_phase_override_wins(client_for, trainer, zonnebloem):
    Implementation.objects.filter(school=zonnebloem).update(
        phase_override=Phase.objects.get(number=4), phase_override_reason="Al ver"
    )

    response = client_for(trainer).get(reverse("trainer_overview"))

    row = rows_by_name(response)["OBS De Zonnebloem"]
    assert row.phase.name == "Borgen" and row.phase_is_override
    assert "met de hand gekozen" in response.content.decode()


def add_schools(bestuur, count, trainer=None):
    """Schools with T0 two months ahead, a session and one overdue action."""
    today = timezone.localdate()
    for _ in range(count):
        school = SchoolFactory(bestuur=bestuur)
        Implementation.objects.create(school=school, t0=today + timedelta(60))
        TrainingSession.objects.create(
            school=school,
            kind="module_1",
            date=today + timedelta(60),
            start_time=time(13),
            end_time=time(16, 15),
        )
        TimelineAction.objects.create(
            school=school,
            phase=Phase.objects.get(number=2),
            title="Te laat",
            planned_end=today - timedelta(3),
        )
        if trainer is not None:
            Membership.objects.create(user=trainer, school=school, trainer=True)


@pytest.mark.parametrize("extra", [0, 10])
def test_summary_takes_four_queries_for_2_or_12_schools(
    django_assert_num_queries, zonnebloem, extra
):
    add_schools(zonnebloem.bestuur, extra)
    schools = School.objects.filter(bestuur=zonnebloem.bestuur)

    with django_assert_num_queries(4):
        rows = summarize_schools(schools, timezone.localdate())

    assert len(rows) == 2 + extra
    assert all(row.phase is not None for row in rows)
    # Each added school has one late action; Zonnebloem has three (see above).
    assert sum(row.overdue_count == 1 for row in rows) == extra


@pytest.mark.parametrize("extra", [0, 10])
def test_trainer_page_query_count_is_pinned(
    django_assert_num_queries, client_for, trainer, zonnebloem, extra
):
    add_schools(zonnebloem.bestuur, extra, trainer=trainer)
    client = client_for(trainer)

    with django_assert_num_queries(6):
        response = client.get(reverse("trainer_overview"))

    assert len(response.context["rows"]) == 2 + extra
    added = [r for r in response.context["rows"] if r.school.name.startswith("Basisschool")]
    assert len(added) == extra
    assert all(r.phase.name == "Voorbereiden" and r.overdue_count == 1 for r in added)


def test_counts_are_not_doubled_by_joins_in_the_schools_query(bestuurslid, zonnebloem):
    # A board member who is also on the team reaches Zonnebloem along two joins.
    Membership.objects.create(user=bestuurslid, school=zonnebloem, teamlid=True)

    rows = summarize_schools(accessible_schools(bestuurslid), timezone.localdate())

    assert [(r.school.name, r.overdue_count) for r in rows][0] == ("OBS De Zonnebloem", 3)
    assert len(rows) == 2
