"""The demo actieplan: what the werkgroep of De Zonnebloem finds when it logs in."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from actieplan.demo import seed_actieplan
from actieplan.models import Actieplan, Actiepunt, GoalHorizon, Section, Status
from ontwikkelmodel.models import JointAnswer
from phases.dates import add_months
from phases.models import school_year_of


def _plan(zonnebloem):
    return Actieplan.objects.get(school=zonnebloem)


def test_zonnebloem_has_an_approved_plan_for_this_school_year(zonnebloem, schoolleider):
    today = timezone.localdate()
    plan = _plan(zonnebloem)
    assert (plan.starts_on, plan.ends_on) == school_year_of(today)
    assert plan.is_current(today)
    assert plan.is_approved and plan.approved_by == schoolleider
    assert plan.approved_at.date() < today


def test_three_short_goals_come_from_the_rondes_priorities(zonnebloem):
    plan = _plan(zonnebloem)
    short = list(plan.doelen.filter(horizon=GoalHorizon.KORT).prefetch_related("accents"))
    assert len(short) == 3
    assert [goal.priority for goal in short] == [1, 2, 3]
    for goal in short:
        answer = goal.origin
        assert isinstance(answer, JointAnswer)
        assert answer.ronde.school == zonnebloem
        assert answer.priority == goal.priority
        assert [accent.pk for accent in goal.accents.all()] == [answer.accent_id]
        assert answer.ronde.title in goal.origin_label
    assert plan.doelen.filter(horizon=GoalHorizon.LANG).count() >= 2


def test_actiepunten_cover_every_section_and_status(zonnebloem):
    today = timezone.localdate()
    plan = _plan(zonnebloem)
    actiepunten = list(plan.actiepunten.alive().prefetch_related("responsible", "stappen"))
    assert 12 <= len(actiepunten) <= 18
    assert {a.section for a in actiepunten} == set(Section.values)
    assert {a.status for a in actiepunten} == set(Status.values)
    for actiepunt in actiepunten:
        assert actiepunt.responsible.exists()
        assert all(m.school_id == zonnebloem.pk for m in actiepunt.responsible.all())
        assert actiepunt.stappen.exists()
        assert actiepunt.updates.exists()
        assert actiepunt.driving_activity is not None
        if actiepunt.status == Status.AFGEROND:
            assert actiepunt.completed_on and actiepunt.completed_on <= today
        else:
            assert actiepunt.completed_on is None
        if actiepunt.status == Status.GESTOPT:
            assert actiepunt.stop_reason
    assert {a.driving_activity.code for a in actiepunten} == {
        "competentie",
        "organisatie-inrichting",
        "leiderschapssteun",
    }
    assert Actiepunt.objects.filter(actieplan=plan).overdue(today).count() == 2
    # Some steps ticked, some still to do; updates are dated in the past.
    steps = [step for a in actiepunten for step in a.stappen.all()]
    assert any(s.is_done for s in steps) and any(not s.is_done for s in steps)
    assert all(u.created_at.date() < today for a in actiepunten for u in a.updates.all())


def test_deadlines_stand_on_the_timeline(zonnebloem):
    plan = _plan(zonnebloem)
    for actiepunt in plan.actiepunten.select_related("timeline_action"):
        action = actiepunt.timeline_action
        assert action is not None and action.school == zonnebloem
        assert action.planned_end == actiepunt.due_date


def test_two_past_meetings_with_minutes_and_the_next_one_planned(zonnebloem):
    today = timezone.localdate()
    plan = _plan(zonnebloem)
    meetings = list(plan.bijeenkomsten.select_related("voorzitter", "tijdbewaker", "notulist"))
    past = [m for m in meetings if m.date < today]
    future = [m for m in meetings if m.date > today]
    assert len(past) == 2 and len(future) == 1
    assert all(m.minutes and m.agenda for m in past)
    assert future[0].agenda and not future[0].minutes
    for meeting in meetings:
        for person in (meeting.voorzitter, meeting.tijdbewaker, meeting.notulist):
            assert person.school_id == zonnebloem.pk
            assert person.kartrekker or person.werkgroeplid or person.trainer
        assert meeting.start_time < meeting.end_time


def test_the_next_evaluation_is_due_next_week(zonnebloem):
    today = timezone.localdate()
    plan = _plan(zonnebloem)
    last = plan.evaluaties.get()
    assert last.date < today and last.items.exists()
    next_due = add_months(last.date, plan.evaluation_interval_months)
    assert next_due == today + timedelta(days=7)
    assert plan.first_evaluation_on == last.date


def test_no_pupil_data_and_no_other_school_touched(demo, zonnebloem):
    assert Actieplan.objects.exclude(school=zonnebloem).count() == 0
    plan = _plan(zonnebloem)
    texts = [plan.title]
    texts += [a.title + a.monitoring + a.stop_reason for a in plan.actiepunten.all()]
    texts += [m.agenda + m.minutes for m in plan.bijeenkomsten.all()]
    assert all("leerling " not in text.lower() for text in texts)


def test_seeding_again_changes_nothing(demo, zonnebloem):
    counts = (Actieplan.objects.count(), Actiepunt.objects.count())
    seed_actieplan(demo, timezone.localdate())
    call_command("seed_demo", verbosity=0)
    assert (Actieplan.objects.count(), Actiepunt.objects.count()) == counts
