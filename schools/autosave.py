"""Saving one field at a time while someone types, without ever losing a word.

The protocol (see static/js/autosave.js): the browser posts `value` (one or more)
and the `version` of the field it last saw. The server saves when the version
matches, or when the stored value already equals the sent one (a retry of a
save whose answer got lost). Otherwise someone else changed the field in the
meantime: nothing is saved and both versions are shown (409).

State per field lives in a JSON column `field_state` on the owning row:
{"notes": {"v": 3, "by": "Tamara Hoekstra", "at": "2026-11-24T10:42:00+00:00"}}.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone


@dataclass
class FieldState:
    version: int = 0
    by: str = ""
    at: datetime | None = None

    @classmethod
    def of(cls, row, key: str) -> "FieldState":
        raw = (row.field_state or {}).get(key) or {}
        at = raw.get("at")
        return cls(raw.get("v", 0), raw.get("by", ""), datetime.fromisoformat(at) if at else None)


@dataclass
class SaveResult:
    saved: bool
    state: FieldState
    current: Any = None  # the stored value, shown when there is a conflict


def save_field(
    row, key: str, value, client_version: int, user, *, read, write, extra_update_fields=()
) -> SaveResult:
    """Save `value` into `row` unless someone else changed the field since `client_version`.

    `read(row)` gives the stored value in the same shape as `value`; `write(row, value)`
    stores it (and returns nothing). The row is locked while deciding.
    """
    with transaction.atomic():
        locked = type(row).objects.select_for_update().get(pk=row.pk)
        state = FieldState.of(locked, key)
        current = read(locked)
        if current == value:
            # Nothing to change (also when a lost answer makes the browser send again).
            return SaveResult(saved=True, state=state, current=current)
        if client_version != state.version:
            return SaveResult(saved=False, state=state, current=current)
        write(locked, value)
        state = FieldState(state.version + 1, user.get_full_name(), timezone.now())
        locked.field_state = {
            **(locked.field_state or {}),
            key: {
                "v": state.version,
                "by": state.by,
                "at": state.at.isoformat(),
            },
        }
        locked.save(update_fields=["field_state", *extra_update_fields])
        return SaveResult(saved=True, state=state, current=value)
