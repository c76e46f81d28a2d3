"""The report parts of the apps: a fixed number of queries, and the period decides."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from actieplan.models import Actieplan, Actiepunt, Bijeenkomst, Doel, Section, Status
from actieplan.report import actieplan_part
from ontwikkelmodel.models import (
    ChecklistAgreement,
    ChecklistParticipant,
    ChecklistRound,
    JointAnswer,
    Ronde,
    RondeStep,
)
from ontwikkelmodel.report import checklist_agreements, ontwikkelmodel_part, profile_until
from phases.models import (
    ActionStatus,
    Afspraak,
    Attendance,
    SessionKind,
    TrainingSession,
    Voorgesprek,
    school_year_of,
)
from phases.report import stand, voorgesprekken
from schools.access import school_access
from schools.models import Membership
from tso.progress_report import SECTION_KEYS, next_steps, report_data

# Kartrekker, full version, every section: stand 6 (of which training 3),
# voorgesprekken 2, Ontwikkelmodel 4, checklist 3, actieplan 5, werkmomenten 6.
FULL_QUERIES = 26
# Team version: stand, Ontwikkelmodel (no charts), actieplan, voorgesprekken (next steps).
TEAM_QUERIES = 17


@pytest.fixture
def day():
    return timezone.localdate()


@pytest.fixture
def period(day):
    return school_year_of(day)


def gather(school, user, day, period, version="full"):
    access = school_access(user, school.slug)
    user.has_perm("tso.print_progress_report", access)  # rules load outside the count
    return lambda: report_data(
        access,
        user,
        version=version,
        sections=SECTION_KEYS,
        start=period[0],
        end=period[1],
        day=day,
    )


def add_rows(school, day):
    """Many more of everything the report reads: actions, sessions, attendance, plans."""
    members = list(Membership.objects.filter(school=school))
    plan = Actieplan.objects.get(school=school)
    for n in range(30):
        Actiepunt.objects.create(
            actieplan=plan,
            section=list(Section.values)[n % 4],
            title=f"Extra actiepunt {n}",
            status=[Status.GEPLAND, Status.BEZIG, Status.AFGEROND][n % 3],
            due_date=day - timedelta(days=n),
            completed_on=day - timedelta(days=n) if n % 3 == 2 else None,
        )
        Doel.objects.create(actieplan=plan, text=f"Extra doel {n}", achieved_at=day)
    for n in range(5):
        Bijeenkomst.objects.create(
            actieplan=plan,
            date=day + timedelta(days=10 + n),
            start_time=time(15),
            end_time=time(16),
        )
    for n in range(8):
        session = TrainingSession.objects.create(
            school=school, kind=SessionKind.WERKMOMENT, date=day - timedelta(days=n + 1)
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, membership=m, present=i % 3 > 0)
            for i, m in enumerate(members)
        )
    for n in range(4):
        voorgesprek = Voorgesprek.objects.create(school=school, date=day - timedelta(days=n))
        for k in range(3):
            Afspraak.objects.create(
                voorgesprek=voorgesprek, what=f"Afspraak {n}.{k}", owner=members[k], due=day
            )
    checklist_round = ChecklistRound.objects.filter(school=school).first()
    extra = ChecklistRound(school=school, version=checklist_round.version, title="Tweede ronde")
    extra.save()
    ChecklistParticipant.objects.create(round=extra, user=checklist_round.opened_by, name="x")
    extra.closed_at = timezone.now()
    extra.save()
    for n in range(6):
        ChecklistAgreement.objects.create(round=extra, what=f"Afspraak {n}", who="MT", when=day)
    closed = Ronde.objects.get(school=school, step=RondeStep.CLOSED)
    later = Ronde.objects.create(
        school=school,
        version=closed.version,
        title="Tussenmeting",
        deadline=day - timedelta(days=3),
        joint_date=day - timedelta(days=2),
        step=RondeStep.CLOSED,
        closed_at=timezone.now(),
    )
    JointAnswer.objects.bulk_create(
        JointAnswer(ronde=later, accent=a.accent, groeifase=a.groeifase, priority=a.priority)
        for a in closed.joint_answers.all()
    )
    for action in school.timeline_actions.all()[:10]:
        action.status = ActionStatus.GEDAAN
        action.done_on = day
        action.save()


@pytest.mark.parametrize("version,queries", [("full", FULL_QUERIES), ("team", TEAM_QUERIES)])
def test_gathering_the_data_takes_the_same_queries_for_few_and_many_rows(
    zonnebloem, kartrekker, day, period, django_assert_num_queries, version, queries
):
    run = gather(zonnebloem, kartrekker, day, period, version)
    with django_assert_num_queries(queries):
        few = run()
    add_rows(zonnebloem, day)
    with django_assert_num_queries(queries):
        many = run()
    assert many["actieplan"].total == few["actieplan"].total + 30
    assert len(many["stand"].training.sessions) == len(few["stand"].training.sessions) + 8
    assert len(many["ontwikkelmodel"].profile.rondes) == 2
    if version == "full":
        assert len(many["checklist"]) == len(few["checklist"]) + 1
        assert len(many["voorgesprekken"]) == len(few["voorgesprekken"]) + 4


def test_each_part_in_a_fixed_number_of_queries(
    zonnebloem, kartrekker, day, period, django_assert_num_queries
):
    start, end = period
    access = school_access(kartrekker, zonnebloem.slug)
    kartrekker.has_perm("tso.print_progress_report", access)
    with django_assert_num_queries(6):
        stand(zonnebloem, start, end, day)
    with django_assert_num_queries(2):
        voorgesprekken(zonnebloem, start, end, full=True)
    with django_assert_num_queries(4):
        ontwikkelmodel_part(zonnebloem, start, end, with_open=True, with_charts=True)
    with django_assert_num_queries(3):
        checklist_agreements(access, kartrekker, start, end)
    with django_assert_num_queries(5):
        actieplan_part(zonnebloem, start, end, day, members=True)
    with django_assert_num_queries(4):  # board members get no meeting
        actieplan_part(zonnebloem, start, end, day, members=False)


def test_the_period_decides_what_counts(zonnebloem, day, period):
    start, end = period
    part = actieplan_part(zonnebloem, start, end, day, members=True)
    assert part.milestones and all(start <= m.day <= end for m in part.milestones)
    last_year = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
    earlier = actieplan_part(zonnebloem, *last_year, day, members=True)
    assert not earlier.has_plan  # the demo plan is this school year's
    done = stand(zonnebloem, start, end, day)
    assert all(start <= a.done_on <= end for a in done.done_recently)
    assert done.done_in_period >= len(done.done_recently)


def test_the_profile_is_the_one_agreed_up_to_the_end_of_the_period(zonnebloem, day):
    closed = Ronde.objects.get(school=zonnebloem, step=RondeStep.CLOSED)
    assert profile_until(zonnebloem, closed.results_date).latest == closed
    assert not profile_until(zonnebloem, closed.results_date - timedelta(days=1)).has_results
    # A later ronde with another agreed fase replaces it from its own date on.
    later = Ronde.objects.create(
        school=zonnebloem,
        version=closed.version,
        title="Jaarlijkse evaluatie",
        deadline=day,
        joint_date=day,
        step=RondeStep.CLOSED,
        closed_at=timezone.now(),
    )
    for answer in closed.joint_answers.all():
        JointAnswer.objects.create(
            ronde=later, accent=answer.accent, groeifase=min(4, (answer.groeifase or 1) + 1)
        )
    profile = profile_until(zonnebloem, day)
    assert profile.latest == later and profile.previous == closed
    assert all(a.change == 1 for a in profile.accents if a.previous and a.previous < 4)
    assert profile_until(zonnebloem, day - timedelta(days=1)).latest == closed


def test_the_next_steps_come_soonest_first(zonnebloem, kartrekker, day, period):
    data = gather(zonnebloem, kartrekker, day, period, "team")()
    steps = data["next_steps"]
    assert steps == sorted(steps, key=lambda step: step.day)
    assert all(step.day >= day or step.month_only for step in steps)
    assert {s.text for s in steps} >= {"bijeenkomst van de werkgroep"}
    assert next_steps(data, day, shown=1) == steps[:1]
