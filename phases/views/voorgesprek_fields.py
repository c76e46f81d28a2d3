"""Autosave endpoints of the voorgesprek: one field per request (see schools/autosave.py)."""

import json
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from phases.models import NOTES_MAX_LENGTH, Decision, Voorgesprek, VoorgesprekPrompt
from phases.voorgesprek import sync_next_meeting
from schools.access import school_view
from schools.autosave import FieldState, save_field

MAX_DATES = 12


def _text(max_length, required=False):
    # strip=False: what the trainer typed is kept exactly, spaces and all.
    return forms.CharField(max_length=max_length, required=required, strip=False)


MEETING_FIELDS = {
    "date": forms.DateField(),
    "location": _text(200),
    "decision": forms.ChoiceField(choices=[("", "—"), *Decision.choices], required=False),
    "decision_reasoning": _text(NOTES_MAX_LENGTH),
    "improvements": _text(NOTES_MAX_LENGTH),
    "next_meeting": forms.DateField(required=False),
}
TEXT_FIELDS = {"location", "decision_reasoning", "improvements", "notes", "names"}
PROMPT_FIELDS = {
    "notes": _text(NOTES_MAX_LENGTH),
    "number": forms.DecimalField(required=False, min_value=0, max_value=100_000, decimal_places=1),
    "names": _text(500),
    "dates": forms.DateField(required=False),  # one per posted value
    "members": None,  # this school's memberships, built per request
}


@school_view("phases.change_voorgesprek")
@require_POST
def save_meeting_field(request, access, voorgesprek_id, field):
    voorgesprek = get_object_or_404(Voorgesprek, pk=voorgesprek_id, school=access.school)
    if field not in MEETING_FIELDS:
        return _invalid(request, _("Onbekend veld."))
    try:
        value = MEETING_FIELDS[field].clean(request.POST.get("value", ""))
    except ValidationError as error:
        return _invalid(request, " ".join(error.messages))
    result = save_field(
        voorgesprek,
        field,
        value,
        _version(request),
        request.user,
        read=lambda row: getattr(row, field),
        write=lambda row, new: setattr(row, field, new),
        extra_update_fields=[field],
    )
    if result.saved and field in ("decision", "next_meeting", "improvements"):
        voorgesprek.refresh_from_db()
        sync_next_meeting(voorgesprek)
    return _respond(request, f"meeting-{field}", result, field, access.school)


@school_view("phases.change_voorgesprek")
@require_POST
def save_prompt_field(request, access, voorgesprek_id, prompt_id, field):
    prompt = get_object_or_404(
        VoorgesprekPrompt,
        pk=prompt_id,
        voorgesprek_id=voorgesprek_id,
        voorgesprek__school=access.school,
    )
    if field not in PROMPT_FIELDS:
        return _invalid(request, _("Onbekend veld."))
    try:
        value = _clean_prompt_value(field, request, access.school)
    except ValidationError as error:
        return _invalid(request, " ".join(error.messages))
    if field == "members":
        read = lambda row: sorted(row.members.values_list("pk", flat=True))  # noqa: E731
        write = lambda row, new: row.members.set(new)  # noqa: E731
        extra = []
    else:
        read = lambda row: getattr(row, field)  # noqa: E731
        write = lambda row, new: setattr(row, field, new)  # noqa: E731
        extra = [field]
    result = save_field(
        prompt,
        field,
        value,
        _version(request),
        request.user,
        read=read,
        write=write,
        extra_update_fields=extra,
    )
    return _respond(request, f"prompt-{prompt.pk}-{field}", result, field, access.school)


def _clean_prompt_value(field, request, school):
    raw = request.POST.getlist("value")
    if field == "dates":
        days = [PROMPT_FIELDS["dates"].clean(v) for v in raw if v.strip()]
        if len(days) > MAX_DATES:
            raise ValidationError(_("Hoogstens %(max)d data.") % {"max": MAX_DATES})
        return sorted({day.isoformat() for day in days})
    if field == "members":
        members = forms.ModelMultipleChoiceField(
            queryset=school.memberships.all(),
            required=False,
            error_messages={"invalid_choice": _("Kies mensen van deze school.")},
        )
        return sorted(m.pk for m in members.clean([v for v in raw if v]))
    return PROMPT_FIELDS[field].clean(raw[0] if raw else "")


def _version(request) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return -1


def _respond(request, key, result, field, school):
    context = {"key": key, "result": result, "state": result.state}
    if not result.saved:
        context["theirs"], context["theirs_json"] = _theirs(field, result.current, school)
    return TemplateResponse(
        request, "autosave/status.html", context, status=200 if result.saved else 409
    )


def _theirs(field, value, school):
    """The other person's value in a conflict: readable, and (unless it is plain text)
    as JSON in the shape the field posts, for "take theirs" (static/js/autosave.js)."""
    if field in TEXT_FIELDS:
        return value, None
    if field in ("date", "next_meeting"):
        return (date_format(value, "j F Y") if value else "—"), json.dumps(
            value.isoformat() if value else ""
        )
    if field == "decision":
        return (Decision(value).label if value else "—"), json.dumps(value)
    if field == "number":
        return ("—" if value is None else number_format(value)), json.dumps(
            "" if value is None else str(value)
        )
    if field == "dates":
        days = [date.fromisoformat(day) for day in value]
        return ", ".join(date_format(day, "j F Y") for day in days) or "—", json.dumps(value)
    members = school.memberships.filter(pk__in=value).select_related("user")
    names = sorted(member.user.get_full_name() for member in members)
    return ", ".join(names) or "—", json.dumps([str(pk) for pk in value])


def _invalid(request, message):
    return TemplateResponse(
        request, "autosave/status.html", {"error": message, "state": FieldState()}, status=422
    )
