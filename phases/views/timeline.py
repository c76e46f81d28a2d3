"""A school's timeline: the phases as bands across the months, the actions as rows.

Status changes inline with htmx (only the row is swapped); actions are added and
edited on their own page, which refuses to overwrite someone else's newer change.
T0 and the phase are set on the "start en fase" page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aids.models import Aid
from phases.forms.timeline import (
    ActionAddForm,
    ActionEditForm,
    PhaseOverrideForm,
    StatusForm,
    T0Form,
    TimelineFilterForm,
)
from phases.history import (
    EDITED_FIELDS,
    base_record,
    conflicts,
    ensure_history,
    latest_version,
    status_changes,
    values_of,
)
from phases.models import ActionStatus, Implementation, Phase, TimelineAction
from phases.timeline import derived_phase_number, move_t0, start_timeline, summarize
from phases.timeline import today as current_day
from phases.timeline_grid import MonthGrid, grid_for, make_row
from schools.access import school_view


def active_aids():
    return Aid.objects.filter(active=True)


def row_context(request, access, action, grid, **extra):
    return {
        "access": access,
        "school": access.school,
        "row": make_row(action, grid),
        "grid": grid,
        "can_change": request.user.has_perm("phases.change_plan", access),
        "statuses": ActionStatus.choices,
        **extra,
    }


def _implementation(school):
    return (
        Implementation.objects.select_related("phase_override", "phase_override_by")
        .filter(school=school)
        .first()
    )


def _members(school):
    return list(
        school.memberships.select_related("user").order_by("user__full_name", "user__email")
    )


# The timeline page ------------------------------------------------------------


@school_view("phases.view_plan")
def timeline(request, access):
    school = access.school
    today = current_day()
    implementation = _implementation(school)
    t0 = implementation.t0 if implementation else None
    members = _members(school)
    filter_form = TimelineFilterForm(request.GET or None, members=members)
    context = {
        "access": access,
        "school": school,
        "implementation": implementation,
        "t0": t0,
        "today": today,
        "can_change": request.user.has_perm("phases.change_plan", access),
        "filter_form": filter_form,
        "statuses": ActionStatus.choices,
    }
    status = 400 if filter_form.is_bound and not filter_form.is_valid() else 200
    if t0 is None:
        return TemplateResponse(request, "phases/timeline.html", context, status=status)

    actions = list(
        school.timeline_actions.select_related("phase", "owner__user", "standard_action")
        .prefetch_related(Prefetch("standard_action__aids", queryset=active_aids()))
        .order_by("planned_start", "phase__number", "planned_end", "pk")
    )
    phases = list(Phase.objects.all())
    grid = MonthGrid(
        min((a.planned_start for a in actions if a.planned_start), default=None),
        max((d for a in actions for d in (a.planned_start, a.planned_end) if d), default=None),
        t0,
        today,
    )
    matches = filter_form.matcher(today)
    rows = [make_row(a, grid) for a in actions if matches(a)]
    derived = derived_phase_number(t0, actions, today)
    context.update(
        grid=grid,
        phases=phases,
        bands=grid.bands(t0, phases),
        rows=rows,
        total=len(actions),
        overdue_count=sum(a.is_overdue(today) for a in actions),
        current_phase=(
            implementation.phase_override or next((p for p in phases if p.number == derived), None)
        ),
    )
    if request.htmx and request.htmx.target == "tl-rows":
        return TemplateResponse(request, "phases/timeline.html#rows", context, status=status)
    return TemplateResponse(request, "phases/timeline.html", context, status=status)


def _action(access, action_id):
    return get_object_or_404(
        TimelineAction.objects.select_related(
            "phase", "owner__user", "standard_action"
        ).prefetch_related(Prefetch("standard_action__aids", queryset=active_aids())),
        pk=action_id,
        school=access.school,
    )


def _timeline_url(access, action=None) -> str:
    url = reverse("timeline", args=[access.school.slug])
    return f"{url}#actie-{action.pk}" if action else url


@school_view("phases.change_plan")
@require_POST
def action_status(request, access, action_id):
    action = _action(access, action_id)
    if action.managed_url:
        return _managed_elsewhere(request, action)
    form = StatusForm(request.POST)
    today = current_day()
    if not form.is_valid():
        error = form.errors["status"][0]
        if request.htmx:
            grid = grid_for(access.school, _implementation(access.school), today)
            context = row_context(request, access, action, grid, error=error)
            return TemplateResponse(request, "phases/timeline.html#row", context, status=400)
        messages.error(request, error)
        return TemplateResponse(
            request,
            "phases/timeline_status_error.html",
            {"access": access, "school": access.school, "action": action},
            status=400,
        )
    old = action.get_status_display()
    ensure_history(action)
    action.set_status(form.cleaned_data["status"], today)
    action.save()
    if request.htmx:
        grid = grid_for(access.school, _implementation(access.school), today)
        context = row_context(request, access, action, grid, saved=True)
        return TemplateResponse(request, "phases/timeline.html#row", context)
    messages.success(
        request,
        _("Status van “%(title)s”: %(old)s → %(new)s.")
        % {
            "title": action.title,
            "old": old,
            "new": action.get_status_display(),
        },
    )
    return redirect(_timeline_url(access, action))


# Adding and editing actions ---------------------------------------------------


def _posted_values(form) -> dict:
    """The user's input as model values (cleaned where valid, else as typed)."""
    values = {}
    for field in EDITED_FIELDS:
        if field in getattr(form, "cleaned_data", {}):
            value = form.cleaned_data[field]
            values[field] = value.pk if field == "owner" and value is not None else value
        else:
            values[field] = form.data.get(field) or None
            if field == "owner" and values[field] and str(values[field]).isdigit():
                values[field] = int(values[field])
    return values


def form_page(request, access, form, *, action=None, status=200, **extra):
    return TemplateResponse(
        request,
        "phases/timeline_action_form.html",
        {"access": access, "school": access.school, "form": form, "action": action, **extra},
        status=status,
    )


@school_view("phases.change_plan")
def action_add(request, access):
    school = access.school
    today = current_day()
    initial = {"planned_start": today, "phase": summarize(school, today).phase}
    form = ActionAddForm(request.POST or None, school=school, today=today, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            action = form.save(commit=False)
            action.school = school
            action.standard_action = None
            action.dates_edited = True
            action.save()
            messages.success(request, _("Actie “%(title)s” toegevoegd.") % {"title": action.title})
            return redirect(_timeline_url(access, action))
        return form_page(request, access, form, status=400)
    return form_page(request, access, form)


@school_view("phases.change_plan")
def action_edit(request, access, action_id):
    action = _action(access, action_id)
    if action.managed_url:
        return _managed_elsewhere(request, action)
    today = current_day()
    version = latest_version(action)
    if request.method != "POST":
        form = ActionEditForm(
            instance=action, school=access.school, today=today, initial={"version": version}
        )
        return form_page(request, access, form, action=action)

    current = values_of(action)  # before the form writes the input onto the instance
    form = ActionEditForm(request.POST, instance=action, school=access.school, today=today)
    valid = form.is_valid()
    posted_version = _int(form.data.get("version"))
    if posted_version != version:
        return _conflict(request, access, form, current, posted_version, version)
    if not valid:
        return form_page(request, access, form, action=action, status=400)
    ensure_history(_action(access, action.pk))
    action = form.save(commit=False)
    if {"planned_start", "planned_end"} & set(form.changed_data):
        action.dates_edited = True
    action.save()
    messages.success(request, _("Actie “%(title)s” opgeslagen.") % {"title": action.title})
    return redirect(_timeline_url(access, action))


def _managed_elsewhere(request, action):
    """Actions owned by the actieplan are changed there, so two places never disagree."""
    messages.info(
        request,
        _("“%(title)s” wordt bijgehouden in %(where)s; wijzig het daar.")
        % {"title": action.title, "where": action.managed_elsewhere},
    )
    return redirect(action.managed_url)


def _int(value) -> int | None:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return None


def _conflict(request, access, form, current, posted_version, version):
    """Someone saved in between: save nothing, show both versions, offer the newest."""
    action = _action(access, form.instance.pk)  # fresh from the database
    base = base_record(action, posted_version)
    members = {m.pk: m for m in _members(access.school)}
    changes = conflicts(values_of(base) if base else None, current, _posted_values(form), members)
    latest = action.history.select_related("history_user").order_by("-history_id").first()
    data = form.data.copy()
    data["version"] = str(version)
    fresh_form = ActionEditForm(data, instance=action, school=access.school, today=current_day())
    return form_page(
        request,
        access,
        fresh_form,
        action=action,
        status=409,
        conflict={
            "changes": changes,
            "by": latest.history_user if latest else None,
            "at": latest.history_date if latest else None,
        },
    )


# History ------------------------------------------------------------------------


@school_view("phases.view_plan")
def action_history(request, access, action_id):
    action = _action(access, action_id)
    records = action.history.select_related("history_user").order_by("history_date", "history_id")
    return TemplateResponse(
        request,
        "phases/timeline_action_history.html",
        {
            "access": access,
            "school": access.school,
            "action": action,
            "changes": status_changes(records),
            "can_change": request.user.has_perm("phases.change_plan", access),
        },
    )


# T0 and the phase -------------------------------------------------------------


@school_view("phases.change_plan")
def implementation_edit(request, access):
    school = access.school
    today = current_day()
    implementation = _implementation(school)
    t0 = implementation.t0 if implementation else None
    can_override = request.user.has_perm("phases.override_phase", access)
    t0_form = T0Form(initial={"t0": t0}, first_time=t0 is None, today=today)
    phase_form = (
        PhaseOverrideForm(
            initial={
                "phase": implementation.phase_override if implementation else None,
                "reason": implementation.phase_override_reason if implementation else "",
            }
        )
        if can_override
        else None
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("part") == "fase":
            if not can_override:
                raise PermissionDenied
            phase_form = PhaseOverrideForm(request.POST)
            if phase_form.is_valid():
                _save_override(request, school, implementation, phase_form.cleaned_data)
                return redirect("timeline", school.slug)
        else:
            t0_form = T0Form(request.POST, first_time=t0 is None, today=today)
            if t0_form.is_valid():
                _save_t0(request, school, implementation, t0_form.cleaned_data["t0"])
                return redirect("timeline", school.slug)
        status = 400
    actions = list(school.timeline_actions.select_related("phase")) if t0 else []
    derived = derived_phase_number(t0, actions, today)
    return TemplateResponse(
        request,
        "phases/implementation_edit.html",
        {
            "access": access,
            "school": school,
            "implementation": implementation,
            "t0_form": t0_form,
            "phase_form": phase_form,
            "derived_phase": Phase.objects.filter(number=derived).first(),
            "has_sessions": school.training_sessions.exists(),
        },
        status=status,
    )


def _save_t0(request, school, implementation, new_t0):
    old_t0 = implementation.t0 if implementation else None
    if old_t0 is None:
        with transaction.atomic():
            implementation = implementation or Implementation(school=school)
            implementation.t0 = new_t0
            implementation.save()
            created = 0
            if not school.timeline_actions.filter(standard_action__isnull=False).exists():
                created = start_timeline(implementation)
        messages.success(
            request,
            _(
                "T0 is %(date)s. %(count)d acties uit het handboek staan nu op de tijdlijn, "
                "gepland vanaf T0."
            )
            % {"date": date_format(new_t0, "j F Y"), "count": created},
        )
    elif new_t0 == old_t0:
        messages.info(request, _("T0 is niet veranderd."))
        return
    else:
        moved = move_t0(implementation, new_t0)
        messages.success(
            request,
            _(
                "T0 verschoven van %(old)s naar %(new)s. %(count)d open acties schoven mee; "
                "afgeronde acties en met de hand gezette data bleven staan."
            )
            % {
                "old": date_format(old_t0, "j F Y"),
                "new": date_format(new_t0, "j F Y"),
                "count": moved,
            },
        )
        if school.training_sessions.exists():
            messages.warning(
                request,
                _("De trainingsmomenten zijn niet verschoven. Pas ze aan in de trainingsplanning."),
            )
    if new_t0.weekday() >= 5:
        messages.warning(request, _("Let op: T0 valt in het weekend."))


def _save_override(request, school, implementation, data):
    implementation = implementation or Implementation(school=school)
    phase = data["phase"]
    if phase is None:
        implementation.phase_override = None
        implementation.phase_override_reason = ""
        implementation.phase_override_by = None
        implementation.phase_override_at = None
        message = _("De fase wordt weer afgeleid van T0 en de tijdlijn.")
    else:
        implementation.phase_override = phase
        implementation.phase_override_reason = data["reason"].strip()
        implementation.phase_override_by = request.user
        implementation.phase_override_at = timezone.now()
        message = _("De fase staat met de hand op %(phase)s.") % {"phase": phase}
    implementation.save()
    messages.success(request, message)
