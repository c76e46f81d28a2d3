"""Plans and their goals: the current plan, a new plan or period, approval, links from rondes."""

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actieplan import links
from actieplan.forms.plans import ActieplanForm, DoelForm, conflict_changes, proposed_next_period
from actieplan.models import OPEN_STATUSES, Actieplan, Doel, PeriodKind
from actieplan.periods import approvals, approve, carry_over, current_plan
from ontwikkelmodel.models import JointAnswer, RondeStep
from schools.access import school_view

# --- Helpers shared by the views of helper D ------------------------------------


def today() -> date:
    return timezone.localdate()


def get_plan(access, plan_id) -> Actieplan:
    return get_object_or_404(Actieplan, pk=plan_id, school=access.school)


def plan_url(access, plan, anchor: str = "") -> str:
    url = reverse("actieplan_detail", args=[access.school.slug, plan.pk])
    return f"{url}#{anchor}" if anchor else url


def base_context(request, access, plan=None, **extra) -> dict:
    return {
        "access": access,
        "school": access.school,
        "plan": plan,
        "can_change": request.user.has_perm("actieplan.change_plan", access),
        "can_approve": request.user.has_perm("actieplan.approve_plan", access),
        **extra,
    }


def history_version(obj) -> int:
    """The newest history record of `obj`: the version a form started from."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def posted_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def conflict_info(obj, changes) -> dict:
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    return {
        "changes": changes,
        "by": latest.history_user if latest else None,
        "at": latest.history_date if latest else None,
    }


# --- Plans ---------------------------------------------------------------------------


@school_view("actieplan.view_progress")
def actieplan_current(request, access):
    plan = current_plan(access.school, today())
    if plan is not None:
        return redirect(plan_url(access, plan))
    return TemplateResponse(request, "actieplan/plan_empty.html", base_context(request, access))


@school_view("actieplan.view_progress")
def actieplan_list(request, access):
    day = today()
    plans = list(
        Actieplan.objects.filter(school=access.school)
        .select_related("approved_by", "previous")
        .annotate(
            open_count=Count(
                "actiepunten",
                filter=Q(
                    actiepunten__deleted_at__isnull=True,
                    actiepunten__status__in=OPEN_STATUSES,
                ),
            ),
            total_count=Count("actiepunten", filter=Q(actiepunten__deleted_at__isnull=True)),
        )
        .order_by("-starts_on", "-pk")
    )
    current = current_plan(access.school, day) if plans else None
    return TemplateResponse(
        request,
        "actieplan/plan_list.html",
        base_context(request, access, plans=plans, current=current, today=day),
    )


def _default_period(day: date) -> dict:
    """The school year under way (from May on: the coming one), starting today."""
    first_year = day.year if day.month >= 5 else day.year - 1
    return {
        "title": _("Actieplan TSO %(years)s") % {"years": f"{first_year}-{first_year + 1}"},
        "period_kind": PeriodKind.SCHOOLJAAR,
        "starts_on": day,
        "ends_on": date(first_year + 1, 7, 31),
        "evaluation_interval_months": 2,
    }


@school_view("actieplan.change_plan")
def actieplan_add(request, access):
    form = ActieplanForm(request.POST or None, initial=_default_period(today()))
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.school = access.school
        plan.save()
        messages.success(request, _("Actieplan “%(title)s” gemaakt.") % {"title": plan.title})
        return redirect(plan_url(access, plan))
    return TemplateResponse(
        request,
        "actieplan/plan_form.html",
        base_context(request, access, form=form),
        status=400 if form.is_bound else 200,
    )


@school_view("actieplan.change_plan")
def actieplan_edit(request, access, plan_id):
    plan = get_plan(access, plan_id)
    version = history_version(plan)
    if request.method != "POST":
        form = ActieplanForm(instance=plan)
        return _plan_form(request, access, plan, form, version)
    form = ActieplanForm(request.POST, instance=plan)
    valid = form.is_valid()
    with transaction.atomic():
        stored = Actieplan.objects.select_for_update().get(pk=plan.pk)
        if posted_int(request.POST.get("version")) != version:
            changes = conflict_changes(form, stored)
            if changes:
                return _plan_form(
                    request, access, stored, form, version, conflict=conflict_info(stored, changes)
                )
        if valid:
            form.save()
            messages.success(request, _("Het plan is opgeslagen."))
            return redirect(plan_url(access, plan))
    return _plan_form(request, access, plan, form, version, status=400)


def _plan_form(request, access, plan, form, version, conflict=None, status=None):
    return TemplateResponse(
        request,
        "actieplan/plan_form.html",
        base_context(
            request,
            access,
            plan,
            form=form,
            version=version,
            conflict=conflict,
            approvals=approvals(plan),
        ),
        status=status or (409 if conflict else 200),
    )


@school_view("actieplan.approve_plan")
@require_POST
def actieplan_approve(request, access, plan_id):
    plan = get_plan(access, plan_id)
    again = plan.is_approved
    approve(plan, request.user)
    if again:
        messages.success(request, _("Het plan is opnieuw goedgekeurd, zoals het nu is."))
    else:
        messages.success(request, _("Het plan is goedgekeurd."))
    return redirect(plan_url(access, plan))


@school_view("actieplan.change_plan")
def actieplan_carry_over(request, access, plan_id):
    old = get_plan(access, plan_id)
    following = old.next_plans.order_by("pk").first()
    carried = list(
        old.actiepunten.alive()
        .filter(status__in=OPEN_STATUSES)
        .only("pk", "title", "section", "status", "due_date")
        .order_by("section", "order", "pk")
    )
    goals = list(old.doelen.filter(achieved_at__isnull=True))
    form = ActieplanForm(request.POST or None, initial=proposed_next_period(old))
    if request.method == "POST" and following is None and form.is_valid():
        new = form.save(commit=False)
        counts = carry_over(old, new, request.user)
        messages.success(
            request,
            _(
                "Nieuwe periode gestart: %(actiepunten)s actiepunten en %(doelen)s doelen "
                "zijn overgenomen. Het vorige plan blijft bewaard zoals het was."
            )
            % counts,
        )
        return redirect(plan_url(access, new))
    return TemplateResponse(
        request,
        "actieplan/plan_carry_over.html",
        base_context(
            request, access, old, form=form, carried=carried, goals=goals, following=following
        ),
        status=400 if form.is_bound else 200,
    )


# --- Goals ---------------------------------------------------------------------------


def _goal(plan, doel_id) -> Doel:
    return get_object_or_404(Doel, pk=doel_id, actieplan=plan)


@school_view("actieplan.change_plan")
def doel_add(request, access, plan_id):
    plan = get_plan(access, plan_id)
    horizon = request.GET.get("termijn")
    initial = {"horizon": horizon} if horizon in ("kort", "lang") else {}
    form = DoelForm(request.POST or None, today=today(), initial=initial)
    if request.method == "POST" and form.is_valid():
        goal = form.save(commit=False)
        goal.actieplan = plan
        goal.achieved_at = form.cleaned_data["achieved_at"]
        last = plan.doelen.filter(horizon=goal.horizon).order_by("-order").first()
        goal.order = (last.order + 1) if last else 1
        goal.save()
        form.save_m2m()
        messages.success(request, _("Doel toegevoegd."))
        return redirect(plan_url(access, plan, f"doel-{goal.pk}"))
    return TemplateResponse(
        request,
        "actieplan/doel_form.html",
        base_context(request, access, plan, form=form),
        status=400 if form.is_bound else 200,
    )


@school_view("actieplan.change_plan")
def doel_edit(request, access, plan_id, doel_id):
    plan = get_plan(access, plan_id)
    goal = _goal(plan, doel_id)
    version = history_version(goal)
    form = DoelForm(request.POST or None, instance=goal, today=today())
    context = base_context(request, access, plan, form=form, goal=goal, version=version)
    if request.method == "POST":
        valid = form.is_valid()
        with transaction.atomic():
            stored = Doel.objects.select_for_update().get(pk=goal.pk)
            if posted_int(request.POST.get("version")) != version:
                changes = conflict_changes(form, stored)
                if changes:
                    context.update(goal=stored, conflict=conflict_info(stored, changes))
                    return TemplateResponse(request, "actieplan/doel_form.html", context, 409)
            if valid:
                goal = form.save(commit=False)
                goal.achieved_at = form.cleaned_data["achieved_at"]
                goal.save()
                form.save_m2m()
                messages.success(request, _("Doel opgeslagen."))
                return redirect(plan_url(access, plan, f"doel-{goal.pk}"))
        return TemplateResponse(request, "actieplan/doel_form.html", context, status=400)
    return TemplateResponse(request, "actieplan/doel_form.html", context)


@school_view("actieplan.change_plan")
def doel_delete(request, access, plan_id, doel_id):
    plan = get_plan(access, plan_id)
    goal = _goal(plan, doel_id)
    if request.method == "POST":
        goal.delete()
        messages.success(request, _("Doel verwijderd."))
        return redirect(plan_url(access, plan, "doelen"))
    return TemplateResponse(
        request, "actieplan/doel_delete.html", base_context(request, access, plan, goal=goal)
    )


# --- From a ronde of the Ontwikkelmodel ----------------------------------------------

MAKE_CHOICES = {
    "doel": (links.DOEL,),
    "actiepunt": (links.ACTIEPUNT,),
    "beide": (links.DOEL, links.ACTIEPUNT),
}


@school_view("actieplan.change_plan")
def from_ronde(request, access, plan_id):
    plan = get_plan(access, plan_id)
    if request.method == "POST":
        make = MAKE_CHOICES.get(request.POST.get("maak", ""))
        answer_id = posted_int(request.POST.get("priority"))
        if make is None or answer_id is None:
            return HttpResponseBadRequest(_("Kies een prioriteit en wat je ervan wilt maken."))
        answer = get_object_or_404(
            JointAnswer.objects.select_related("ronde", "accent__groeilaag"),
            pk=answer_id,
            ronde__school=access.school,
            ronde__step=RondeStep.CLOSED,
            priority__isnull=False,
        )
        added = links.add_ronde_priority(plan, answer, make=make, user=request.user)
        if request.htmx:
            return TemplateResponse(
                request,
                "actieplan/from_ronde.html#priority",
                base_context(request, access, plan, row={"answer": answer, "added": added}),
            )
        if added.created:
            messages.success(
                request,
                _("Toegevoegd aan het plan: %(label)s.") % {"label": links.ronde_label(answer)},
            )
        else:
            messages.info(request, _("Deze prioriteit staat al in het plan."))
        return redirect(
            reverse("actieplan_from_ronde", args=[access.school.slug, plan.pk])
            + f"#prioriteit-{answer.pk}"
        )

    answers = links.ronde_priorities(access.school)
    found = links.linked_in_plan(plan, JointAnswer)
    rondes = []
    for answer in answers:
        if not rondes or rondes[-1]["ronde"].pk != answer.ronde_id:
            rondes.append({"ronde": answer.ronde, "rows": []})
        rondes[-1]["rows"].append({"answer": answer, "added": found.get(answer.pk)})
    return TemplateResponse(
        request,
        "actieplan/from_ronde.html",
        base_context(request, access, plan, rondes=rondes),
    )
