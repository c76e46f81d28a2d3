"""What a row of the plan page shows, loaded for 15 or 150 actiepunten alike.

The plan page must answer fast with 150 actiepunten and cost the same number
of queries as with 15. So the rows come in a fixed number of queries, plain
values where no model is needed (names, the latest notes), and everything the
template would otherwise compute per row (links, counts, short texts) is
prepared here, so the template only prints.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actieplan.conflicts import Conflict
from actieplan.models import Actieplan, Actiepunt, Stap, Status, Update

LATEST_UPDATES = 2  # notes per actiepunt on the plan page; the history shows them all
UPDATE_CHARS = 280  # of each of those notes

# The words every row repeats, translated once per page instead of once per row.
ROW_TEXT = {
    "title": _("Actiepunt"),
    "steps": _("Welke stappen zijn er?"),
    "who": _("Wie is verantwoordelijk?"),
    "due": _("Wanneer afgerond?"),
    "monitoring": _("Hoe wordt uitvoering gemonitord?"),
    "updates": _("Notities/Updates"),
    "status": _("Status"),
    "steps_done": _("Stappen gedaan"),
    "driving": _("Aanjagende activiteit"),
    "origin": _("Uit"),
    "edit": _("Bewerken"),
    "history": _("Geschiedenis"),
    "delete": _("Verwijderen"),
    "done": _("gedaan:"),
    "todo": _("nog te doen:"),
    "no_steps": _("Nog geen stappen."),
    "add_step": _("Stap toevoegen"),
    "new_step": _("Nieuwe stap"),
    "add": _("Toevoegen"),
    "nobody": _("Nog niemand"),
    "late": _("te laat"),
    "no_date": _("geen datum"),
    "completed_on": _("afgerond op"),
    "no_updates": _("Nog geen notities."),
    "add_update": _("Notitie toevoegen"),
    "new_update": _("Nieuwe notitie"),
    "close": _("Sluiten"),
    "update_help": _("Met datum en jouw naam. Schrijf geen namen of gegevens van leerlingen op."),
    "change_status": _("Status wijzigen"),
    "stop_reason": _("Reden (nodig bij gestopt)"),
    "save": _("Opslaan"),
}


def row_text() -> dict[str, str]:
    """The words, translated and escaped once (safe strings skip escaping in the template)."""
    return {key: escape(str(text)) for key, text in ROW_TEXT.items()}


@dataclass
class RowState:
    """What one row shows after an inline action: an open form, a notice, an error."""

    panel: str = ""  # the open form: "stap", "update" or "status"
    notice: str = ""
    error: str = ""
    typed: str = ""  # the text typed into the open form, kept on an error
    status: str = ""  # the status chosen in the status form
    stop_reason: str = ""
    conflict: Conflict | None = None


# A row nobody just acted on (an object, so the template's lookups on it are cheap).
QUIET = RowState()


@dataclass
class Note:
    """One of the latest notes, as the Notities/Updates column shows it."""

    created_at: datetime
    day: str  # "12 nov 2026"
    author_name: str
    short: str


class ShortDates:
    """Dates as "12 nov 2026" (the template's date:"j b Y"), month names looked up once."""

    def __init__(self):
        self.months = {number: str(name) for number, name in MONTHS_3.items()}

    def __call__(self, day: date | datetime | None) -> str:
        if day is None:
            return ""
        if isinstance(day, datetime):
            day = timezone.localtime(day)
        return f"{day.day} {self.months[day.month]} {day.year}"


class RowLinks:
    """The URLs of every row from one reverse() per URL name (150 rows, ~1500 links).

    Each pattern is reversed once with marker ids, which are then swapped for
    the real ids: the same URLs as {% url %}, without its cost per link.
    """

    MARKS = ("900000001", "900000002")
    NAMES = {
        "edit": "actiepunt_edit",
        "history": "actiepunt_history",
        "delete": "actiepunt_delete",
        "status": "actiepunt_status",
        "stap_add": "stap_add",
        "update_add": "update_add",
    }

    def __init__(self, school_slug: str, plan: Actieplan):
        fixed = [school_slug, plan.pk]
        self.patterns = {key: self._pattern(name, fixed, 1) for key, name in self.NAMES.items()}
        self.toggle = self._pattern("stap_toggle", fixed, 2)

    def _pattern(self, name, fixed, ids):
        url = escape(reverse(name, args=[*fixed, *self.MARKS[:ids]]))
        for number, mark in enumerate(self.MARKS[:ids]):
            url = url.replace(mark, "{" + str(number) + "}")
        return lambda *ids: SafeString(url.format(*ids))  # escaped above; ids are numbers

    def of(self, actiepunt) -> dict[str, str]:
        return {key: pattern(actiepunt.pk) for key, pattern in self.patterns.items()}


def load_rows(
    plan: Actieplan,
    today: date,
    *,
    full: bool = True,
    links: RowLinks | None = None,
    pk: int | None = None,
) -> list[Actiepunt]:
    """The plan's living actiepunten (or the one with `pk`) ready to print.

    Four queries when `full` (actiepunten, steps, people, latest notes with
    their count), two for the board's progress view (no people, no notes).
    """
    queryset = (
        Actiepunt.objects.filter(actieplan=plan)
        .alive()
        .select_related("driving_activity")
        .order_by("section", "order", "pk")
    )
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    rows = list(queryset)
    ids = [row.pk for row in rows]
    steps = defaultdict(list)
    fields = ("id", "actiepunt_id", "done_at", *(("text", "order") if full else ()))
    for step in Stap.objects.filter(actiepunt__in=ids).only(*fields).order_by("order", "pk"):
        steps[step.actiepunt_id].append(step)
    people, notes, counts = defaultdict(list), defaultdict(list), {}
    if full:
        people = _people(ids)
        notes, counts = _latest_notes(ids)
    short_date = ShortDates()
    statuses = {value: str(label) for value, label in Status.choices}
    steps_done_text = gettext("%(done)s van %(total)s gedaan")
    for row in rows:
        row.overdue = row.is_overdue(today)
        row.state = QUIET
        row.status_label = statuses[row.status]
        row.due_text = short_date(row.due_date)
        row.completed_text = short_date(row.completed_on)
        row.steps = steps[row.pk]
        row.steps_done = sum(step.done_at is not None for step in row.steps)
        row.steps_total = len(row.steps)
        row.steps_text = steps_done_text % {"done": row.steps_done, "total": row.steps_total}
        row.people = people[row.pk]
        row.latest_updates = notes[row.pk]
        for note in row.latest_updates:
            note.day = short_date(note.created_at)
        row.update_count = counts.get(row.pk, 0)
        if links is not None:
            row.links = links.of(row)
            for step in row.steps:
                step.toggle_url = links.toggle(row.pk, step.pk)
    return rows


def _people(ids) -> dict[int, list[str]]:
    """Names of the responsible people per actiepunt (as User.__str__ shows them)."""
    through = Actiepunt.responsible.through
    people = defaultdict(list)
    rows = (
        through.objects.filter(actiepunt__in=ids)
        .order_by("membership__user__full_name", "membership__user__email")
        .values_list("actiepunt_id", "membership__user__full_name", "membership__user__email")
    )
    for actiepunt_id, full_name, email in rows:
        people[actiepunt_id].append(full_name or email)
    return people


def _latest_notes(ids) -> tuple[dict[int, list[Note]], dict[int, int]]:
    """The newest notes per actiepunt and how many it has, in one query."""
    newest_first = [F("created_at").desc(), F("pk").desc()]
    rows = (
        Update.objects.filter(actiepunt__in=ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("actiepunt_id"), order_by=newest_first),
            total=Window(Count("pk"), partition_by=F("actiepunt_id")),
        )
        .filter(rank__lte=LATEST_UPDATES)
        .order_by("actiepunt_id", "rank")
        .values_list("actiepunt_id", "created_at", "author_name", "text", "total")
    )
    notes, counts = defaultdict(list), {}
    for actiepunt_id, created_at, author_name, text, total in rows:
        short = text if len(text) <= UPDATE_CHARS else Truncator(text).chars(UPDATE_CHARS)
        notes[actiepunt_id].append(Note(created_at, "", author_name, short))
        counts[actiepunt_id] = total
    return notes, counts
