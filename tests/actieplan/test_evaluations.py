"""The evaluation rhythm, recording an evaluation, and its query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actieplan.evaluations import evaluation_slots, next_evaluation_date
from actieplan.models import (
    Actieplan,
    Actiepunt,
    Evaluatie,
    EvaluatieItem,
    Section,
    Stap,
    Status,
    Verdict,
)
from actieplan.periods import current_plan


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


def make_plan(school=None, **fields):
    defaults = {
        "title": "Ritme",
        "starts_on": date(2026, 8, 24),
        "ends_on": date(2027, 7, 16),
        "evaluation_interval_months": 2,
    }
    if school is None:
        return Actieplan(**{**defaults, **fields})
    return Actieplan.objects.create(school=school, **{**defaults, **fields})


# --- The rhythm ----------------------------------------------------------------------


def test_slots_start_one_interval_after_the_start_without_a_first_date():
    plan = make_plan()
    assert evaluation_slots(plan) == [
        date(2026, 10, 24),
        date(2026, 12, 24),
        date(2027, 2, 24),
        date(2027, 4, 24),
        date(2027, 6, 24),
    ]


def test_slots_follow_the_first_evaluation_and_the_interval():
    plan = make_plan(first_evaluation_on=date(2026, 10, 1), evaluation_interval_months=3)
    assert evaluation_slots(plan) == [
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
    ]
    monthly = make_plan(first_evaluation_on=date(2027, 1, 31), evaluation_interval_months=1)
    assert evaluation_slots(monthly)[:3] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
    ]


def test_next_evaluation_steps_by_the_interval():
    plan = make_plan(first_evaluation_on=date(2026, 10, 1))
    assert next_evaluation_date(plan, date(2026, 9, 1), []) == date(2026, 10, 1)
    # Not held yet: overdue since the slot that passed last.
    assert next_evaluation_date(plan, date(2026, 10, 20), []) == date(2026, 10, 1)
    assert next_evaluation_date(plan, date(2027, 1, 5), []) == date(2026, 12, 1)


def test_recorded_evaluations_count_for_their_nearest_slot():
    plan = make_plan(first_evaluation_on=date(2026, 10, 1))
    # A week late still covers the October slot.
    assert next_evaluation_date(plan, date(2026, 10, 9), [date(2026, 10, 8)]) == date(2026, 12, 1)
    # A week early too.
    assert next_evaluation_date(plan, date(2026, 9, 25), [date(2026, 9, 24)]) == date(2026, 12, 1)
    # An old slot that was skipped is not asked for once a later one was held.
    recorded = [date(2026, 10, 1), date(2027, 2, 3)]
    assert next_evaluation_date(plan, date(2027, 2, 10), recorded) == date(2027, 4, 1)
    # Every slot held: nothing due.
    all_held = [date(2026, 10, 1), date(2026, 12, 1), date(2027, 2, 1), date(2027, 4, 1)]
    assert next_evaluation_date(plan, date(2027, 6, 1), [*all_held, date(2027, 6, 1)]) is None
    # An evaluation right at the start of the plan covers no slot.
    assert next_evaluation_date(plan, date(2026, 9, 1), [date(2026, 8, 25)]) == date(2026, 10, 1)


def test_next_evaluation_reads_the_plan_when_not_given(zonnebloem):
    plan = make_plan(zonnebloem, first_evaluation_on=date(2026, 10, 1))
    Evaluatie.objects.create(actieplan=plan, date=date(2026, 10, 2))
    assert next_evaluation_date(plan, date(2026, 10, 5)) == date(2026, 12, 1)


def test_demo_evaluation_is_due_next_week(plan):
    today = timezone.localdate()
    due = next_evaluation_date(plan, today)
    if today + timedelta(days=7) <= plan.ends_on:
        assert due == today + timedelta(days=7)


# --- Recording -----------------------------------------------------------------------


def test_list_shows_when_the_next_evaluation_is_due(client_for, werkgroeplid, plan):
    response = client_for(werkgroeplid).get(url("evaluatie_list", plan))
    due = next_evaluation_date(plan, timezone.localdate())
    assert response.status_code == 200
    assert f'data-next-evaluation="{due:%Y-%m-%d}"' in response.content.decode()


def test_record_an_evaluation(client_for, kartrekker, plan):
    client = client_for(kartrekker)
    page = client.get(url("evaluatie_add", plan))
    open_ones = list(
        plan.actiepunten.alive().filter(status__in=[Status.GEPLAND, Status.BEZIG]).order_by("pk")
    )
    in_plan_order = sorted(open_ones, key=lambda a: (a.section, a.order, a.pk))
    assert [r["actiepunt"] for r in page.context["form"].rows()] == in_plan_order
    behind, done, skipped = open_ones[0], open_ones[1], open_ones[2]
    today = timezone.localdate()
    data = {
        "date": today.isoformat(),
        "summary": "Goed gesprek; de intervisie krijgt voorrang.",
        f"verdict_{behind.pk}": "achter",
        f"adjustment_{behind.pk}": "Eerste ronde in de studiemiddag.",
        f"verdict_{done.pk}": "klaar",
        f"complete_{done.pk}": "on",
        f"version_{done.pk}": done.version,
    }
    response = client.post(url("evaluatie_add", plan), data)
    evaluation = Evaluatie.objects.get(summary__startswith="Goed gesprek")
    assert response.status_code == 302
    assert response["Location"] == url("evaluatie_detail", plan, evaluation.pk)
    assert evaluation.recorded_by == kartrekker and evaluation.date == today
    items = {i.actiepunt_id: i for i in evaluation.items.all()}
    assert set(items) == {behind.pk, done.pk}  # the row not discussed is not recorded
    assert items[behind.pk].verdict == Verdict.ACHTER
    assert items[behind.pk].adjustment == "Eerste ronde in de studiemiddag."
    done.refresh_from_db()
    assert done.status == Status.AFGEROND and done.completed_on == today
    assert done.history.first().history_user == kartrekker
    skipped.refresh_from_db()
    assert skipped.status in (Status.GEPLAND, Status.BEZIG)

    detail = client.get(response["Location"]).content.decode()
    assert "Eerste ronde in de studiemiddag." in detail and "loopt achter" in detail
    # The next evaluation moved on.
    assert next_evaluation_date(plan, today) != today


def test_marking_done_needs_the_verdict_klaar(client_for, kartrekker, plan):
    actiepunt = plan.actiepunten.alive().filter(status=Status.BEZIG).first()
    data = {
        "date": timezone.localdate().isoformat(),
        f"verdict_{actiepunt.pk}": "op_schema",
        f"complete_{actiepunt.pk}": "on",
        "summary": "bewaard <b>blijven</b>",
    }
    response = client_for(kartrekker).post(url("evaluatie_add", plan), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Alleen een actiepunt dat klaar is, markeer je als afgerond." in content
    assert "bewaard &lt;b&gt;blijven&lt;/b&gt;" in content
    assert not Evaluatie.objects.filter(summary__startswith="bewaard").exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("date", "", "Vul de datum van de evaluatie in."),
        ("date", "2000-01-01", "De evaluatie kan niet vóór de start van het plan liggen."),
        ("date", "2100-01-01", "Leg een evaluatie vast als ze gehouden is, niet vooraf."),
        ("summary", "x" * 5001, "De samenvatting is te lang (hoogstens 5000 tekens)."),
    ],
)
def test_evaluation_validation(client_for, kartrekker, plan, field, value, message):
    data = {"date": timezone.localdate().isoformat(), field: value}
    response = client_for(kartrekker).post(url("evaluatie_add", plan), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_adjustment_without_verdict_and_forged_verdict(client_for, kartrekker, plan):
    actiepunt = plan.actiepunten.alive().filter(status=Status.BEZIG).first()
    client = client_for(kartrekker)
    data = {"date": timezone.localdate().isoformat(), f"adjustment_{actiepunt.pk}": "Iets"}
    response = client.post(url("evaluatie_add", plan), data)
    assert "Kies ook hoe het ervoor staat" in response.content.decode()
    data[f"verdict_{actiepunt.pk}"] = "geweldig"
    response = client.post(url("evaluatie_add", plan), data)
    assert "Kies op schema, loopt achter of klaar." in response.content.decode()


def test_done_by_someone_else_meanwhile_is_not_overwritten(client_for, kartrekker, plan):
    actiepunt = plan.actiepunten.alive().filter(status=Status.BEZIG).first()
    stale = actiepunt.version
    Actiepunt.objects.filter(pk=actiepunt.pk).update(status=Status.GEPLAND, version=stale + 1)
    data = {
        "date": timezone.localdate().isoformat(),
        f"verdict_{actiepunt.pk}": "klaar",
        f"complete_{actiepunt.pk}": "on",
        f"version_{actiepunt.pk}": stale,
    }
    response = client_for(kartrekker).post(url("evaluatie_add", plan), data, follow=True)
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEPLAND
    assert "niet als afgerond gemarkeerd" in response.content.decode()


def add_actiepunten(plan, n):
    created = Actiepunt.objects.bulk_create(
        Actiepunt(
            actieplan=plan,
            section=list(Section)[i % 4],
            title=f"Actiepunt {i}",
            status=Status.BEZIG,
            due_date=plan.starts_on + timedelta(days=i),
        )
        for i in range(n)
    )
    members = list(plan.school.memberships.all()[:2])
    for actiepunt in created:
        actiepunt.responsible.set(members)
    Stap.objects.bulk_create(
        Stap(actiepunt=a, text="Stap", order=1, done_at=timezone.now()) for a in created
    )
    return created


@pytest.mark.parametrize("n", [15, 150])
def test_query_counts_do_not_grow_with_the_plan(
    client_for, kartrekker, zonnebloem, django_assert_num_queries, n
):
    plan = make_plan(zonnebloem, starts_on=timezone.localdate() - timedelta(days=30))
    actiepunten = add_actiepunten(plan, n)
    evaluation = Evaluatie.objects.create(actieplan=plan, date=timezone.localdate())
    EvaluatieItem.objects.bulk_create(
        EvaluatieItem(evaluatie=evaluation, actiepunt=a, verdict=Verdict.OP_SCHEMA)
        for a in actiepunten
    )
    client = client_for(kartrekker)
    client.get(url("evaluatie_add", plan))
    # session, user, access, plan, actiepunten, their people, last evaluation,
    # its items, evaluation dates
    with django_assert_num_queries(9):
        response = client.get(url("evaluatie_add", plan))
    assert len(response.context["form"].actiepunten) == n
    with django_assert_num_queries(5):
        client.get(url("evaluatie_list", plan))
    with django_assert_num_queries(6):
        client.get(url("evaluatie_detail", plan, evaluation.pk))
    data = {"date": timezone.localdate().isoformat(), "summary": "Alles besproken"}
    data.update({f"verdict_{a.pk}": "op_schema" for a in actiepunten})
    # ... plus savepoint, evaluation, items (one insert), the empty bulk look-up, release
    with django_assert_num_queries(10):
        assert client.post(url("evaluatie_add", plan), data).status_code == 302
