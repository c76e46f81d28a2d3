"""The library of aids: every logged-in user reads it; nothing here belongs to a school."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from aids.links import needs_school, page_url
from aids.models import Aid, AidKind, AidSection

# The library's groups, in this order, each with a line on what is in it.
GROUPS = [
    (
        AidKind.OVERIG,
        _("Gesprekken, formulieren en plannen"),
        _(
            "Voor de gesprekken en plannen van de invoering; de meeste staan als pagina "
            "in deze applicatie."
        ),
    ),
    (AidKind.PROFIEL, _("Kartrekkers"), _("Wie de invoering trekt en wat daarbij hoort.")),
    (
        AidKind.PIRAMIDE,
        _("Modellen"),
        _("Het Ontwikkelmodel en de piramide van TSO en Positive Behavior Support."),
    ),
    (AidKind.KENNIS, _("Kennis"), _("De gedeelde taal van TSO.")),
    (AidKind.SCREENING, _("Screening"), _("Vragenlijsten per onderwerp en waar je ze krijgt.")),
    (
        AidKind.SUGGESTIES,
        _("Praktische suggesties"),
        _("Lokaal, zitplaats, materialen en schoolplein."),
    ),
    (AidKind.LEESLIJST, _("Verdiepend materiaal"), _("Boeken, richtlijnen en websites per thema.")),
]


@login_required
def aid_library(request):
    aids = list(Aid.objects.filter(active=True))  # ordered by Meta: order, title
    groups = [
        {"kind": kind, "title": title, "intro": intro, "aids": rows}
        for kind, title, intro in GROUPS
        if (rows := [aid for aid in aids if aid.kind == kind])
    ]
    return TemplateResponse(request, "aids/library.html", {"groups": groups})


@login_required
def aid_detail(request, aid_code):
    sections = AidSection.objects.order_by("order").prefetch_related("items")
    aid = get_object_or_404(
        Aid.objects.filter(active=True).prefetch_related(Prefetch("sections", queryset=sections)),
        code=aid_code,
    )
    context = {"aid": aid, "page": page_url(aid), "school_pages": []}
    if needs_school(aid):
        memberships = request.user.memberships.select_related("school").order_by("school__name")
        context["school_pages"] = [(m.school, page_url(aid, m.school.slug)) for m in memberships]
    return TemplateResponse(request, "aids/detail.html", context)
