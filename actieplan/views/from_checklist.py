"""Agreements from the leader checklist (Bijlage 6) into the plan, one click each.

An agreement becomes an actiepunt under Richting geven: its 'wat' the title, its
'wanneer' the due date, the members named in its 'wie' responsible. The
actiepunt keeps a link back to the agreement (and so to its round); a second
click finds what the first one made. Only rounds the user may see are listed
(ontwikkelmodel.checklist decides).
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from actieplan import links
from actieplan.periods import current_plan
from actieplan.views.plans import base_context, get_plan, posted_int, today
from ontwikkelmodel import checklist as checklist_rules
from ontwikkelmodel.models import ChecklistAgreement, ChecklistParticipant
from schools.access import school_view


def _rounds(access, user) -> list:
    """The school's rounds whose agreements the user may see, newest first, with agreements."""
    rounds = (
        checklist_rules.visible_rounds(access, user)
        .prefetch_related(
            Prefetch("participants", queryset=ChecklistParticipant.objects.order_by("name", "pk")),
            Prefetch("agreements", queryset=ChecklistAgreement.objects.order_by("order", "pk")),
        )
        .order_by("-created_at", "-pk")
    )
    return [r for r in rounds if checklist_rules.can_see_agreements(access, r, user)]


@school_view("actieplan.change_plan")
def from_checklist(request, access, plan_id):
    plan = get_plan(access, plan_id)
    if request.method == "POST":
        agreement_id = posted_int(request.POST.get("agreement"))
        if agreement_id is None:
            return HttpResponseBadRequest(_("Kies een afspraak."))
        agreement = get_object_or_404(
            ChecklistAgreement.objects.select_related("round").prefetch_related(
                "round__participants"
            ),
            pk=agreement_id,
            round__school=access.school,
        )
        if not checklist_rules.can_see_agreements(access, agreement.round, request.user):
            raise Http404
        added = links.add_checklist_agreement(plan, agreement, user=request.user)
        if request.htmx:
            return TemplateResponse(
                request,
                "actieplan/from_checklist.html#agreement",
                base_context(
                    request,
                    access,
                    plan,
                    row={"agreement": agreement, "added": added},
                    checklist_round=agreement.round,
                ),
            )
        if added.created:
            messages.success(
                request, _("Toegevoegd aan het plan: %(what)s.") % {"what": agreement.what}
            )
        else:
            messages.info(request, _("Deze afspraak staat al in het plan."))
        return redirect(
            reverse("actieplan_from_checklist", args=[access.school.slug, plan.pk])
            + f"#afspraak-{agreement.pk}"
        )

    found = links.linked_in_plan(plan, ChecklistAgreement)
    groups = [
        {
            "round": checklist_round,
            "status": checklist_rules.round_status(checklist_round),
            "rows": [
                {"agreement": agreement, "added": found.get(agreement.pk)}
                for agreement in checklist_round.agreements.all()
            ],
        }
        for checklist_round in _rounds(access, request.user)
    ]
    return TemplateResponse(
        request,
        "actieplan/from_checklist.html",
        base_context(request, access, plan, groups=[g for g in groups if g["rows"]]),
    )


@school_view("actieplan.change_plan")
def from_checklist_current(request, access):
    """From the checklist's conversation page: the agreements page of the current plan."""
    plan = current_plan(access.school, today())
    if plan is None:
        return redirect("actieplan_current", access.school.slug)
    return redirect("actieplan_from_checklist", access.school.slug, plan.pk)
