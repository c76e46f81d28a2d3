"""A school's phase, timeline, team training and voorgesprekken over one period.

Plain data for the progress report (tso/progress_report.py), each part in a
fixed number of queries whatever the number of actions, sessions, attendance
rows or afspraken. The report is handed to the team and the board, so people
who missed a session are counted, never named.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, Sum

from phases.models import (
    ActionStatus,
    Afspraak,
    FollowUp,
    Implementation,
    Phase,
    SessionKind,
    TrainingGroup,
    Voorgesprek,
    school_year_of,
)
from phases.timeline import derived_phase_number

# The yearly conversation with the Ontwikkelmodel (Borgen): its next date is a next step.
YEARLY_RONDE_CODE = "jaarlijks-ontwikkelmodel"
# How many actions a list in the report shows at most.
SHOWN = 6


def default_period(day: date) -> tuple[date, date]:
    """The school year `day` lies in: 1 August to 31 July."""
    return school_year_of(day)


@dataclass
class PhaseBar:
    number: int
    name: str
    duration: str
    done: int = 0
    total: int = 0
    is_current: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class ActionLine:
    title: str
    phase_number: int
    planned_end: date | None
    done_on: date | None = None


@dataclass
class SessionLine:
    day: date
    title: str
    is_module: bool
    is_werkmoment: bool
    held: bool
    recorded: int = 0
    present: int = 0
    to_arrange: int = 0

    @property
    def absent(self) -> int:
        return self.recorded - self.present


@dataclass
class Training:
    sessions: list[SessionLine] = field(default_factory=list)  # in the period, in date order
    groups: int = 0
    participants: int = 0  # over all training groups
    next_session: SessionLine | None = None  # the first one from today, in or after the period

    @property
    def modules_planned(self) -> int:
        return sum(s.is_module for s in self.sessions)

    @property
    def modules_held(self) -> int:
        return sum(s.is_module and s.held for s in self.sessions)

    @property
    def werkmomenten(self) -> int:
        return sum(s.is_werkmoment for s in self.sessions)

    @property
    def recorded_sessions(self) -> int:
        return sum(bool(s.recorded) for s in self.sessions)

    @property
    def absences(self) -> int:
        return sum(s.absent for s in self.sessions)

    @property
    def to_arrange(self) -> int:
        return sum(s.to_arrange for s in self.sessions)

    @property
    def attendance_percent(self) -> int | None:
        recorded = sum(s.recorded for s in self.sessions)
        if not recorded:
            return None
        return round(100 * sum(s.present for s in self.sessions) / recorded)


@dataclass
class Stand:
    """Where the school stands: its phase, the timeline per phase and the team training."""

    t0: date | None
    phase_number: int
    phase_name: str
    phase_goal: str
    phase_is_override: bool
    override_reason: str
    bars: list[PhaseBar]
    done_in_period: int
    done_recently: list[ActionLine]  # the latest actions done in the period
    overdue: list[ActionLine]
    overdue_count: int
    upcoming: list[ActionLine]  # open actions due from today, soonest first
    next_yearly_ronde: ActionLine | None
    training: Training

    @property
    def action_total(self) -> int:
        return sum(bar.total for bar in self.bars)

    @property
    def action_done(self) -> int:
        return sum(bar.done for bar in self.bars)


def stand(school, start: date, end: date, day: date) -> Stand:
    """The school's phase and progress on `day`, and what happened between start and end.

    Six queries, whatever the number of actions, sessions and attendance rows.
    """
    phases = list(Phase.objects.all())
    implementation = (
        Implementation.objects.select_related("phase_override").filter(school=school).first()
    )
    actions = list(
        school.timeline_actions.select_related("phase", "standard_action").only(
            "title",
            "status",
            "planned_start",
            "planned_end",
            "done_on",
            "phase__number",
            "standard_action__code",
        )
    )
    t0 = implementation.t0 if implementation else None
    bars = {p.number: PhaseBar(number=p.number, name=p.name, duration=p.duration) for p in phases}
    for action in actions:
        if action.status != ActionStatus.NVT and action.phase.number in bars:
            bars[action.phase.number].total += 1
            bars[action.phase.number].done += action.status == ActionStatus.GEDAAN
    override = implementation.phase_override if implementation else None
    number = override.number if override else derived_phase_number(t0, actions, day)
    current = next((p for p in phases if p.number == number), None)
    if number in bars:
        bars[number].is_current = True

    def line(action) -> ActionLine:
        return ActionLine(action.title, action.phase.number, action.planned_end, action.done_on)

    done = sorted(
        (
            a
            for a in actions
            if a.status == ActionStatus.GEDAAN and a.done_on and start <= a.done_on <= end
        ),
        key=lambda a: (a.done_on, a.pk),
        reverse=True,
    )
    overdue = sorted((a for a in actions if a.is_overdue(day)), key=lambda a: (a.planned_end, a.pk))
    upcoming = sorted(
        (a for a in actions if not a.is_closed and a.planned_end and a.planned_end >= day),
        key=lambda a: (a.planned_end, a.pk),
    )
    yearly = next(
        (
            a
            for a in upcoming
            if a.standard_action_id and a.standard_action.code == YEARLY_RONDE_CODE
        ),
        None,
    )
    return Stand(
        t0=t0,
        phase_number=number,
        phase_name=current.name if current else "",
        phase_goal=current.goal if current else "",
        phase_is_override=override is not None,
        override_reason=implementation.phase_override_reason if override else "",
        bars=list(bars.values()),
        done_in_period=len(done),
        done_recently=[line(a) for a in done[:SHOWN]],
        overdue=[line(a) for a in overdue[:SHOWN]],
        overdue_count=len(overdue),
        upcoming=[line(a) for a in upcoming[:SHOWN]],
        next_yearly_ronde=line(yearly) if yearly else None,
        training=training(school, start, end, day),
    )


def training(school, start: date, end: date, day: date) -> Training:
    """The team training in the period: sessions with attendance counted. Three queries."""
    absent = Q(attendance__present=False)
    sessions = (
        school.training_sessions.filter(date__gte=start, date__lte=end)
        .annotate(
            recorded=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__present=True)),
            to_arrange=Count(
                "attendance", filter=absent & Q(attendance__follow_up=FollowUp.TE_REGELEN)
            ),
        )
        .order_by("date", "start_time", "pk")
    )
    groups = TrainingGroup.objects.filter(school=school).aggregate(
        count=Count("pk"), participants=Sum("participant_count")
    )
    following = (
        school.training_sessions.filter(date__gte=day).order_by("date", "start_time", "pk").first()
    )
    return Training(
        sessions=[_session_line(s, day, counted=True) for s in sessions],
        groups=groups["count"] or 0,
        participants=groups["participants"] or 0,
        next_session=_session_line(following, day, counted=False) if following else None,
    )


def _session_line(session, day: date, *, counted: bool) -> SessionLine:
    return SessionLine(
        day=session.date,
        title=session.display_title,
        is_module=session.is_module,
        is_werkmoment=session.kind == SessionKind.WERKMOMENT,
        held=session.date < day,
        recorded=session.recorded if counted else 0,
        present=session.present if counted else 0,
        to_arrange=session.to_arrange if counted else 0,
    )


# --- Voorgesprekken: the decisions and the afspraken ----------------------------


@dataclass
class AfspraakLine:
    what: str
    owner: str
    due: date
    done: bool


@dataclass
class VoorgesprekLine:
    kind: str
    day: date
    decision: str  # "go", "twijfel" or ""
    decision_label: str
    reasoning: str  # empty unless the reader sees the whole conversation
    improvements: str  # idem
    next_meeting: date | None
    before_period: bool
    afspraken: list[AfspraakLine]

    @property
    def open_afspraken(self) -> int:
        return sum(not a.done for a in self.afspraken)


def voorgesprekken(school, start: date, end: date, *, full: bool) -> list[VoorgesprekLine]:
    """Every voorgesprek held up to the end of the period, newest first. Two queries.

    Earlier ones stay in: the decision to start (or to wait) is what the period
    builds on. `full` adds the reasoning, as the conversation's own summary does
    for the school's members; board members read the decision and the afspraken.
    """
    rows = (
        Voorgesprek.objects.filter(school=school, date__lte=end)
        .prefetch_related(
            Prefetch(
                "afspraken",
                queryset=Afspraak.objects.select_related("owner__user", "timeline_action"),
            )
        )
        .order_by("-date", "-pk")
    )
    return [
        VoorgesprekLine(
            kind=voorgesprek.get_kind_display(),
            day=voorgesprek.date,
            decision=voorgesprek.decision,
            decision_label=voorgesprek.get_decision_display() if voorgesprek.decision else "",
            reasoning=voorgesprek.decision_reasoning if full else "",
            improvements=voorgesprek.improvements if full else "",
            next_meeting=voorgesprek.next_meeting,
            before_period=voorgesprek.date < start,
            afspraken=[
                AfspraakLine(
                    what=afspraak.what,
                    owner=str(afspraak.owner.user) if afspraak.owner else "",
                    due=afspraak.due,
                    done=bool(afspraak.timeline_action and afspraak.timeline_action.is_closed),
                )
                for afspraak in voorgesprek.afspraken.all()
            ],
        )
        for voorgesprek in rows
    ]
