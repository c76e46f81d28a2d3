"""The plan page and its actiepunten (Bijlage 7's four tables with six columns).

Ticking a step, adding a step or a note, changing the status and editing an
actiepunt work inline with htmx: the answer is the actiepunt's row, a partial
of the plan page's own template (plan.html#actiepunt-row), so the page keeps
its place. Without JavaScript the same forms post normally and come back to
the row on the plan page (#actiepunt-<id>).

Several people edit at once: forms carry the actiepunt's version and
actieplan.conflicts refuses to save on top of a newer one; the user sees what
the other person changed and keeps their own input.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from actieplan.conflicts import (
    EditConflict,
    Names,
    add_step,
    base_values,
    change_status,
    create_actiepunt,
    describe_conflict,
    restore,
    save_actiepunt,
    set_step_done,
    soft_delete,
)
from actieplan.evaluations import next_evaluation_date
from actieplan.forms.actiepunten import (
    ActiepuntAddForm,
    ActiepuntForm,
    StapForm,
    StapToggleForm,
    StatusForm,
    UpdateForm,
)
from actieplan.history import actiepunt_history as history_of
from actieplan.meetings import current_and_next
from actieplan.models import Actieplan, Actiepunt, Section, Stap, Status, Update
from actieplan.rows import RowLinks, RowState, load_rows, row_text
from phases.timeline import today as current_day
from schools.access import school_view

# Loading ------------------------------------------------------------------------------


def _plan(access, plan_id) -> Actieplan:
    return get_object_or_404(
        Actieplan.objects.select_related("approved_by"), pk=plan_id, school=access.school
    )


def _actiepunt(plan: Actieplan, actiepunt_id, *, deleted: bool = False) -> Actiepunt:
    actiepunten = Actiepunt.objects.filter(actieplan=plan, deleted_at__isnull=not deleted)
    return get_object_or_404(actiepunten.select_related("updated_by"), pk=actiepunt_id)


def _plan_url(access, plan, actiepunt=None) -> str:
    url = reverse("actieplan_detail", args=[access.school.slug, plan.pk])
    return f"{url}#actiepunt-{actiepunt.pk}" if actiepunt else url


def _go(request, url: str):
    """Redirect; an htmx request reloads the page there (not a page inside the row)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The plan page ------------------------------------------------------------------------


def page_context(request, access, plan, **extra) -> dict:
    user = request.user
    return {
        "access": access,
        "school": access.school,
        "plan": plan,
        "today": current_day(),
        "full": user.has_perm("actieplan.view_plan", access),
        "can_change": user.has_perm("actieplan.change_plan", access),
        "can_approve": user.has_perm("actieplan.approve_plan", access),
        "statuses": Status.choices,
        "t": row_text(),
        "plan_url": reverse("actieplan_detail", args=[access.school.slug, plan.pk]),
        **extra,
    }


def plan_context(request, access, plan, *, focus: Actiepunt | None = None, state=None) -> dict:
    context = page_context(request, access, plan)
    today, full = context["today"], context["full"]
    links = RowLinks(access.school.slug, plan) if full else None
    actiepunten = load_rows(plan, today, full=full, links=links)
    if focus is not None:
        for actiepunt in actiepunten:
            if actiepunt.pk == focus.pk:
                actiepunt.state = state or actiepunt.state
    current_meeting, next_meeting = current_and_next(plan, today) if full else (None, None)
    context.update(
        sections=[
            {
                "value": section.value,
                "label": section.label,
                "rows": [a for a in actiepunten if a.section == section],
            }
            for section in Section
        ],
        goals=list(plan.doelen.prefetch_related("accents")),
        current_meeting=current_meeting,
        next_meeting=next_meeting,
        next_evaluation=next_evaluation_date(plan, today),
        overdue_count=sum(a.overdue for a in actiepunten),
        open_count=sum(a.is_open for a in actiepunten),
        done_count=sum(a.status == Status.AFGEROND for a in actiepunten),
        total=len(actiepunten),
        deleted_count=(
            Actiepunt.objects.filter(actieplan=plan, deleted_at__isnull=False).count()
            if full
            else 0
        ),
    )
    return context


@school_view("actieplan.view_progress")
def actieplan_detail(request, access, plan_id):
    plan = _plan(access, plan_id)
    row_id = _int(request.GET.get("rij"))
    if request.htmx and row_id is not None and request.user.has_perm("actieplan.view_plan", access):
        # "Annuleren" in an inline form: the row as it is stored now.
        return _row(request, access, plan, _actiepunt(plan, row_id))
    return TemplateResponse(request, "actieplan/plan.html", plan_context(request, access, plan))


def _row(request, access, plan, actiepunt, *, state=None, status=200, done=False):
    """The actiepunt's row (htmx), else the plan page with the row in that state.

    `done`: the change is saved; without htmx the browser goes back to the row
    on the plan page (post/redirect/get) and the notice shows as a message.
    """
    if request.htmx:
        context = page_context(request, access, plan)
        links = RowLinks(access.school.slug, plan)
        rows = load_rows(plan, context["today"], links=links, pk=actiepunt.pk)
        if not rows:  # deleted by someone else a moment ago
            raise Http404
        row = rows[0]
        row.state = state or row.state
        context["ap"] = row
        if status == 400:
            status = 422  # htmx swaps 422 (see htmx-config in base.html), not 400
        template = "actieplan/plan.html#actiepunt-row"
        return TemplateResponse(request, template, context, status=status)
    if done:
        if state is not None and state.notice:
            messages.success(request, f"{actiepunt.title}: {state.notice}")
        return redirect(_plan_url(access, plan, actiepunt))
    context = plan_context(request, access, plan, focus=actiepunt, state=state)
    return TemplateResponse(request, "actieplan/plan.html", context, status=status)


def _inline(access, plan_id, actiepunt_id):
    plan = _plan(access, plan_id)
    return plan, _actiepunt(plan, actiepunt_id)


# Inline: steps, updates, status ----------------------------------------------------------
# GET opens the small form in the row (the plan page without JavaScript); POST saves.


@school_view("actieplan.change_plan")
@require_POST
def stap_toggle(request, access, plan_id, actiepunt_id, stap_id):
    plan, actiepunt = _inline(access, plan_id, actiepunt_id)
    step = get_object_or_404(Stap, pk=stap_id, actiepunt=actiepunt)
    form = StapToggleForm(request.POST)
    if not form.is_valid():
        state = RowState(error=form.errors["done"][0])
        return _row(request, access, plan, actiepunt, state=state, status=400)
    done = form.cleaned_data["done"]
    if set_step_done(step, done, user=request.user):
        notice = _("Stap afgevinkt.") if done else _("Stap staat weer open.")
    else:
        notice = _("Deze stap was al afgevinkt.") if done else _("Deze stap stond al open.")
    return _row(request, access, plan, actiepunt, state=RowState(notice=notice), done=True)


@school_view("actieplan.change_plan")
def stap_add(request, access, plan_id, actiepunt_id):
    plan, actiepunt = _inline(access, plan_id, actiepunt_id)
    if request.method != "POST":
        return _row(request, access, plan, actiepunt, state=RowState(panel="stap"))
    form = StapForm(request.POST)
    if not form.is_valid():
        typed = form.data.get("text", "")
        state = RowState(panel="stap", error=form.errors["text"][0], typed=typed)
        return _row(request, access, plan, actiepunt, state=state, status=400)
    add_step(actiepunt, form.cleaned_data["text"], user=request.user)
    # The form stays open: steps often come several at a time.
    state = RowState(panel="stap", notice=_("Stap toegevoegd."))
    return _row(request, access, plan, actiepunt, state=state, done=True)


@school_view("actieplan.change_plan")
def update_add(request, access, plan_id, actiepunt_id):
    plan, actiepunt = _inline(access, plan_id, actiepunt_id)
    if request.method != "POST":
        return _row(request, access, plan, actiepunt, state=RowState(panel="update"))
    form = UpdateForm(request.POST)
    if not form.is_valid():
        typed = form.data.get("text", "")
        state = RowState(panel="update", error=form.errors["text"][0], typed=typed)
        return _row(request, access, plan, actiepunt, state=state, status=400)
    Update.objects.create(
        actiepunt=actiepunt,
        text=form.cleaned_data["text"],
        author=request.user,
        author_name=request.user.get_full_name(),
    )
    state = RowState(notice=_("Notitie toegevoegd."))
    return _row(request, access, plan, actiepunt, state=state, done=True)


@school_view("actieplan.change_plan")
def actiepunt_status(request, access, plan_id, actiepunt_id):
    plan, actiepunt = _inline(access, plan_id, actiepunt_id)
    if request.method != "POST":
        return _row(request, access, plan, actiepunt, state=RowState(panel="status"))
    form = StatusForm(request.POST)
    kept = RowState(
        panel="status",
        status=form.data.get("status", ""),
        stop_reason=form.data.get("stop_reason", ""),
    )
    if not form.is_valid():
        kept.error = next(iter(form.errors.values()))[0]
        return _row(request, access, plan, actiepunt, state=kept, status=400)
    data = form.cleaned_data
    version = data["version"] if data["version"] is not None else actiepunt.version
    try:
        actiepunt = change_status(
            actiepunt,
            data["status"],
            user=request.user,
            version=version,
            stop_reason=data["stop_reason"],
        )
    except EditConflict as error:
        if error.conflict.deleted:
            messages.warning(request, _("Dit actiepunt is intussen verwijderd."))
            return _go(request, _plan_url(access, plan))
        kept.conflict = error.conflict
        return _row(request, access, plan, actiepunt, state=kept, status=409)
    notice = _("Status: %(status)s.") % {"status": actiepunt.get_status_display()}
    return _row(request, access, plan, actiepunt, state=RowState(notice=notice), done=True)


# Adding and editing ---------------------------------------------------------------------


def _form_page(request, access, plan, form, *, actiepunt=None, status=200, **extra):
    context = page_context(request, access, plan, form=form, ap=actiepunt, **extra)
    if request.htmx and actiepunt is not None:
        if status == 400:
            status = 422
        return TemplateResponse(
            request, "actieplan/actiepunt_form.html#edit-row", context, status=status
        )
    return TemplateResponse(request, "actieplan/actiepunt_form.html", context, status=status)


@school_view("actieplan.change_plan")
def actiepunt_add(request, access, plan_id):
    plan = _plan(access, plan_id)
    today = current_day()
    section = request.GET.get("groeilaag")
    initial = {"section": section if section in Section.values else None}
    form = ActiepuntAddForm(request.POST or None, plan=plan, today=today, initial=initial)
    if request.method != "POST":
        return _form_page(request, access, plan, form)
    if not form.is_valid():
        return _form_page(request, access, plan, form, status=400)
    data = form.cleaned_data
    actiepunt = create_actiepunt(
        plan,
        user=request.user,
        section=data["section"],
        title=data["title"],
        responsible=data["responsible"],
        steps=data["steps"],
        due_date=data["due_date"],
        monitoring=data["monitoring"],
        driving_activity=data["driving_activity"],
    )
    messages.success(request, _("Actiepunt “%(title)s” toegevoegd.") % {"title": actiepunt.title})
    return redirect(_plan_url(access, plan, actiepunt))


@school_view("actieplan.change_plan")
def actiepunt_edit(request, access, plan_id, actiepunt_id):
    plan = _plan(access, plan_id)
    actiepunt = get_object_or_404(
        Actiepunt.objects.filter(actieplan=plan).select_related("deleted_by"), pk=actiepunt_id
    )
    today = current_day()
    if actiepunt.deleted_at is not None:
        if request.method != "POST":
            raise Http404
        # Deleted while this form was open: keep what was typed, save nothing.
        form = ActiepuntForm(request.POST, instance=actiepunt, plan=plan, today=today)
        return _form_page(request, access, plan, form, actiepunt=actiepunt, status=409)
    if request.method != "POST":
        form = ActiepuntForm(
            instance=actiepunt, plan=plan, today=today, initial={"version": actiepunt.version}
        )
        return _form_page(request, access, plan, form, actiepunt=actiepunt)

    stored_version = actiepunt.version
    form = ActiepuntForm(request.POST, instance=actiepunt, plan=plan, today=today)
    valid = form.is_valid()
    version = _int(form.data.get("version"))
    if version != stored_version:
        return _conflict_page(request, access, plan, form, version)
    if not valid:
        return _form_page(request, access, plan, form, actiepunt=actiepunt, status=400)
    try:
        actiepunt = save_actiepunt(
            actiepunt,
            form.model_values(),
            user=request.user,
            version=version,
            yours=form.typed_values(),
            today=today,
        )
    except EditConflict:
        return _conflict_page(request, access, plan, form, version)
    state = RowState(notice=_("Opgeslagen."))
    return _row(request, access, plan, actiepunt, state=state, done=True)


def _conflict_page(request, access, plan, form, version):
    """Someone saved in between: nothing is saved; show theirs next to yours, keep yours."""
    current = (
        Actiepunt.objects.filter(actieplan=plan, pk=form.instance.pk, deleted_at__isnull=True)
        .select_related("updated_by")
        .first()
    )
    if current is None:  # deleted a moment ago: keep the input, say so
        gone = Actiepunt.objects.select_related("deleted_by").get(pk=form.instance.pk)
        kept = ActiepuntForm(form.data, instance=gone, plan=plan, today=current_day())
        return _form_page(request, access, plan, kept, actiepunt=gone, status=409)
    names = Names.for_school(access.school)
    conflict = describe_conflict(current, base_values(current, version), form.typed_values(), names)
    data = form.data.copy()
    data["version"] = str(current.version)
    fresh = ActiepuntForm(data, instance=current, plan=plan, today=current_day())
    return _form_page(
        request, access, plan, fresh, actiepunt=current, status=409, conflict=conflict
    )


# History, deleting, restoring ---------------------------------------------------------------


@school_view("actieplan.view_plan")
def actiepunt_history(request, access, plan_id, actiepunt_id):
    plan = _plan(access, plan_id)
    actiepunt = get_object_or_404(
        Actiepunt.objects.filter(actieplan=plan).select_related("deleted_by"), pk=actiepunt_id
    )
    entries = history_of(actiepunt, Names.for_school(access.school))
    context = page_context(request, access, plan, ap=actiepunt, entries=entries)
    return TemplateResponse(request, "actieplan/actiepunt_history.html", context)


@school_view("actieplan.change_plan")
def actiepunt_delete(request, access, plan_id, actiepunt_id):
    plan = _plan(access, plan_id)
    actiepunt = _actiepunt(plan, actiepunt_id)
    if request.method != "POST":
        context = page_context(request, access, plan, ap=actiepunt)
        return TemplateResponse(request, "actieplan/actiepunt_delete.html", context)
    soft_delete(actiepunt, user=request.user)
    messages.success(
        request,
        _(
            "“%(title)s” staat in de prullenbak. Een kartrekker kan het daar terugzetten; "
            "de geschiedenis blijft bewaard."
        )
        % {"title": actiepunt.title},
    )
    return redirect(_plan_url(access, plan))


@school_view("actieplan.view_plan")
def deleted_list(request, access, plan_id):
    plan = _plan(access, plan_id)
    deleted = (
        Actiepunt.objects.filter(actieplan=plan, deleted_at__isnull=False)
        .select_related("deleted_by")
        .order_by("-deleted_at", "-pk")
    )
    context = page_context(
        request,
        access,
        plan,
        deleted=list(deleted),
        can_restore=request.user.has_perm("actieplan.restore_actiepunt", access),
    )
    return TemplateResponse(request, "actieplan/deleted_list.html", context)


@school_view("actieplan.restore_actiepunt")
@require_POST
def actiepunt_restore(request, access, plan_id, actiepunt_id):
    plan = _plan(access, plan_id)
    actiepunt = _actiepunt(plan, actiepunt_id, deleted=True)
    actiepunt = restore(actiepunt, user=request.user)
    messages.success(request, _("“%(title)s” staat weer in het plan.") % {"title": actiepunt.title})
    return redirect(_plan_url(access, plan, actiepunt))
