"""Who changed what on the timeline: status history and edit conflicts."""

import copy
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from phases.models import ActionStatus, TimelineAction

# The fields the edit form changes, compared when two people edit at once.
EDITED_FIELDS = TimelineAction.EDITABLE_FIELDS


def latest_version(action) -> int:
    """The newest history record of the action; 0 if it has none yet."""
    newest = action.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return newest or 0


def base_record(action, version: int | None):
    """The history record the user's form started from, if it can be found."""
    if version:
        return action.history.filter(history_id=version).first()
    first = action.history.order_by("history_id").first()
    return first if first is not None and first.history_type == "+" else None


def ensure_history(action) -> None:
    """Actions laid out in bulk have no history yet: record their state before a change.

    Without it the history could not say what the status was changed *from*.
    """
    if action.history.exists():
        return
    baseline = copy.copy(action)
    baseline._history_user = None  # laid out by the system, not by whoever changes it now
    TimelineAction.history.bulk_history_create(
        [baseline], default_date=action.created_at, default_change_reason="Op de tijdlijn gezet"
    )


def values_of(obj) -> dict:
    return {f: getattr(obj, "owner_id" if f == "owner" else f) for f in EDITED_FIELDS}


def display_value(field, value, members) -> str:
    if value in (None, ""):
        return _("(leeg)")
    if field == "owner":
        member = members.get(value)
        return str(member.user) if member else _("(iemand die geen lid meer is)")
    if field == "status":
        return str(ActionStatus(value).label)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return Truncator(str(value)).chars(160)


def conflicts(base: dict | None, current: dict, yours: dict, members) -> list[dict]:
    """What the other person changed since `base`: their value next to yours."""
    changed = []
    for field in EDITED_FIELDS:
        theirs, mine = current[field], yours.get(field)
        changed_by_them = theirs != base[field] if base is not None else theirs != mine
        if changed_by_them:
            changed.append(
                {
                    "label": TimelineAction._meta.get_field(field).verbose_name,
                    "theirs": display_value(field, theirs, members),
                    "yours": display_value(field, mine, members),
                    "same": theirs == mine,
                }
            )
    return changed


@dataclass(frozen=True)
class StatusChange:
    at: object
    by: object
    old: str | None
    new: str


def status_changes(records) -> list[StatusChange]:
    """Status changes from consecutive historical records, newest first."""
    changes, previous = [], None
    for record in records:  # oldest first
        if previous is None or record.status != previous.status:
            if previous is not None:
                old = ActionStatus(previous.status).label
            else:  # the first record: how it came on the timeline, or an unknown earlier state
                old = None if record.history_type == "+" else _("(onbekend)")
            changes.append(
                StatusChange(
                    at=record.history_date,
                    by=record.history_user,
                    old=old,
                    new=ActionStatus(record.status).label,
                )
            )
        previous = record
    return changes[::-1]
