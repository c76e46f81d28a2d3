"""Links into the plan: a ronde's priority, a catalogue suggestion, later a checklist agreement.

Whatever the source, a goal or actiepunt made from it keeps a generic link
back (`origin`) and a readable label, and the same source is never added to
the same plan twice: a second click finds what the first one made.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actieplan.conflicts import create_actiepunt
from actieplan.models import (
    SECTION_OF_GROEILAAG,
    Actieplan,
    Actiepunt,
    Doel,
    GoalHorizon,
    Section,
)
from actieplan.periods import create_with_m2m
from ontwikkelmodel.models import JointAnswer, Ronde, RondeStep

DOEL = "doel"
ACTIEPUNT = "actiepunt"


@dataclass
class Added:
    """What a source stands as in a plan: its goal and its actiepunt, new or found."""

    doel: Doel | None = None
    actiepunt: Actiepunt | None = None
    created: tuple[str, ...] = ()


def origin_filter(origin: models.Model) -> dict:
    return {
        "origin_type": ContentType.objects.get_for_model(origin),
        "origin_id": origin.pk,
    }


def existing(plan: Actieplan, origin: models.Model) -> Added:
    """The goal and (not deleted) actiepunt of `plan` that came from `origin`, if any."""
    link = origin_filter(origin)
    return Added(
        doel=plan.doelen.filter(**link).order_by("pk").first(),
        actiepunt=plan.actiepunten.alive().filter(**link).order_by("pk").first(),
    )


@transaction.atomic
def add_from_origin(
    plan: Actieplan,
    origin: models.Model,
    *,
    title: str,
    section: str | None,
    accents: Iterable = (),
    priority: int | None = None,
    label: str,
    user,
    make: Iterable[str] = (DOEL, ACTIEPUNT),
    horizon: str = GoalHorizon.KORT,
    steps: Iterable[str] = (),
    monitoring: str = "",
    driving_activity=None,
    responsible: Iterable = (),
    due_date=None,
) -> Added:
    """Add `origin` to `plan` as a goal and/or an actiepunt, linked back to it.

    `make` says which: DOEL (a goal for `horizon` with `accents` and `priority`),
    ACTIEPUNT (in `section`, with `steps`, `monitoring`, `driving_activity`, the
    `responsible` members and a `due_date`).
    What the plan already holds from this origin is returned, not made again.
    """
    # Serialise clicks on the same plan (a row lock where the database has them).
    Actieplan.objects.select_for_update().filter(pk=plan.pk).first()
    make = set(make)
    found = existing(plan, origin)
    link = {"origin": origin, "origin_label": Truncator(label).chars(300)}
    created = []
    if DOEL in make and found.doel is None:
        last = plan.doelen.filter(horizon=horizon).aggregate(m=models.Max("order"))["m"]
        found.doel = Doel(
            actieplan=plan,
            horizon=horizon,
            text=Truncator(title.strip()).chars(1000),
            priority=priority,
            order=(last or 0) + 1,
            **link,
        )
        create_with_m2m(found.doel, "accents", list(accents), user=user, reason=label)
        created.append(DOEL)
    if ACTIEPUNT in make and found.actiepunt is None:
        found.actiepunt = create_actiepunt(
            plan,
            user=user,
            section=section or Section.KENNISONTWIKKELING,
            title=Truncator(" ".join(title.split())).chars(300),
            steps=[Truncator(s).chars(500) for s in (line.strip() for line in steps) if s],
            monitoring=Truncator(monitoring.strip()).chars(2000),
            driving_activity=driving_activity,
            responsible=responsible,
            due_date=due_date,
            **link,
        )
        created.append(ACTIEPUNT)
    found.created = tuple(created)
    return found


# --- Rondes of the Ontwikkelmodel -----------------------------------------------


def ronde_label(answer: JointAnswer) -> str:
    return _("Ronde %(title)s, prioriteit %(n)s") % {
        "title": answer.ronde.title,
        "n": answer.priority,
    }


def ronde_priorities(school) -> list[JointAnswer]:
    """The agreed priorities of the school's closed rondes: newest ronde first, then by rank."""
    return list(
        JointAnswer.objects.filter(
            ronde__school=school, ronde__step=RondeStep.CLOSED, priority__isnull=False
        )
        .select_related("ronde", "accent__groeilaag")
        .order_by("-ronde__closed_at", "-ronde__pk", "priority")
    )


def follow_up_monitoring(answer: JointAnswer) -> str:
    parts = [answer.monitoring.strip()]
    if answer.monitored_by.strip():
        parts.append(_("Wie monitort: %(who)s") % {"who": answer.monitored_by.strip()})
    return "\n".join(p for p in parts if p)


def add_ronde_priority(plan: Actieplan, answer: JointAnswer, *, make, user) -> Added:
    """A ronde's priority as a goal for the coming six months and/or an actiepunt."""
    goal = answer.goal.strip() or answer.accent.name
    return add_from_origin(
        plan,
        answer,
        title=goal,
        section=SECTION_OF_GROEILAAG.get(answer.accent.groeilaag.code),
        accents=[answer.accent],
        priority=answer.priority,
        label=ronde_label(answer),
        user=user,
        make=make,
        steps=[line for line in answer.approach.splitlines() if line.strip()],
        monitoring=follow_up_monitoring(answer),
    )


def linked_in_plan(plan: Actieplan, model) -> dict[int, Added]:
    """origin id -> what the plan holds from it, for every origin of one model (two queries)."""
    content_type = ContentType.objects.get_for_model(model)
    found: dict[int, Added] = {}
    for doel in plan.doelen.filter(origin_type=content_type).order_by("pk"):
        entry = found.setdefault(doel.origin_id, Added())
        entry.doel = entry.doel or doel
    for actiepunt in plan.actiepunten.alive().filter(origin_type=content_type).order_by("pk"):
        entry = found.setdefault(actiepunt.origin_id, Added())
        entry.actiepunt = entry.actiepunt or actiepunt
    return found


def closed_rondes_exist(school) -> bool:
    return Ronde.objects.filter(school=school, step=RondeStep.CLOSED).exists()


# --- Agreements from the leader checklist (Bijlage 6) ------------------------------------

CHECKLIST_NAME = "Checklist leidinggevenden"


def checklist_label(checklist_round) -> str:
    """ "Checklist leidinggevenden <title>", without saying it twice."""
    title = checklist_round.title.strip()
    if title.lower().startswith(CHECKLIST_NAME.lower()):
        return title
    return f"{CHECKLIST_NAME} {title}"


def matched_members(school, who: str) -> list:
    """Members of the school whose full name appears in an agreement's 'wie'."""
    text = f" {' '.join(who.lower().split())} "
    found = []
    for membership in school.memberships.select_related("user"):
        name = " ".join(membership.user.full_name.lower().split())
        if name and f" {name} " in text.replace(",", " ").replace(".", " "):
            found.append(membership)
    return found


def add_checklist_agreement(plan: Actieplan, agreement, *, user) -> Added:
    """An agreement (wie, wat, wanneer) as an actiepunt under Richting geven, linked back."""
    return add_from_origin(
        plan,
        agreement,
        title=agreement.what,
        section=Section.RICHTING_GEVEN,
        label=checklist_label(agreement.round),
        user=user,
        make=(ACTIEPUNT,),
        responsible=matched_members(plan.school, agreement.who),
        due_date=agreement.when,
    )


# --- Ideas and development points from werkmomenten (Bijlage 12) ------------------------


def werkmoment_label(punt) -> str:
    """ "Werkmoment 2 (12 maart 2027): idee", the origin as the plan shows it."""
    session = punt.werkmoment.session
    return _("%(title)s (%(day)s): %(kind)s") % {
        "title": session.display_title,
        "day": date_format(session.date, "j F Y"),
        "kind": punt.get_kind_display().lower(),
    }


def add_ontwikkelpunt(plan: Actieplan, punt, *, make: str, section: str | None, user) -> Added:
    """An ontwikkelpunt as an actiepunt (in `section`) or as a goal for the coming six months."""
    return add_from_origin(
        plan,
        punt,
        title=punt.text,
        section=section,
        label=werkmoment_label(punt),
        user=user,
        make=(make,),
    )
