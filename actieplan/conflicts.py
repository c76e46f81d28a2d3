"""Saving actiepunten safely when many hands edit the plan at once.

Every actiepunt carries a version, raised by one on every save. A form posts the
version it was opened with; `save_actiepunt` saves only if that is still the
stored version (a compare-and-set inside the transaction), else it saves
nothing and raises `EditConflict`, which says what the other person changed,
who and when, next to the user's own input.

Small operations are kinder: `change_status` goes through when the stored
status is still the one the user saw (someone else's edit of the title does not
block it), but never overwrites a status someone else set in between. Ticking a
step or adding an update does not touch the actiepunt's version at all.

Each save writes exactly one history record (with the responsible people), so
the history reads as one line per change.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actieplan.models import Actieplan, Actiepunt, Section, Stap, Status
from actieplan.timeline import sync_timeline
from phases.models import DrivingActivity
from schools.models import Membership

EDITABLE_FIELDS = Actiepunt.EDITABLE_FIELDS
FOREIGN_KEYS = {"driving_activity"}


# Values: comparable snapshots of an actiepunt ------------------------------------------


def values_of(actiepunt: Actiepunt) -> dict:
    """The editable fields as plain values: ids for relations, a frozenset for the people."""
    values = {}
    for name in EDITABLE_FIELDS:
        if name == "responsible":
            values[name] = frozenset(m.pk for m in actiepunt.responsible.all())
        elif name in FOREIGN_KEYS:
            values[name] = getattr(actiepunt, f"{name}_id")
        else:
            values[name] = getattr(actiepunt, name)
    return values


def record_values(record, responsible_ids) -> dict:
    """The same snapshot from a history record (its people passed in, fetched in bulk)."""
    values = {}
    for name in EDITABLE_FIELDS:
        if name == "responsible":
            values[name] = frozenset(responsible_ids)
        elif name in FOREIGN_KEYS:
            values[name] = getattr(record, f"{name}_id")
        else:
            values[name] = getattr(record, name)
    return values


def responsible_by_record(records) -> dict[int, set[int]]:
    """history_id -> membership ids, for many history records in one query."""
    through = Actiepunt.history.model.responsible.model  # the historical m2m rows
    people: dict[int, set[int]] = {record.history_id: set() for record in records}
    rows = through.objects.filter(history_id__in=people).values_list("history_id", "membership_id")
    for history_id, membership_id in rows:
        people[history_id].add(membership_id)
    return people


def base_values(actiepunt: Actiepunt, version: int | None) -> dict | None:
    """The actiepunt as it was at `version` (what the user's form started from), if known."""
    if version is None:
        return None
    record = actiepunt.history.filter(version=version).order_by("-history_id").first()
    if record is None:
        return None
    return record_values(record, responsible_by_record([record])[record.history_id])


# Showing values in Dutch --------------------------------------------------------------


@dataclass
class Names:
    """Readable names for ids: members and driving activities of one school."""

    members: dict[int, Membership] = field(default_factory=dict)
    activities: dict[int, DrivingActivity] = field(default_factory=dict)

    @classmethod
    def for_school(cls, school) -> "Names":
        return cls(
            members={m.pk: m for m in school.memberships.select_related("user")},
            activities={a.pk: a for a in DrivingActivity.objects.all()},
        )


def label_of(name: str) -> str:
    return str(Actiepunt._meta.get_field(name).verbose_name)


def display_value(name: str, value, names: Names) -> str:
    if value in (None, "") or value == frozenset():
        return _("(leeg)")
    if name == "responsible":
        people = [names.members.get(pk) for pk in value]
        shown = sorted(str(m.user) for m in people if m is not None)
        gone = len(people) - len(shown)
        if gone:
            shown.append(_("(iemand die geen lid meer is)"))
        return ", ".join(shown)
    if name == "driving_activity":
        activity = names.activities.get(value)
        return str(activity) if activity else _("(onbekend)")
    if name == "section":
        return str(Section(value).label)
    if name == "status":
        return str(Status(value).label)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return Truncator(str(value)).chars(160)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def changed_fields(old: dict, new: dict, names: Names) -> list[FieldChange]:
    """What differs between two snapshots, in field order, readable."""
    return [
        FieldChange(
            name,
            label_of(name),
            display_value(name, old.get(name), names),
            display_value(name, new.get(name), names),
        )
        for name in EDITABLE_FIELDS
        if name in old and name in new and _normal(old[name]) != _normal(new[name])
    ]


def _normal(value):
    return None if value == "" else value


# Conflicts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictField:
    field: str
    label: str
    theirs: str
    yours: str
    same: bool
    theirs_raw: str = ""  # the stored value as the form field takes it ("take theirs")


def form_value(name: str, value) -> str:
    """A snapshot value as a form field's value: ids, ISO dates, people comma-separated."""
    if value is None:
        return ""
    if name == "responsible":
        return ",".join(str(pk) for pk in sorted(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Conflict:
    """Someone saved the actiepunt after the user opened it."""

    current: Actiepunt
    changes: list[ConflictField]
    by: object = None  # the user who saved last
    at: datetime | None = None
    deleted: bool = False


class EditConflict(Exception):
    def __init__(self, conflict: Conflict):
        super().__init__("edit conflict")
        self.conflict = conflict


def describe_conflict(current: Actiepunt, base: dict | None, yours: dict, names: Names) -> Conflict:
    """What the other person changed since the user's version: their value next to yours.

    Without a known base (old data without history), every field where the
    stored value differs from the user's input is shown.
    """
    now = values_of(current)
    changes = []
    for name in EDITABLE_FIELDS:
        theirs, mine = _normal(now[name]), _normal(yours.get(name, now[name]))
        changed_by_them = theirs != _normal(base[name]) if base is not None else theirs != mine
        if changed_by_them:
            changes.append(
                ConflictField(
                    name,
                    label_of(name),
                    display_value(name, theirs, names),
                    display_value(name, mine, names),
                    theirs == mine,
                    form_value(name, theirs),
                )
            )
    latest = current.history.select_related("history_user").order_by("-history_id").first()
    return Conflict(
        current=current,
        changes=changes,
        by=latest.history_user if latest else current.updated_by,
        at=latest.history_date if latest else current.updated_at,
        deleted=current.deleted_at is not None,
    )


# Saving ---------------------------------------------------------------------------------


def apply_status(actiepunt: Actiepunt, status: str, stop_reason: str, today: date) -> None:
    """Set the status with what comes with it: the completion date, the reason to stop."""
    actiepunt.status = status
    if status == Status.AFGEROND:
        actiepunt.completed_on = actiepunt.completed_on or today
    else:
        actiepunt.completed_on = None
    actiepunt.stop_reason = (stop_reason or "").strip() if status == Status.GESTOPT else ""


def _claim(actiepunt: Actiepunt, version: int) -> bool:
    """Compare-and-set: raise the stored version only if it is still `version`."""
    claimed = Actiepunt.objects.filter(
        pk=actiepunt.pk, version=version, deleted_at__isnull=True
    ).update(version=F("version") + 1)
    if claimed:
        actiepunt.version = version + 1
    return bool(claimed)


def _write(actiepunt: Actiepunt, user, responsible=None, reason: str | None = None) -> None:
    """Save the row (and the people, if given) with exactly one history record."""
    actiepunt.updated_by = user if user and user.is_authenticated else None
    actiepunt._history_user = actiepunt.updated_by
    if reason:
        actiepunt._change_reason = reason
    if responsible is not None:
        actiepunt.skip_history_when_saving = True
        try:
            if actiepunt.pk is None:
                actiepunt.save()
            actiepunt.responsible.set(responsible)
        finally:
            del actiepunt.skip_history_when_saving
    actiepunt.save()


def _fresh(actiepunt: Actiepunt) -> Actiepunt:
    return (
        Actiepunt.objects.select_related("actieplan__school", "updated_by", "timeline_action")
        .prefetch_related("responsible__user")
        .get(pk=actiepunt.pk)
    )


@transaction.atomic
def save_actiepunt(
    actiepunt: Actiepunt,
    values: dict,
    *,
    user,
    version: int,
    yours: dict | None = None,
    names: Names | None = None,
    today: date | None = None,
) -> Actiepunt:
    """Save the edited fields `values` if nobody saved since `version`; else EditConflict.

    `values` maps editable field names to model values (`responsible`: members
    or their ids). On a conflict nothing is written; the exception carries the
    stored actiepunt and the differences with `yours` (defaults to `values`).
    """
    if not _claim(actiepunt, version):
        current = _fresh(actiepunt)
        names = names or Names.for_school(current.actieplan.school)
        base = base_values(current, version)
        raise EditConflict(describe_conflict(current, base, _plain(yours or values), names))
    today = today or timezone.localdate()
    responsible = values.get("responsible")
    for name, value in values.items():
        if name in ("responsible", "status", "stop_reason"):
            continue
        setattr(actiepunt, name, value)
    if "status" in values:
        apply_status(actiepunt, values["status"], values.get("stop_reason", ""), today)
    _write(actiepunt, user, responsible=list(responsible) if responsible is not None else None)
    sync_timeline(actiepunt)
    return actiepunt


def _plain(values: dict) -> dict:
    """Form values as snapshot values: ids for relations, a frozenset for the people."""
    plain = {}
    for name, value in values.items():
        if name == "responsible":
            plain[name] = frozenset(getattr(m, "pk", m) for m in (value or ()))
        elif name in FOREIGN_KEYS:
            plain[name] = getattr(value, "pk", value)
        else:
            plain[name] = value
    return plain


@transaction.atomic
def change_status(
    actiepunt: Actiepunt,
    status: str,
    *,
    user,
    version: int,
    stop_reason: str = "",
    names: Names | None = None,
    today: date | None = None,
) -> Actiepunt:
    """Change only the status, unless someone else changed the status since `version`.

    An edit of other fields in between is no reason to refuse: the change is
    made on top of the stored actiepunt. A status set by someone else in between
    is never overwritten silently: EditConflict.
    """
    if not _claim(actiepunt, version):
        current = _fresh(actiepunt)
        base = base_values(current, version)
        if current.deleted_at is not None or base is None or base["status"] != current.status:
            names = names or Names.for_school(current.actieplan.school)
            yours = {"status": status, "stop_reason": stop_reason}
            conflict = describe_conflict(current, base, {**values_of(current), **yours}, names)
            conflict.changes = [c for c in conflict.changes if c.field in yours]
            raise EditConflict(conflict)
        if not _claim(current, current.version):  # yet another save in between: look again
            current = _fresh(current)
            names = names or Names.for_school(current.actieplan.school)
            raise EditConflict(describe_conflict(current, None, values_of(current), names))
        actiepunt = current
    apply_status(actiepunt, status, stop_reason, today or timezone.localdate())
    _write(actiepunt, user)
    sync_timeline(actiepunt)
    return actiepunt


@transaction.atomic
def create_actiepunt(
    plan: Actieplan,
    *,
    user,
    section: str,
    title: str,
    responsible=(),
    steps=(),
    today: date | None = None,
    **fields,
) -> Actiepunt:
    """A new actiepunt at the end of its section, with its steps, on the timeline if dated.

    `fields` may hold any other model field (due_date, monitoring, status,
    driving_activity, origin, origin_label, carried_from, ...).
    """
    status = fields.pop("status", Status.GEPLAND)
    stop_reason = fields.pop("stop_reason", "")
    last = (
        Actiepunt.objects.filter(actieplan=plan, section=section)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    actiepunt = Actiepunt(
        actieplan=plan, section=section, title=title, order=(last or 0) + 1, **fields
    )
    apply_status(actiepunt, status, stop_reason, today or timezone.localdate())
    _write(actiepunt, user, responsible=list(responsible))
    actiepunt.history.update(history_type="+")  # the one record is its creation
    for order, text in enumerate(steps, start=1):
        add_step(actiepunt, text, user=user, order=order)
    sync_timeline(actiepunt)
    return actiepunt


def add_step(actiepunt: Actiepunt, text: str, *, user, order: int | None = None) -> Stap:
    """A step at the end of the checklist (the actiepunt's version stays as it is)."""
    if order is None:
        last = actiepunt.stappen.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    step = Stap(actiepunt=actiepunt, text=text.strip(), order=order)
    step._history_user = user if user and user.is_authenticated else None
    step.save()
    return step


@transaction.atomic
def set_step_done(step: Stap, done: bool, *, user) -> bool:
    """Tick or untick a step. Returns False when it already was so (nothing written).

    Two people ticking the same step both get what they wanted; no conflict.
    """
    if step.is_done == done:
        return False
    claimed = Stap.objects.filter(pk=step.pk, done_at__isnull=done).update(
        done_at=timezone.now() if done else None
    )
    if not claimed:  # someone else did the same a moment ago
        step.refresh_from_db()
        return False
    step.done_at = timezone.now() if done else None
    step.done_by = user if done and user.is_authenticated else None
    step._history_user = user if user.is_authenticated else None
    step.save()
    return True


@transaction.atomic
def soft_delete(actiepunt: Actiepunt, *, user) -> Actiepunt:
    """Move the actiepunt to the prullenbak: kept with its history, off the plan and timeline."""
    current = Actiepunt.objects.select_for_update().get(pk=actiepunt.pk)
    if current.deleted_at is not None:
        return current
    current.deleted_at = timezone.now()
    current.deleted_by = user
    current.version += 1
    _write(current, user, reason=_("Verwijderd"))
    sync_timeline(current)
    return current


@transaction.atomic
def restore(actiepunt: Actiepunt, *, user) -> Actiepunt:
    """Bring a deleted actiepunt back onto the plan (and its deadline onto the timeline)."""
    current = Actiepunt.objects.select_for_update().get(pk=actiepunt.pk)
    if current.deleted_at is None:
        return current
    current.deleted_at = None
    current.deleted_by = None
    current.version += 1
    _write(current, user, reason=_("Teruggezet"))
    sync_timeline(current)
    return current
