"""The printed actieplan (handbook Bijlage 7) and the minutes of a bijeenkomst.

The actieplan follows the handbook's form: the "Bijeenkomsten" header with the
current and the next meeting, the goals, then one table per groeilaag with the
six columns of the form (plus the status). Members get the whole plan. Board
members, who read "the goals and progress only", get the progress variant of
the same document: goals, milestones and per actiepunt its deadline and
status, without people, steps, monitoring, notes or meetings. The minutes are
for members only.

An unchanged document is served from tso.pdf_cache. A long plan is rendered
in two parts at once (plan_parts, tso.pdf.html_parts_to_pdf).
"""

import logging
import math
import os
from collections import defaultdict
from itertools import groupby

from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext

from actieplan.evaluations import next_evaluation_date
from actieplan.meetings import MEETING_RELATED, current_and_next
from actieplan.models import (
    Actieplan,
    Actiepunt,
    Bijeenkomst,
    GoalHorizon,
    Section,
    Stap,
    Status,
    Update,
)
from phases.timeline import today
from schools import audit
from schools.access import school_view
from tso.pdf import STATIC_PREFIX, PdfRenderError
from tso.pdf_cache import cached_pdf
from tso.views import pdf_failed, pdf_response

logger = logging.getLogger(__name__)

# The print style of both documents, on top of css/pdf.css. The PDF fetcher
# serves static files by their source name (no {% static %} hash).
STYLESHEET_NAME = "css/pdf-actieplan.css"
STYLESHEET = STATIC_PREFIX + STYLESHEET_NAME


def _document(request, access, *, template, data, subject, filename, parts=None):
    """Render (or fetch from the cache), record the download, answer with the PDF."""
    data.update(school=access.school, printed_at=data["today"])
    try:
        pdf, _hit = cached_pdf(
            scope=f"school-{access.school.pk}",
            templates=(template, "tso/pdf/base.html"),
            stylesheets=(STYLESHEET_NAME,),
            data=data,
            extra={"access": access, "stylesheet": STYLESHEET},
            parts=parts,
        )
    except PdfRenderError as error:
        logger.warning("%s PDF for %s failed: %s", subject, access.school.slug, error)
        return pdf_failed(request, access)
    audit.record(audit.Kind.PDF_DOWNLOADED, request=request, school=access.school, subject=subject)
    return pdf_response(pdf, f"{filename}-{slugify(access.school.name)}.pdf")


def _filename(prefix: str, title: str) -> str:
    return "-".join(part for part in (prefix, slugify(title)[:60].strip("-")) if part)


# The handout celebrates the latest successes; a long plan lists the rest as a count.
MILESTONES_SHOWN = 8


# Rendering in two parts (plan_parts). WeasyPrint's time grows with the lines
# of text it lays out and draws; these estimate them per actiepunt (a row of
# the six-column table) and for the title block. Characters per line of each
# column at the table's 8 pt, and of the goals at 9.5 pt:
TITLE_LINE, STEP_LINE, MONITOR_LINE, NOTE_LINE, GOAL_LINE = 38, 44, 31, 42, 75
# Lines the title block costs besides its goals (meetings, milestones,
# totals), measured on the benchmark plan (scripts/bench_actieplan_pdf.py); its
# child also starts some 15 ms before the second part's.
HEADER_LINES = 40
# Below this many estimated lines one render is quicker than two children
# and joining their PDFs.
PARTS_FROM_LINES = 400


def _lines(text: str, per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.splitlines() or [""])


def _row_lines(actiepunt) -> int:
    return (
        _lines(actiepunt.title, TITLE_LINE)
        + 2  # driving activity; the responsible people
        + sum(_lines(step["text"], STEP_LINE) for step in actiepunt.steps)
        + 3  # date, status, lateness
        + _lines(actiepunt.monitoring or "", MONITOR_LINE)
        + sum(_lines(note["text"], NOTE_LINE) + 1 for note in actiepunt.notes)
    )


def plan_parts(context: dict) -> list[dict]:
    """The printed plan as one or two contexts to render side by side.

    A long full plan (PARTS_FROM_LINES) on a machine with two CPUs or more is
    split where the estimated lines of text are balanced: the first part has
    the title block and the first actiepunten, the second (a `continuation`)
    the rest. A section split between the parts continues on the second part's
    first page under its repeated heading, as at any page break; the first
    part's last page may end early. tso.pdf.html_parts_to_pdf numbers the
    pages as one document.
    """
    if not context["full"] or _cpus() < 2:
        return [context]
    # One entry per table row: (section index, its actiepunten up to here).
    rows, weights = [], []
    for index, section in enumerate(context["sections"]):
        actiepunten = section["actiepunten"]
        for count, actiepunt in enumerate(actiepunten, 1):
            rows.append((index, count))
            weights.append(_row_lines(actiepunt))
        if not actiepunten:  # the "no actiepunten yet" row
            rows.append((index, 0))
            weights.append(2)
    goals = context["short_goals"] + context["long_goals"]
    header = HEADER_LINES + sum(_lines(goal.text, GOAL_LINE) + 1 for goal in goals)
    total = header + sum(weights)
    if total < PARTS_FROM_LINES:
        return [context]
    # The first part ends after rows[:split], as close to half the lines as can be.
    done, split, best = header, 0, abs(total - 2 * header)
    for number, weight in enumerate(weights, 1):
        done += weight
        if abs(total - 2 * done) < best:
            split, best = number, abs(total - 2 * done)
    if split == len(rows):
        return [context]
    first_sections, rest_sections = [], []
    sections = context["sections"]
    if split:
        index, count = rows[split - 1]
        first_sections = sections[:index] + [
            {**sections[index], "actiepunten": sections[index]["actiepunten"][:count]}
        ]
        if count == len(sections[index]["actiepunten"]) or count == 0:
            index, count = index + 1, 0
        rest_sections = [
            {**sections[index], "actiepunten": sections[index]["actiepunten"][count:]},
            *sections[index + 1 :],
        ]
    else:
        rest_sections = sections
    return [
        {**context, "sections": first_sections},
        {**context, "sections": rest_sections, "continuation": True},
    ]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_context(plan: Actieplan, day, *, full: bool) -> dict:
    """Everything the printed plan shows, in a fixed number of queries.

    People, steps and updates come as plain values, not model instances: the
    context is built on every request (its fingerprint is the cache key), so
    it must be cheap.
    """
    actiepunten = list(
        plan.actiepunten.alive()
        .select_related("driving_activity")
        .order_by("section", "order", "pk")
    )
    if full:
        people, steps, updates = _people_steps_updates(plan)
    # The label per actiepunt, looked up once (get_status_display in the
    # template flattened the choices for every row).
    status_labels = dict(Status.choices)
    for actiepunt in actiepunten:
        actiepunt.overdue = actiepunt.is_overdue(day)
        actiepunt.status_label = status_labels.get(actiepunt.status, actiepunt.status)
        if full:
            actiepunt.people = sorted(people.get(actiepunt.pk, []), key=str.lower)
            actiepunt.steps = steps.get(actiepunt.pk, [])
            actiepunt.notes = updates.get(actiepunt.pk, [])
    by_section = {key: list(group) for key, group in groupby(actiepunten, key=lambda a: a.section)}
    goals = list(plan.doelen.prefetch_related("accents"))
    for goal in goals:
        goal.facts = _goal_facts(goal)
    completed = sorted(
        (a for a in actiepunten if a.status == Status.AFGEROND),
        key=lambda a: (a.completed_on is not None, a.completed_on),
        reverse=True,
    )
    plan.approved_by  # noqa: B018 - loaded here, so the fingerprint covers the name
    context = {
        "plan": plan,
        "full": full,
        "today": day,
        "short_goals": [g for g in goals if g.horizon == GoalHorizon.KORT],
        "long_goals": [g for g in goals if g.horizon == GoalHorizon.LANG],
        "achieved_goals": [g for g in goals if g.achieved_at],
        "completed": completed[:MILESTONES_SHOWN],
        "completed_more": max(0, len(completed) - MILESTONES_SHOWN),
        "sections": [
            {"label": label, "value": value, "actiepunten": by_section.get(value, [])}
            for value, label in Section.choices
        ],
        "counts": {
            status: sum(a.status == status for a in actiepunten) for status in Status.values
        },
        "total": len(actiepunten),
        "overdue_count": sum(a.overdue for a in actiepunten),
        "next_evaluation": next_evaluation_date(plan, day),
    }
    if full:
        context["current_meeting"], context["next_meeting"] = current_and_next(plan, day)
    return context


def _goal_facts(goal) -> str:
    """Where a goal came from, in one line: its accents and its ronde (or priority)."""
    facts = []
    if accents := [accent.name for accent in goal.accents.all()]:
        facts.append(gettext("Accent: %(names)s") % {"names": ", ".join(accents)})
    if goal.origin_label:
        facts.append(gettext("uit: %(origin)s") % {"origin": goal.origin_label})
    elif goal.priority:
        facts.append(gettext("prioriteit %(n)s") % {"n": goal.priority})
    return " · ".join(facts)


def _people_steps_updates(plan):
    """Per actiepunt id: the names of the responsible people, the steps, the updates."""
    alive = {"actiepunt__actieplan": plan, "actiepunt__deleted_at__isnull": True}
    people = defaultdict(list)
    for actiepunt_id, name, email in Actiepunt.responsible.through.objects.filter(
        **alive
    ).values_list("actiepunt_id", "membership__user__full_name", "membership__user__email"):
        people[actiepunt_id].append(name or email)
    steps = defaultdict(list)
    rows = Stap.objects.filter(**alive).order_by("order", "pk")
    for step in rows.values("actiepunt_id", "text", "done_at"):
        steps[step["actiepunt_id"]].append(step)
    updates = defaultdict(list)
    for update in (
        Update.objects.filter(**alive)
        .order_by("-created_at", "-pk")
        .values("actiepunt_id", "text", "author_name", "created_at")
    ):
        updates[update["actiepunt_id"]].append(update)
    return people, steps, updates


@school_view("actieplan.view_progress")
def actieplan_pdf(request, access, plan_id):
    plan = get_object_or_404(
        Actieplan.objects.select_related("approved_by"), pk=plan_id, school=access.school
    )
    full = request.user.has_perm("actieplan.view_plan", access)
    return _document(
        request,
        access,
        template="tso/pdf/actieplan.html",
        data=plan_context(plan, today(), full=full),
        subject=f"actieplan {plan.pk}" + ("" if full else " (voortgang)"),
        filename=_filename("actieplan" if full else "voortgang-actieplan", plan.title),
        parts=plan_parts,
    )


@school_view("actieplan.view_plan")
def bijeenkomst_pdf(request, access, plan_id, bijeenkomst_id):
    plan = get_object_or_404(Actieplan, pk=plan_id, school=access.school)
    meeting = get_object_or_404(
        Bijeenkomst.objects.select_related(*MEETING_RELATED), pk=bijeenkomst_id, actieplan=plan
    )
    return _document(
        request,
        access,
        template="tso/pdf/bijeenkomst.html",
        data={"plan": plan, "meeting": meeting, "today": today()},
        subject=f"notulen bijeenkomst {meeting.pk}",
        filename=f"notulen-werkgroep-{meeting.date:%Y-%m-%d}",
    )
