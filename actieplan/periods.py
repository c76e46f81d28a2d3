"""A school's plans over time: which one is current, approval, and a new period.

Carrying over copies rather than moves. The old plan is the record of what the
werkgroep planned and did in its period (its PDF, its evaluations, and the
history of every actiepunt keep pointing at it), so it must keep showing what
it had. An unfinished actiepunt continues in the new plan as a copy that points
back at it (`carried_from`), with its steps (ticked or not), its notes with
their original dates and authors, and its responsible people; its own history
starts with a record saying where it came from, and the history before that
stays readable on the original. Only the deadline on the school's timeline
moves to the copy, so the same actiepunt never stands on the timeline twice.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actieplan.models import OPEN_STATUSES, Actieplan, Actiepunt, Doel, Stap, Update
from actieplan.timeline import sync_timeline


def current_plan(school, today: date) -> Actieplan | None:
    """The plan whose period contains today (the latest to start), else the newest."""
    plans = Actieplan.objects.filter(school=school)
    running = plans.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on", "-pk")
    return running.first() or plans.order_by("-starts_on", "-pk").first()


def approve(plan: Actieplan, user) -> None:
    """Record that the schoolleiding approved the plan as it is now (again, if it changed)."""
    plan.approved_at = timezone.now()
    plan.approved_by = user
    plan._history_user = user
    plan._change_reason = _("Goedgekeurd")
    plan.save(update_fields=["approved_at", "approved_by"])


@dataclass(frozen=True)
class Approval:
    at: datetime
    by: str


def approvals(plan: Actieplan) -> list[Approval]:
    """Every approval of the plan, newest first, read from its history."""
    records = plan.history.select_related("approved_by").order_by("history_date", "history_id")
    seen, found = None, []
    for record in records:
        if record.approved_at and record.approved_at != seen:
            by = record.approved_by
            found.append(Approval(at=record.approved_at, by=str(by) if by else _("onbekend")))
        seen = record.approved_at
    return found[::-1]


def changed_since_approval(plan: Actieplan) -> bool:
    """Whether an actiepunt or the plan itself changed after the last approval."""
    if plan.approved_at is None:
        return False
    since = plan.approved_at
    return (
        plan.actiepunten.filter(updated_at__gt=since).exists()
        or Doel.history.filter(actieplan_id=plan.pk, history_date__gt=since).exists()
        # The approval itself is one record after `since`; any further one is a change.
        or plan.history.filter(history_date__gte=since).count() > 1
    )


@transaction.atomic
def carry_over(old: Actieplan, new: Actieplan, user) -> dict[str, int]:
    """Save `new` as the next plan after `old` and bring over what is not finished yet.

    Open actiepunten (gepland, bezig) are copied with their steps, notes and
    responsible people; goals that were not achieved are copied with their
    accents and origin. Returns how many of each came over.
    """
    new.school = old.school
    new.previous = old
    new._history_user = user
    new._change_reason = _("Nieuwe periode na “%(plan)s”") % {"plan": old.title}
    new.save()

    reason = _("Overgenomen uit “%(plan)s”") % {"plan": old.title}
    goals = list(old.doelen.filter(achieved_at__isnull=True).prefetch_related("accents"))
    for goal in goals:
        accents = list(goal.accents.all())
        goal.pk = goal.id = None
        goal._state.adding = True
        goal.actieplan = new
        create_with_m2m(goal, "accents", accents, user=user, reason=reason)

    carried = list(
        old.actiepunten.alive()
        .filter(status__in=OPEN_STATUSES)
        .select_related("timeline_action")
        .prefetch_related("responsible", "stappen", "updates")
        .order_by("section", "order", "pk")
    )
    for original in carried:
        copy = _copy_actiepunt(original, new, user, reason)
        if original.timeline_action_id:
            # The deadline moves with the work: the copy holds it from now on.
            Actiepunt.objects.filter(pk=original.pk).update(timeline_action=None)
            copy.timeline_action = original.timeline_action
            Actiepunt.objects.filter(pk=copy.pk).update(timeline_action=copy.timeline_action)
        sync_timeline(copy)
    return {"actiepunten": len(carried), "doelen": len(goals)}


def create_with_m2m(obj, field: str, values, *, user, reason: str = "") -> None:
    """Create `obj` with its many-to-many `field` in exactly one history record ("+")."""
    obj._history_user = user if user and user.is_authenticated else None
    if reason:
        obj._change_reason = reason
    obj.skip_history_when_saving = True
    try:
        obj.save()
        getattr(obj, field).set(values)
    finally:
        del obj.skip_history_when_saving
    obj.save()
    obj.history.update(history_type="+")


def _copy_actiepunt(original: Actiepunt, plan: Actieplan, user, reason: str) -> Actiepunt:
    responsible = list(original.responsible.all())
    steps = list(original.stappen.all())
    updates = list(original.updates.all())
    copy = Actiepunt(
        actieplan=plan,
        carried_from=original,
        origin_type_id=original.origin_type_id,
        origin_id=original.origin_id,
        origin_label=original.origin_label,
        updated_by=user,
        **{
            field: getattr(original, field)
            for field in (
                "section",
                "title",
                "due_date",
                "monitoring",
                "status",
                "stop_reason",
                "driving_activity_id",
                "order",
            )
        },
    )
    create_with_m2m(copy, "responsible", responsible, user=user, reason=reason)
    bulk_create_with_history(
        [
            Stap(
                actiepunt=copy,
                text=step.text,
                order=step.order,
                done_at=step.done_at,
                done_by_id=step.done_by_id,
            )
            for step in steps
        ],
        Stap,
        default_user=user,
        default_change_reason=reason,
    )
    if updates:
        created = Update.objects.bulk_create(
            Update(
                actiepunt=copy,
                text=note.text,
                author_id=note.author_id,
                author_name=note.author_name,
            )
            for note in updates
        )
        # auto_now_add stamped them now: give every note back its own date.
        Update.objects.filter(pk__in=[c.pk for c in created]).update(
            created_at=Case(
                *(
                    When(pk=c.pk, then=Value(note.created_at))
                    for c, note in zip(created, updates, strict=True)
                ),
                default=F("created_at"),
            )
        )
    return copy
