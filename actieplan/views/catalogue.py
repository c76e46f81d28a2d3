"""The catalogue of example actions (handbook chapter 5), copied into a plan in one click."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actieplan import links
from actieplan.models import Section, Suggestion
from actieplan.views.plans import base_context, get_plan, plan_url
from schools.access import school_view


def suggestion_label(suggestion: Suggestion) -> str:
    return _("Voorbeeldactie: %(title)s") % {"title": suggestion.title}


@school_view("actieplan.view_plan")
def suggestion_list(request, access, plan_id):
    plan = get_plan(access, plan_id)
    suggestions = list(
        Suggestion.objects.filter(is_active=True)
        .select_related("driving_activity")
        .order_by("section", "order", "pk")
    )
    found = links.linked_in_plan(plan, Suggestion)
    sections = [
        (
            value,
            label,
            [
                {"suggestion": s, "added": found.get(s.pk)}
                for s in suggestions
                if s.section == value
            ],
        )
        for value, label in Section.choices
    ]
    return TemplateResponse(
        request,
        "actieplan/suggestion_list.html",
        base_context(request, access, plan, sections=[s for s in sections if s[2]]),
    )


@school_view("actieplan.change_plan")
@require_POST
def suggestion_copy(request, access, plan_id, suggestion_id):
    plan = get_plan(access, plan_id)
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("driving_activity"), pk=suggestion_id, is_active=True
    )
    added = links.add_from_origin(
        plan,
        suggestion,
        title=suggestion.title,
        section=suggestion.section,
        label=suggestion_label(suggestion),
        user=request.user,
        make=(links.ACTIEPUNT,),
        steps=suggestion.step_list,
        driving_activity=suggestion.driving_activity,
    )
    if request.htmx:
        return TemplateResponse(
            request,
            "actieplan/suggestion_list.html#copy-button",
            base_context(request, access, plan, row={"suggestion": suggestion, "added": added}),
        )
    return redirect(plan_url(access, plan, f"actiepunt-{added.actiepunt.pk}"))
