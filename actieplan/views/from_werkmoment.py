"""Ideas and development points from werkmomenten into the plan, one click each.

The handbook's "ontwikkelpunten vanuit het team": what the team raised in a
werkmoment becomes an actiepunt (in a section the werkgroep picks, Kennis-
ontwikkeling unless told otherwise) or a goal for the coming six months. It
keeps a link back to the ontwikkelpunt (and so to its werkmoment); a second
click finds what the first one made. From the werkmoment page the buttons post
to the current plan (`from_werkmoment_current`).
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from actieplan import links
from actieplan.models import Section
from actieplan.periods import current_plan
from actieplan.views.plans import base_context, get_plan, posted_int, today
from phases.models import Ontwikkelpunt, Werkmoment
from schools.access import school_view


def _werkmomenten(school) -> list[Werkmoment]:
    """The school's werkmomenten with ontwikkelpunten, newest first (two queries)."""
    return list(
        Werkmoment.objects.filter(session__school=school, ontwikkelpunten__isnull=False)
        .distinct()
        .select_related("session")
        .prefetch_related(
            Prefetch("ontwikkelpunten", queryset=Ontwikkelpunt.objects.order_by("created_at", "pk"))
        )
        .order_by("-session__date", "-pk")
    )


def _page_url(access, plan, punt=None) -> str:
    url = reverse("actieplan_from_werkmoment", args=[access.school.slug, plan.pk])
    return f"{url}#ontwikkelpunt-{punt.pk}" if punt is not None else url


@school_view("actieplan.change_plan")
def from_werkmoment(request, access, plan_id):
    plan = get_plan(access, plan_id)
    if request.method == "POST":
        return _add(request, access, plan)
    found = links.linked_in_plan(plan, Ontwikkelpunt)
    groups = [
        {
            "werkmoment": werkmoment,
            "rows": [
                {"punt": punt, "added": found.get(punt.pk)}
                for punt in werkmoment.ontwikkelpunten.all()
            ],
        }
        for werkmoment in _werkmomenten(access.school)
    ]
    return TemplateResponse(
        request,
        "actieplan/from_werkmoment.html",
        base_context(request, access, plan, groups=groups, sections=Section.choices),
    )


@school_view("actieplan.change_plan")
def from_werkmoment_current(request, access):
    """From a werkmoment's page: add to (or show) the current plan."""
    plan = current_plan(access.school, today())
    if plan is None:
        messages.info(
            request,
            _("Er is nog geen actieplan. Maak eerst een plan; daarna kan dit met één klik."),
        )
        return redirect("actieplan_current", access.school.slug)
    if request.method == "POST":
        return _add(request, access, plan)
    return redirect(_page_url(access, plan))


def _add(request, access, plan):
    punt_id = posted_int(request.POST.get("ontwikkelpunt"))
    make = request.POST.get("make")
    section = request.POST.get("section") or None
    if punt_id is None:
        return HttpResponseBadRequest(_("Kies een idee of ontwikkelpunt."))
    if make not in (links.ACTIEPUNT, links.DOEL):
        return HttpResponseBadRequest(_("Kies of het een actiepunt of een doel wordt."))
    if section is not None and section not in Section.values:
        return HttpResponseBadRequest(_("Kies een onderdeel van het plan uit de lijst."))
    punt = get_object_or_404(
        Ontwikkelpunt.objects.select_related("werkmoment__session"),
        pk=punt_id,
        werkmoment__session__school=access.school,
    )
    added = links.add_ontwikkelpunt(plan, punt, make=make, section=section, user=request.user)
    if request.htmx:
        return TemplateResponse(
            request,
            "actieplan/from_werkmoment.html#ontwikkelpunt",
            base_context(
                request,
                access,
                plan,
                row={"punt": punt, "added": added},
                sections=Section.choices,
            ),
        )
    what = _("actiepunt") if make == links.ACTIEPUNT else _("doel")
    if make in added.created:
        messages.success(
            request,
            _("Als %(what)s in %(plan)s gezet: %(text)s")
            % {"what": what, "plan": plan.title, "text": punt.text},
        )
    else:
        messages.info(
            request, _("Dit ontwikkelpunt staat al als %(what)s in het plan.") % {"what": what}
        )
    return redirect(_page_url(access, plan, punt))
