"""The werkgroep's evaluation every other month: per actiepunt on track, behind or done."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from actieplan.conflicts import EditConflict, change_status
from actieplan.evaluations import evaluation_slots, next_evaluation_date
from actieplan.forms.evaluations import EvaluatieForm
from actieplan.models import (
    OPEN_STATUSES,
    Actiepunt,
    Evaluatie,
    EvaluatieItem,
    Section,
    Status,
    Verdict,
)
from actieplan.views.plans import base_context, get_plan, today
from schools.access import school_view
from schools.models import Membership


@school_view("actieplan.view_plan")
def evaluatie_list(request, access, plan_id):
    plan = get_plan(access, plan_id)
    day = today()
    evaluations = list(
        plan.evaluaties.select_related("recorded_by").annotate(
            **{
                f"n_{verdict}": Count("items", filter=Q(items__verdict=verdict))
                for verdict in Verdict.values
            }
        )
    )
    due = next_evaluation_date(plan, day, [e.date for e in evaluations])
    return TemplateResponse(
        request,
        "actieplan/evaluatie_list.html",
        base_context(
            request,
            access,
            plan,
            evaluations=evaluations,
            next_due=due,
            overdue=due is not None and due < day,
            slots=evaluation_slots(plan),
            today=day,
        ),
    )


def _open_actiepunten(plan) -> list[Actiepunt]:
    """The actiepunten to evaluate: not deleted, not finished; a fixed number of queries."""
    return list(
        Actiepunt.objects.alive()
        .filter(actieplan=plan, status__in=OPEN_STATUSES)
        .only("pk", "title", "section", "status", "due_date", "version", "actieplan_id")
        .annotate(
            steps_total=Count("stappen", distinct=True),
            steps_done=Count("stappen", filter=Q(stappen__done_at__isnull=False), distinct=True),
        )
        .prefetch_related(
            Prefetch("responsible", queryset=Membership.objects.select_related("user"))
        )
        .order_by("section", "order", "pk")
    )


def _previous_items(plan) -> tuple[Evaluatie | None, dict[int, EvaluatieItem]]:
    latest = plan.evaluaties.order_by("-date", "-pk").first()
    if latest is None:
        return None, {}
    return latest, {item.actiepunt_id: item for item in latest.items.all()}


@school_view("actieplan.change_plan")
def evaluatie_add(request, access, plan_id):
    plan = get_plan(access, plan_id)
    day = today()
    actiepunten = _open_actiepunten(plan)
    form = EvaluatieForm(
        request.POST or None,
        actiepunten=actiepunten,
        plan=plan,
        today=day,
        initial={"date": day},
    )
    if request.method == "POST" and form.is_valid():
        evaluation, not_completed = _record(plan, form, request.user, day)
        messages.success(request, _("Evaluatie vastgelegd."))
        for title in not_completed:
            messages.warning(
                request,
                _(
                    "“%(title)s” is niet als afgerond gemarkeerd: iemand anders wijzigde intussen "
                    "de status. Kijk in het plan hoe het er nu voor staat."
                )
                % {"title": title},
            )
        return redirect(
            reverse("evaluatie_detail", args=[access.school.slug, plan.pk, evaluation.pk])
        )
    previous, previous_items = _previous_items(plan)
    rows = []
    for row in form.rows():
        row["previous"] = previous_items.get(row["actiepunt"].pk)
        row["overdue"] = row["actiepunt"].is_overdue(day)
        rows.append(row)
    sections = [
        (label, [r for r in rows if r["actiepunt"].section == value])
        for value, label in Section.choices
    ]
    return TemplateResponse(
        request,
        "actieplan/evaluatie_form.html",
        base_context(
            request,
            access,
            plan,
            form=form,
            sections=[(label, section_rows) for label, section_rows in sections if section_rows],
            previous=previous,
            next_due=next_evaluation_date(plan, day),
        ),
        status=400 if form.is_bound else 200,
    )


@transaction.atomic
def _record(plan, form, user, day) -> tuple[Evaluatie, list[str]]:
    """Save the evaluation and its rows; mark 'klaar' rows afgerond where asked."""
    evaluation = Evaluatie.objects.create(
        actieplan=plan,
        date=form.cleaned_data["date"],
        summary=form.cleaned_data["summary"].strip(),
        recorded_by=user,
    )
    items = form.items()
    EvaluatieItem.objects.bulk_create(
        EvaluatieItem(evaluatie=evaluation, actiepunt=a, verdict=verdict, adjustment=adjustment)
        for a, verdict, adjustment, _complete, _version in items
    )
    not_completed = []
    to_complete = [(a.pk, version) for a, _v, _adj, complete, version in items if complete]
    full = Actiepunt.objects.select_related("actieplan__school", "timeline_action").in_bulk(
        [pk for pk, _version in to_complete]
    )
    for pk, version in to_complete:
        actiepunt = full[pk]
        try:
            with transaction.atomic():
                change_status(
                    actiepunt,
                    Status.AFGEROND,
                    user=user,
                    version=actiepunt.version if version is None else version,
                    today=evaluation.date,
                )
        except EditConflict:
            not_completed.append(actiepunt.title)
    return evaluation, not_completed


@school_view("actieplan.view_plan")
def evaluatie_detail(request, access, plan_id, evaluatie_id):
    plan = get_plan(access, plan_id)
    evaluation = get_object_or_404(
        Evaluatie.objects.select_related("recorded_by"), pk=evaluatie_id, actieplan=plan
    )
    items = list(
        evaluation.items.select_related("actiepunt").order_by(
            "actiepunt__section", "actiepunt__order", "actiepunt__pk"
        )
    )
    sections = [
        (label, [i for i in items if i.actiepunt.section == value])
        for value, label in Section.choices
    ]
    counts = {v: sum(1 for i in items if i.verdict == v) for v in Verdict.values}
    return TemplateResponse(
        request,
        "actieplan/evaluatie_detail.html",
        base_context(
            request,
            access,
            plan,
            evaluation=evaluation,
            sections=[(label, rows) for label, rows in sections if rows],
            counts=counts,
        ),
    )
