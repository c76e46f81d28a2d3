"""The voorgesprek: the list, a new meeting, the live agenda, afspraken and the summary.

The agenda page is where a trainer types while people talk. Its notes and
answers save one field at a time (phases/views/voorgesprek_fields.py); the
views here change the shape of the meeting (participants, theme order, skipped
and own prompts) and the afspraken, which go onto the school's timeline.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from phases.forms.voorgesprek import (
    AfspraakForm,
    ParticipantsForm,
    PromptAddForm,
    ReorderForm,
    VoorgesprekForm,
    member_label,
)
from phases.models import (
    Afspraak,
    AnswerKind,
    Decision,
    ThemeKind,
    Voorgesprek,
    VoorgesprekPrompt,
)
from phases.timeline import today
from phases.views.voorgesprek_fields import MAX_DATES
from phases.voorgesprek import (
    participation_warnings,
    remove_afspraak,
    start_voorgesprek,
    sync_afspraak,
)
from schools.access import school_view
from schools.autosave import FieldState

AGENDA = "phases/voorgesprek_agenda.html"
# Empty date inputs below the proposed training dates; saving ignores empty ones.
EMPTY_DATE_INPUTS = 3


# Loading ----------------------------------------------------------------------


def _voorgesprek(access, voorgesprek_id) -> Voorgesprek:
    return get_object_or_404(
        Voorgesprek.objects.select_related("next_meeting_action"),
        pk=voorgesprek_id,
        school=access.school,
    )


def _members(school):
    return school.memberships.select_related("user").order_by("user__full_name", "user__email")


def _participants(voorgesprek) -> list:
    return list(
        voorgesprek.participants.select_related("user").order_by("user__full_name", "user__email")
    )


def _afspraken(voorgesprek) -> list:
    return list(voorgesprek.afspraken.select_related("owner__user", "timeline_action"))


def _agenda_url(access, voorgesprek, anchor="") -> str:
    url = reverse("voorgesprek_agenda", args=[access.school.slug, voorgesprek.pk])
    return f"{url}#{anchor}" if anchor else url


def _plain(number: Decimal | None) -> str:
    """34.0 as "34", 12.5 as "12.5": what a number input shows."""
    if number is None:
        return ""
    return str(int(number)) if number == number.to_integral_value() else str(number)


def _days(values) -> list[date]:
    days = []
    for value in values or []:
        try:
            days.append(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    return days


# What the templates get: one dict per autosaved field -------------------------


def meeting_field(access, voorgesprek, name: str, value) -> dict:
    return {
        "url": reverse("voorgesprek_field", args=[access.school.slug, voorgesprek.pk, name]),
        "key": f"meeting-{name}",
        "value": value,
        "version": FieldState.of(voorgesprek, name).version,
    }


def prompt_field(access, prompt, name: str, value) -> dict:
    return {
        "url": reverse(
            "voorgesprek_prompt_field",
            args=[access.school.slug, prompt.voorgesprek_id, prompt.pk, name],
        ),
        "key": f"prompt-{prompt.pk}-{name}",
        "value": value,
        "version": FieldState.of(prompt, name).version,
    }


def prompt_item(access, prompt) -> dict:
    """A prompt with its notes and its structured answer, as fields and as text."""
    kind = prompt.answer_kind
    item = {
        "prompt": prompt,
        "kind": kind,
        "help": prompt.agenda_prompt.help_text
        if prompt.agenda_prompt_id
        else _("Eigen vraag voor dit gesprek."),
        "notes": prompt_field(access, prompt, "notes", prompt.notes),
    }
    if kind in (AnswerKind.TEAM_SIZE, AnswerKind.HOURS):
        item["number"] = prompt_field(access, prompt, "number", _plain(prompt.number))
    if kind == AnswerKind.TEAM_SIZE and prompt.training_groups:
        item["groups"] = prompt.training_groups
        item["trainers"] = prompt.training_groups * 2
    if kind == AnswerKind.TRAINING_DATES:
        dates = prompt_field(access, prompt, "dates", prompt.dates)
        blanks = min(EMPTY_DATE_INPUTS, max(MAX_DATES - len(prompt.dates), 0))
        dates["inputs"] = [*prompt.dates, *[""] * blanks]
        dates["days"] = _days(prompt.dates)
        item["dates"] = dates
    if kind == AnswerKind.KARTREKKERS:
        chosen = list(prompt.members.all())
        item["members"] = prompt_field(access, prompt, "members", {m.pk for m in chosen})
        item["members"]["chosen"] = chosen
        item["names"] = prompt_field(access, prompt, "names", prompt.names)
    item["answered"] = bool(
        prompt.notes.strip()
        or prompt.number is not None
        or prompt.dates
        or item.get("members", {}).get("chosen")
        or prompt.names.strip()
    )
    return item


def agenda_parts(access, voorgesprek, *, failed_prompt=None) -> list[dict]:
    """The parts, with their themes in this meeting's order and every prompt."""
    themes = list(voorgesprek.themes.select_related("theme__part"))
    prompts = voorgesprek.prompts.select_related("agenda_prompt").prefetch_related(
        Prefetch("members", queryset=_members(access.school))
    )
    by_theme = defaultdict(list)
    for prompt in prompts:
        by_theme[prompt.theme_id].append(prompt_item(access, prompt))
    parts = {}
    for meeting_theme in themes:
        part = meeting_theme.theme.part
        parts.setdefault(part.number, {"part": part, "themes": []})["themes"].append(
            {
                "meeting_theme": meeting_theme,
                "theme": meeting_theme.theme,
                "items": by_theme[meeting_theme.pk],
                "add": failed_prompt
                if failed_prompt and failed_prompt["theme"] == str(meeting_theme.pk)
                else None,
            }
        )
    result = [parts[number] for number in sorted(parts)]
    for part in result:
        last = len(part["themes"]) - 1
        for index, theme in enumerate(part["themes"]):
            theme["can_up"], theme["can_down"] = index > 0, index < last
    return result


def decision_fields(access, voorgesprek) -> dict:
    return {
        "decision": meeting_field(access, voorgesprek, "decision", voorgesprek.decision),
        "reasoning": meeting_field(
            access, voorgesprek, "decision_reasoning", voorgesprek.decision_reasoning
        ),
        "improvements": meeting_field(
            access, voorgesprek, "improvements", voorgesprek.improvements
        ),
        "next_meeting": meeting_field(
            access,
            voorgesprek,
            "next_meeting",
            voorgesprek.next_meeting.isoformat() if voorgesprek.next_meeting else "",
        ),
        "choices": [("", _("Nog geen besluit")), *Decision.choices],
    }


def agenda_context(request, access, voorgesprek, **extra) -> dict:
    members = list(_members(access.school))
    participants = _participants(voorgesprek)
    context = {
        "access": access,
        "school": access.school,
        "voorgesprek": voorgesprek,
        "can_change": request.user.has_perm("phases.change_voorgesprek", access),
        "members": [{"membership": m, "label": member_label(m)} for m in members],
        "participants": participants,
        "warnings": participation_warnings(participants),
        "date_field": meeting_field(access, voorgesprek, "date", voorgesprek.date.isoformat()),
        "location_field": meeting_field(access, voorgesprek, "location", voorgesprek.location),
        "decision": decision_fields(access, voorgesprek),
        "afspraken": _afspraken(voorgesprek),
        **extra,
    }
    if "parts" not in context:
        context["parts"] = agenda_parts(access, voorgesprek)
    if "afspraak_form" not in context:
        context["afspraak_form"] = _afspraak_form(voorgesprek, access)
    return context


def _afspraak_form(voorgesprek, access, data=None, instance=None):
    return AfspraakForm(
        data,
        instance=instance,
        voorgesprek=voorgesprek,
        members=_members(access.school),
        today=today(),
    )


def _agenda_page(request, access, voorgesprek, status=200, **extra):
    return TemplateResponse(
        request, AGENDA, agenda_context(request, access, voorgesprek, **extra), status=status
    )


# The list and a new meeting ----------------------------------------------------


@school_view("phases.view_voorgesprek_outcome")
def voorgesprek_list(request, access):
    voorgesprekken = access.school.voorgesprekken.prefetch_related(
        Prefetch("afspraken", queryset=Afspraak.objects.select_related("owner__user"))
    )
    return TemplateResponse(
        request,
        "phases/voorgesprek_list.html",
        {
            "access": access,
            "school": access.school,
            "voorgesprekken": voorgesprekken,
            "can_change": request.user.has_perm("phases.change_voorgesprek", access),
            "can_read_notes": request.user.has_perm("phases.view_voorgesprek", access),
        },
    )


@school_view("phases.change_voorgesprek")
def voorgesprek_add(request, access):
    form = VoorgesprekForm(
        request.POST if request.method == "POST" else None,
        members=_members(access.school),
        today=today(),
        initial={
            "date": today(),
            "participants": [access.membership.pk] if access.membership else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        voorgesprek = start_voorgesprek(
            school=access.school,
            kind=data["kind"],
            date=data["date"],
            location=data["location"],
            created_by=request.user,
        )
        voorgesprek.participants.set(data["participants"])
        messages.success(
            request,
            _("%(kind)s aangemaakt met de agenda uit het handboek.")
            % {"kind": voorgesprek.get_kind_display()},
        )
        return redirect(_agenda_url(access, voorgesprek))
    return TemplateResponse(
        request,
        "phases/voorgesprek_form.html",
        {"access": access, "school": access.school, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# The live agenda ------------------------------------------------------------------


@school_view("phases.view_voorgesprek")
def voorgesprek_agenda(request, access, voorgesprek_id):
    return _agenda_page(request, access, _voorgesprek(access, voorgesprek_id))


@school_view("phases.change_voorgesprek")
def participants_edit(request, access, voorgesprek_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    participants = _participants(voorgesprek)
    form = ParticipantsForm(
        request.POST if request.method == "POST" else None,
        members=_members(access.school),
        initial={"participants": [m.pk for m in participants]},
    )
    if request.method == "POST" and form.is_valid():
        voorgesprek.participants.set(form.cleaned_data["participants"])
        warnings = participation_warnings(form.cleaned_data["participants"])
        messages.success(request, _("Deelnemers opgeslagen."))
        for warning in warnings:
            messages.warning(request, warning)
        return redirect(_agenda_url(access, voorgesprek, "deelnemers"))
    return TemplateResponse(
        request,
        "phases/voorgesprek_participants.html",
        {
            "access": access,
            "school": access.school,
            "voorgesprek": voorgesprek,
            "form": form,
            "warnings": participation_warnings(participants),
        },
        status=400 if request.method == "POST" else 200,
    )


@school_view("phases.change_voorgesprek")
@require_POST
def reorder_themes(request, access, voorgesprek_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    form = ReorderForm(request.POST)
    theme_id = form.cleaned_data["theme"] if form.is_valid() else None
    themes = list(voorgesprek.themes.select_related("theme"))
    moving = next((t for t in themes if t.pk == theme_id), None)
    if moving is None:
        messages.error(request, _("Dit thema hoort niet bij dit gesprek."))
        return _agenda_page(request, access, voorgesprek, status=400)
    # Themes move within their own part: part 1 stays before part 2.
    siblings = [t for t in themes if t.theme.part_id == moving.theme.part_id]
    index = siblings.index(moving)
    other = index - 1 if form.cleaned_data["direction"] == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        orders = sorted(t.order for t in siblings)
        with transaction.atomic():
            for order, theme in zip(orders, siblings, strict=True):
                if theme.order != order:
                    theme.order = order
                    theme.save(update_fields=["order"])
    return redirect(_agenda_url(access, voorgesprek, f"thema-{moving.pk}"))


def _prompt(access, voorgesprek, prompt_id):
    return get_object_or_404(
        VoorgesprekPrompt.objects.select_related("agenda_prompt"),
        pk=prompt_id,
        voorgesprek=voorgesprek,
    )


def _prompt_partial(request, access, voorgesprek, prompt, **extra):
    context = {
        "access": access,
        "school": access.school,
        "voorgesprek": voorgesprek,
        "can_change": True,
        "item": prompt_item(access, prompt),
        "members": [{"membership": m, "label": member_label(m)} for m in _members(access.school)],
        **extra,
    }
    return TemplateResponse(request, f"{AGENDA}#prompt", context)


@school_view("phases.change_voorgesprek")
@require_POST
def prompt_skip(request, access, voorgesprek_id, prompt_id):
    """Skip a prompt, or bring it back: the notes stay either way."""
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    prompt = _prompt(access, voorgesprek, prompt_id)
    prompt.skipped = not prompt.skipped
    prompt.save(update_fields=["skipped"])
    if request.htmx:
        return _prompt_partial(request, access, voorgesprek, prompt)
    return redirect(_agenda_url(access, voorgesprek, f"vraag-{prompt.pk}"))


@school_view("phases.change_voorgesprek")
@require_POST
def prompt_add(request, access, voorgesprek_id):
    """The trainer's own prompt, at the end of a theme."""
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    form = PromptAddForm(request.POST, voorgesprek=voorgesprek)
    if not form.is_valid():
        failed = {
            "theme": request.POST.get("theme", ""),
            "text": request.POST.get("text", "")[:500],
            "errors": [e for errors in form.errors.values() for e in errors],
        }
        if request.htmx and form.cleaned_data.get("theme"):
            response = TemplateResponse(
                request,
                f"{AGENDA}#prompt-form",
                {
                    "school": access.school,
                    "voorgesprek": voorgesprek,
                    "meeting_theme": form.cleaned_data["theme"],
                    "add": failed,
                },
                status=422,
            )
            return reswap(
                retarget(response, f"#eigen-vraag-{form.cleaned_data['theme'].pk}"), "outerHTML"
            )
        messages.error(
            request,
            _("De eigen vraag is niet toegevoegd: %(errors)s")
            % {"errors": " ".join(failed["errors"])},
        )
        parts = agenda_parts(access, voorgesprek, failed_prompt=failed)
        return _agenda_page(request, access, voorgesprek, status=400, parts=parts)
    theme = form.cleaned_data["theme"]
    last = theme.prompts.aggregate(last=Max("order"))["last"] or 0
    prompt = VoorgesprekPrompt.objects.create(
        voorgesprek=voorgesprek, theme=theme, own_text=form.cleaned_data["text"], order=last + 1
    )
    if request.htmx:
        return _prompt_partial(request, access, voorgesprek, prompt, added_to=theme)
    messages.success(request, _("Eigen vraag toegevoegd."))
    return redirect(_agenda_url(access, voorgesprek, f"vraag-{prompt.pk}"))


# Afspraken -------------------------------------------------------------------------


def _afspraken_partial(request, access, voorgesprek, form, status=200):
    context = {
        "access": access,
        "school": access.school,
        "voorgesprek": voorgesprek,
        "can_change": True,
        "afspraken": _afspraken(voorgesprek),
        "afspraak_form": form,
    }
    return TemplateResponse(request, f"{AGENDA}#afspraken", context, status=status)


@school_view("phases.change_voorgesprek")
@require_POST
def afspraak_add(request, access, voorgesprek_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    form = _afspraak_form(voorgesprek, access, data=request.POST)
    if not form.is_valid():
        if request.htmx:
            # 422: the htmx configuration swaps it, so the errors show in place.
            return _afspraken_partial(request, access, voorgesprek, form, status=422)
        return _agenda_page(request, access, voorgesprek, status=400, afspraak_form=form)
    afspraak = form.save(commit=False)
    afspraak.voorgesprek = voorgesprek
    afspraak.save()
    sync_afspraak(afspraak)
    if request.htmx:
        return _afspraken_partial(request, access, voorgesprek, _afspraak_form(voorgesprek, access))
    messages.success(request, _("Afspraak toegevoegd en op de tijdlijn gezet."))
    return redirect(_agenda_url(access, voorgesprek, "afspraken"))


def _afspraak(voorgesprek, afspraak_id):
    return get_object_or_404(
        Afspraak.objects.select_related("owner__user", "timeline_action"),
        pk=afspraak_id,
        voorgesprek=voorgesprek,
    )


@school_view("phases.change_voorgesprek")
def afspraak_edit(request, access, voorgesprek_id, afspraak_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    afspraak = _afspraak(voorgesprek, afspraak_id)
    form = _afspraak_form(
        voorgesprek,
        access,
        data=request.POST if request.method == "POST" else None,
        instance=afspraak,
    )
    if request.method == "POST" and form.is_valid():
        sync_afspraak(form.save())
        messages.success(request, _("Afspraak opgeslagen; de actie op de tijdlijn is bijgewerkt."))
        return redirect(_agenda_url(access, voorgesprek, "afspraken"))
    return TemplateResponse(
        request,
        "phases/voorgesprek_afspraak.html",
        {
            "access": access,
            "school": access.school,
            "voorgesprek": voorgesprek,
            "afspraak": afspraak,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@school_view("phases.change_voorgesprek")
@require_POST
def afspraak_delete(request, access, voorgesprek_id, afspraak_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    afspraak = _afspraak(voorgesprek, afspraak_id)
    kept = afspraak.timeline_action is not None and not remove_afspraak(afspraak)
    if kept:
        messages.success(
            request,
            _(
                "Afspraak verwijderd. De actie op de tijdlijn blijft staan, "
                "omdat er al aan gewerkt is."
            ),
        )
    else:
        messages.success(request, _("Afspraak verwijderd, ook van de tijdlijn."))
    return redirect(_agenda_url(access, voorgesprek, "afspraken"))


# The summary (also the PDF's content) ---------------------------------------------


def summary_context(access, voorgesprek, *, full: bool) -> dict:
    """What the summary and the PDF show; without `full` only the decision and afspraken."""
    context = {
        "access": access,
        "school": access.school,
        "voorgesprek": voorgesprek,
        "full": full,
        "afspraken": _afspraken(voorgesprek),
    }
    if not full:
        return context
    parts = []
    for part in agenda_parts(access, voorgesprek):
        themes = []
        for theme in part["themes"]:
            items = [i for i in theme["items"] if i["answered"] and not i["prompt"].skipped]
            if items or theme["theme"].kind != ThemeKind.TALK:
                themes.append({**theme, "items": items})
        if themes:
            parts.append({**part, "themes": themes})
    context.update(parts=parts, participants=_participants(voorgesprek))
    return context


@school_view("phases.view_voorgesprek_outcome")
def voorgesprek_summary(request, access, voorgesprek_id):
    voorgesprek = _voorgesprek(access, voorgesprek_id)
    full = request.user.has_perm("phases.view_voorgesprek", access)
    context = summary_context(access, voorgesprek, full=full)
    context["can_change"] = request.user.has_perm("phases.change_voorgesprek", access)
    return TemplateResponse(request, "phases/voorgesprek_summary.html", context)
