"""Demo timelines: Zonnebloem mid-training, Kompas preparing, Vlinder exploring."""

from datetime import date, timedelta
from decimal import Decimal

from phases.dates import add_months, next_weekday
from phases.models import (
    ActionStatus,
    Attendance,
    FacilitatedHours,
    FollowUp,
    Implementation,
    SessionKind,
    TrainingGroup,
    school_year_of,
)
from phases.planning import suggest_year_plan
from phases.timeline import start_timeline
from schools.models import Membership


def seed_phases(schools, today: date) -> None:
    zonnebloem = schools["OBS De Zonnebloem"]
    if not Implementation.objects.filter(school=zonnebloem).exists():
        _seed_zonnebloem(zonnebloem, today)
    kompas = schools["SO Het Kompas"]
    if not Implementation.objects.filter(school=kompas).exists():
        _implementation(kompas, next_weekday(add_months(today, 5)))
        _close_finished(kompas, today, keep_open=set())
        kartrekker = Membership.objects.filter(school=kompas, kartrekker=True).first()
        _assign(kompas.timeline_actions.filter(phase__number=2), kartrekker)
    vlinder = schools["SBO De Vlinder"]
    if not Implementation.objects.filter(school=vlinder).exists():
        _implementation(vlinder, next_weekday(add_months(today, 10)))


def _implementation(school, t0):
    implementation = Implementation.objects.create(school=school, t0=t0)
    start_timeline(implementation)
    return implementation


def _zonnebloem_t0(today: date) -> date:
    """About four months ago, but never in the summer holiday."""
    t0 = add_months(today, -4)
    if t0.month in (7, 8):
        t0 = date(t0.year, 9, 1)
    return next_weekday(t0)


def _seed_zonnebloem(school, today):
    t0 = _zonnebloem_t0(today)
    _implementation(school, t0)
    members = {m.user.email: m for m in school.memberships.select_related("user")}
    kartrekker = members["kartrekker@zonnebloem.example"]
    trainers = [members["trainer@example.org"], members["trainer@zonnebloem.example"]]

    group = TrainingGroup.objects.create(school=school, name="Hele team", participant_count=34)
    group.trainers.set(trainers)
    for session in suggest_year_plan(school, t0, location="Teamkamer OBS De Zonnebloem"):
        session.groups.add(group)
        session.trainers.set(trainers)

    _close_finished(school, today, keep_open={"werkgroep-vormen"})
    overdue = school.timeline_actions.get(standard_action__code="werkgroep-vormen")
    overdue.status = ActionStatus.BEZIG
    overdue.owner = kartrekker
    overdue.notes = "Uren voor de werkgroep zijn nog niet in de taakverdeling opgenomen."
    overdue.save()
    _assign(school.timeline_actions.filter(phase__number=3, status=ActionStatus.OPEN), kartrekker)

    team = [m for m in members.values() if m.teamlid]
    missed = {
        "anouk.peters@zonnebloem.example": FollowUp.AFGESPROKEN,
        "freek.bos@zonnebloem.example": FollowUp.TE_REGELEN,
    }
    for session in school.training_sessions.filter(
        kind__in=[SessionKind.MODULE_1, SessionKind.MODULE_2], date__lt=today
    ):
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    membership=m,
                    present=not (session.kind == SessionKind.MODULE_1 and m.user.email in missed),
                    follow_up=missed.get(m.user.email, FollowUp.TE_REGELEN),
                    note="Inhalen bij de training van SO Het Kompas"
                    if missed.get(m.user.email) == FollowUp.AFGESPROKEN
                    and session.kind == SessionKind.MODULE_1
                    else "",
                )
                for m in team
            ]
        )

    year = school_year_of(today)[0].year
    FacilitatedHours.objects.create(
        school=school, membership=kartrekker, school_year=year, hours=Decimal("30")
    )
    werkgroep = members["werkgroep@zonnebloem.example"]
    FacilitatedHours.objects.create(
        school=school, membership=werkgroep, school_year=year, hours=Decimal("12")
    )


def _close_finished(school, today, keep_open):
    """Actions whose window ended two weeks ago are done, as a real school would have."""
    for action in school.timeline_actions.filter(planned_end__lt=today - timedelta(days=14)):
        if action.standard_action and action.standard_action.code in keep_open:
            continue
        action.set_status(ActionStatus.GEDAAN, today)
        action.done_on = action.planned_end
        action.save()


def _assign(actions, owner):
    # One save per action, so the history shows where every owner came from.
    for action in actions:
        action.owner = owner
        action.save(update_fields=["owner"])
