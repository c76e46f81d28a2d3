"""The plan page costs the same number of queries with 15 actiepunten as with 150.

(How fast it answers with 150 is measured by scripts/bench_plan_page.py, not here.)
"""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieplan.models import (
    Actieplan,
    Actiepunt,
    Bijeenkomst,
    Doel,
    GoalHorizon,
    Section,
    Stap,
    Status,
    Update,
)
from phases.models import DrivingActivity, school_year_of

SECTIONS = list(Section)
STATUSES = [Status.GEPLAND, Status.BEZIG, Status.BEZIG, Status.AFGEROND, Status.GESTOPT]
TITLE = "Elke bouwvergadering een kwartier over één begrip uit de training, samen met de bouw"
MONITORING = "Korte peiling in de teamvergadering, elke twee maanden, en bespreken in de werkgroep."
NOTE = "Eerste keer gedaan in de onderbouw. Veel herkenning; volgende keer de bovenbouw erbij."


def make_plan(school, today) -> Actieplan:
    """A plan with goals and meetings, like the werkgroep's own, without actiepunten yet."""
    starts_on, ends_on = school_year_of(today)
    plan = Actieplan.objects.create(
        school=school, title="Plan voor de meting", starts_on=starts_on, ends_on=ends_on
    )
    for order, horizon in enumerate([GoalHorizon.KORT] * 3 + [GoalHorizon.LANG] * 2):
        Doel.objects.create(actieplan=plan, horizon=horizon, text=f"Doel {order}", order=order)
    members = list(school.memberships.all()[:3])
    for days in (-30, 30):
        Bijeenkomst.objects.create(
            actieplan=plan,
            date=today + timedelta(days=days),
            start_time=time(15, 15),
            end_time=time(16, 45),
            voorzitter=members[0],
            tijdbewaker=members[1],
            notulist=members[2],
        )
    return plan


def make_actiepunten(plan, count: int, today, *, first: int = 0) -> None:
    """`count` actiepunten with four steps, three notes and two people each, in bulk."""
    members = list(plan.school.memberships.select_related("user")[:6])
    activities = list(DrivingActivity.objects.all()) or [None]
    actiepunten = Actiepunt.objects.bulk_create(
        Actiepunt(
            actieplan=plan,
            section=SECTIONS[n % 4],
            title=f"{TITLE} ({n})",
            due_date=today + timedelta(days=n % 90 - 30),
            monitoring=MONITORING,
            status=STATUSES[n % len(STATUSES)],
            stop_reason="Past niet meer dit jaar" if STATUSES[n % 5] == Status.GESTOPT else "",
            driving_activity=activities[n % len(activities)],
            order=n,
        )
        for n in range(first, first + count)
    )
    now = timezone.now()
    Stap.objects.bulk_create(
        Stap(
            actiepunt=a, text=f"Stap {i} van het actiepunt", order=i, done_at=now if i < 2 else None
        )
        for a in actiepunten
        for i in range(4)
    )
    Update.objects.bulk_create(
        Update(actiepunt=a, text=NOTE, author_name="Karim El Amrani")
        for a in actiepunten
        for _ in range(3)
    )
    through = Actiepunt.responsible.through
    through.objects.bulk_create(
        through(actiepunt=a, membership=members[(n + k) % len(members)])
        for n, a in enumerate(actiepunten)
        for k in range(2)
    )


def count_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("persona", ["kartrekker", "bestuurslid", "teamlid_trainer"])
def test_the_same_query_count_with_15_and_150_actiepunten(
    request, client_for, zonnebloem, persona, django_assert_num_queries
):
    user = (
        request.getfixturevalue("trainer")
        if persona == "teamlid_trainer"
        else request.getfixturevalue(persona)
    )
    today = timezone.localdate()
    plan = make_plan(zonnebloem, today)
    make_actiepunten(plan, 15, today)
    client = client_for(user)
    url = reverse("actieplan_detail", args=[zonnebloem.slug, plan.pk])
    client.get(url)  # warm up (session, content types)
    with_15, response = count_queries(client, url)
    assert response.context["total"] == 15

    make_actiepunten(plan, 135, today, first=15)
    with django_assert_num_queries(with_15):
        response = client.get(url)
    assert response.context["total"] == 150
    assert response.content.decode().count('class="ap-row ') == 150
