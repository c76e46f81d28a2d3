"""Actiepunten with a deadline stand on the school's timeline, kept in step here.

The timeline (phases) knows nothing of the actieplan: the actiepunt holds the
link (`Actiepunt.timeline_action`) and this module writes the action. Title,
deadline, responsible person and status follow the actiepunt; an actiepunt
without a deadline, or one that is deleted, has no action on the timeline.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actieplan.models import Actiepunt, Status
from phases.models import ActionStatus, TimelineAction
from phases.timeline import summarize

# How an actiepunt's status shows on the timeline.
TIMELINE_STATUS = {
    Status.GEPLAND: ActionStatus.OPEN,
    Status.BEZIG: ActionStatus.BEZIG,
    Status.AFGEROND: ActionStatus.GEDAAN,
    Status.GESTOPT: ActionStatus.NVT,
}

SYNCED_FIELDS = (
    "title",
    "description",
    "planned_start",
    "planned_end",
    "status",
    "owner_id",
    "managed_elsewhere",
    "managed_url",
)


def wants_timeline(actiepunt: Actiepunt) -> bool:
    return actiepunt.due_date is not None and actiepunt.deleted_at is None


@transaction.atomic
def sync_timeline(actiepunt: Actiepunt) -> TimelineAction | None:
    """Create, update or remove the timeline action of `actiepunt`; return it (or None).

    Call it after every change to an actiepunt's title, deadline, responsible
    people, status or deletion. It writes nothing when the action is already in
    step, so calling it too often is harmless.
    """
    action = actiepunt.timeline_action
    if not wants_timeline(actiepunt):
        if action is not None:
            actiepunt.timeline_action = None
            Actiepunt.objects.filter(pk=actiepunt.pk).update(timeline_action=None)
            action.delete()
        return None

    plan = actiepunt.actieplan
    school = plan.school
    if action is None:
        action = TimelineAction(school=school, phase=summarize(school).phase, dates_edited=True)
    before = {field: getattr(action, field) for field in SYNCED_FIELDS}
    action.title = Truncator(actiepunt.title).chars(200)
    action.description = _("Actiepunt uit het actieplan “%(plan)s” (%(section)s).") % {
        "plan": plan.title,
        "section": actiepunt.get_section_display(),
    }
    action.planned_end = actiepunt.due_date
    # The timeline links here and leaves changing it to the actieplan.
    action.managed_elsewhere = _("het actieplan")
    action.managed_url = (
        reverse("actieplan_detail", args=[school.slug, plan.pk]) + f"#actiepunt-{actiepunt.pk}"
    )
    action.planned_start = min(plan.starts_on, actiepunt.due_date)
    action.owner_id = _first_responsible_id(actiepunt)
    action.set_status(TIMELINE_STATUS[actiepunt.status], actiepunt.due_date)
    if actiepunt.status == Status.AFGEROND and actiepunt.completed_on:
        action.done_on = actiepunt.completed_on
    after = {field: getattr(action, field) for field in SYNCED_FIELDS}
    if action.pk is not None and before == after:
        return action
    action._history_user = actiepunt.updated_by
    action._change_reason = _("Bijgewerkt vanuit het actieplan")
    action.save()
    if actiepunt.timeline_action_id != action.pk:
        actiepunt.timeline_action = action
        Actiepunt.objects.filter(pk=actiepunt.pk).update(timeline_action=action)
    return action


def _first_responsible_id(actiepunt: Actiepunt) -> int | None:
    ids = sorted(m.pk for m in actiepunt.responsible.all())
    return ids[0] if ids else None
