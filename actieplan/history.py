"""An actiepunt's history in readable Dutch: who, when, what changed (old → new).

Three sources make one list: the actiepunt's own history records (its fields
and responsible people, deletion and restoring), the history of its steps
(added, ticked off, opened again, reworded) and its updates (dated and signed).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actieplan.conflicts import (
    FieldChange,
    Names,
    changed_fields,
    record_values,
    responsible_by_record,
)
from actieplan.models import Actiepunt, Stap

# Records this soon after the creation, by the same person, belong to the creation.
FOLD_SECONDS = 5
STEP_ADDED = gettext_lazy("Stap toegevoegd")
STEP_TICKED = gettext_lazy("Stap afgevinkt")


@dataclass
class HistoryEntry:
    at: datetime
    by: str
    title: str
    changes: list[FieldChange] = field(default_factory=list)
    text: str = ""
    kind: str = "change"  # change, created, deleted, restored, step, update
    order: int = 0
    steps: list[str] = field(default_factory=list)  # steps it was created with


def _who(user, fallback: str = "") -> str:
    if user is not None:
        return str(user)
    return fallback or _("het systeem")


def actiepunt_history(actiepunt: Actiepunt, names: Names) -> list[HistoryEntry]:
    """Everything that happened to the actiepunt, newest first, in a fixed number of queries."""
    entries = _field_entries(actiepunt, names)
    entries += _fold_into_creation(entries, _step_entries(actiepunt))
    entries += [
        HistoryEntry(
            at=update.created_at,
            by=update.author_name or _who(update.author),
            title=_("Notitie toegevoegd"),
            text=update.text,
            kind="update",
            order=update.pk,
        )
        for update in actiepunt.updates.select_related("author")
    ]
    entries.sort(key=lambda e: (e.at, e.order), reverse=True)
    return entries


def _field_entries(actiepunt: Actiepunt, names: Names) -> list[HistoryEntry]:
    records = list(
        actiepunt.history.select_related("history_user").order_by("history_date", "history_id")
    )
    people = responsible_by_record(records)
    entries, previous, previous_values, creation = [], None, {}, None
    for record in records:
        values = record_values(record, people[record.history_id])
        who = _who(record.history_user)
        if creation is not None and _same_moment(creation, record):
            # Part of creating it (the people are set right after the row): no extra line.
            previous, previous_values = record, values
            continue
        creation = None
        if previous is None:
            creation = record
            entries.append(
                HistoryEntry(
                    record.history_date,
                    who,
                    _("Actiepunt aangemaakt")
                    if record.history_type == "+"
                    else _("Eerste bekende stand"),
                    kind="created",
                    order=record.history_id,
                )
            )
        else:
            was_deleted = previous.deleted_at is not None
            is_deleted = record.deleted_at is not None
            if is_deleted and not was_deleted:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        who,
                        _("Verwijderd (naar de prullenbak)"),
                        kind="deleted",
                        order=record.history_id,
                    )
                )
            elif was_deleted and not is_deleted:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        who,
                        _("Teruggezet uit de prullenbak"),
                        kind="restored",
                        order=record.history_id,
                    )
                )
            changes = changed_fields(previous_values, values, names)
            if changes:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        who,
                        _("Gewijzigd"),
                        changes=changes,
                        order=record.history_id,
                    )
                )
        previous, previous_values = record, values
    return entries


def _fold_into_creation(entries, step_entries) -> list[HistoryEntry]:
    """Steps added (or ticked) while the actiepunt was created belong to its creation line."""
    creation = next((e for e in entries if e.kind == "created"), None)
    if creation is None:
        return step_entries
    kept = []
    for entry in step_entries:
        same = (
            entry.by == creation.by
            and abs((entry.at - creation.at).total_seconds()) < FOLD_SECONDS
            and entry.title in (STEP_ADDED, STEP_TICKED)
        )
        if not same:
            kept.append(entry)
        elif entry.title == STEP_ADDED:
            creation.steps.append(entry.text)
        elif entry.text in creation.steps:
            index = creation.steps.index(entry.text)
            creation.steps[index] = _("%(step)s (afgevinkt)") % {"step": entry.text}
    return kept


def _same_moment(creation, record) -> bool:
    return (
        record.history_user_id == creation.history_user_id
        and record.deleted_at == creation.deleted_at
        and (record.history_date - creation.history_date).total_seconds() < FOLD_SECONDS
    )


def _step_entries(actiepunt: Actiepunt) -> list[HistoryEntry]:
    records = Stap.history.filter(actiepunt_id=actiepunt.pk).select_related("history_user")
    entries, last = [], {}
    for record in records.order_by("history_date", "history_id"):
        before = last.get(record.id)
        who = _who(record.history_user)
        if record.history_type == "-":
            entries.append(
                HistoryEntry(
                    record.history_date, who, _("Stap verwijderd"), text=record.text, kind="step"
                )
            )
        elif before is None:
            entries.append(
                HistoryEntry(
                    record.history_date, who, str(STEP_ADDED), text=record.text, kind="step"
                )
            )
            if record.done_at is not None:
                entries.append(
                    HistoryEntry(
                        record.history_date, who, str(STEP_TICKED), text=record.text, kind="step"
                    )
                )
        else:
            if before.text != record.text:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        who,
                        _("Stap anders verwoord"),
                        changes=[FieldChange("text", _("stap"), before.text, record.text)],
                        kind="step",
                    )
                )
            if before.done_at is None and record.done_at is not None:
                entries.append(
                    HistoryEntry(
                        record.history_date, who, str(STEP_TICKED), text=record.text, kind="step"
                    )
                )
            elif before.done_at is not None and record.done_at is None:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        who,
                        _("Stap weer opengezet"),
                        text=record.text,
                        kind="step",
                    )
                )
        last[record.id] = record
    return entries
