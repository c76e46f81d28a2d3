"""The werkgroep's meetings: list, plan one, keep the agenda and the minutes.

Two people may type the minutes at once; a save based on an older version is
refused with both texts on screen, never silently overwritten.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from actieplan.forms.meetings import BijeenkomstForm
from actieplan.forms.plans import conflict_changes
from actieplan.meetings import MEETING_RELATED, current_and_next
from actieplan.models import Bijeenkomst
from actieplan.views.plans import base_context, get_plan, posted_int, today
from schools.access import school_view


def _list_url(access, plan, meeting=None) -> str:
    url = reverse("bijeenkomst_list", args=[access.school.slug, plan.pk])
    return f"{url}#bijeenkomst-{meeting.pk}" if meeting else url


@school_view("actieplan.view_plan")
def bijeenkomst_list(request, access, plan_id):
    plan = get_plan(access, plan_id)
    day = today()
    meetings = list(
        plan.bijeenkomsten.select_related(*MEETING_RELATED).order_by("-date", "-start_time")
    )
    current, upcoming = current_and_next(plan, day)
    return TemplateResponse(
        request,
        "actieplan/bijeenkomst_list.html",
        base_context(
            request,
            access,
            plan,
            meetings=meetings,
            current_meeting=current,
            next_meeting=upcoming,
            today=day,
        ),
    )


@school_view("actieplan.change_plan")
def bijeenkomst_add(request, access, plan_id):
    plan = get_plan(access, plan_id)
    last = plan.bijeenkomsten.order_by("-date", "-start_time").first()
    initial = {"date": today()}
    if last:  # the werkgroep usually meets at the same time and place
        initial.update(
            start_time=last.start_time,
            end_time=last.end_time,
            location=last.location,
            voorzitter=last.voorzitter_id,
            tijdbewaker=last.tijdbewaker_id,
            notulist=last.notulist_id,
        )
    form = BijeenkomstForm(request.POST or None, school=access.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.actieplan = plan
        meeting.save()
        messages.success(
            request,
            _("Bijeenkomst van %(day)s gepland.") % {"day": meeting.date.strftime("%d-%m-%Y")},
        )
        return redirect(_list_url(access, plan, meeting))
    return TemplateResponse(
        request,
        "actieplan/bijeenkomst_form.html",
        base_context(request, access, plan, form=form),
        status=400 if form.is_bound else 200,
    )


@school_view("actieplan.change_plan")
def bijeenkomst_edit(request, access, plan_id, bijeenkomst_id):
    plan = get_plan(access, plan_id)
    meeting = get_object_or_404(Bijeenkomst, pk=bijeenkomst_id, actieplan=plan)
    if request.method != "POST":
        form = BijeenkomstForm(
            instance=meeting, school=access.school, initial={"version": meeting.version}
        )
        return _form_page(request, access, plan, meeting, form)

    form = BijeenkomstForm(request.POST, instance=meeting, school=access.school)
    valid = form.is_valid()
    posted = posted_int(request.POST.get("version"))
    with transaction.atomic():
        # Compare-and-set: only the first of two saves based on the same version wins.
        claimed = (
            valid
            and posted is not None
            and Bijeenkomst.objects.filter(pk=meeting.pk, version=posted).update(
                version=F("version") + 1
            )
        )
        if claimed:
            meeting = form.save(commit=False)
            meeting.version = posted + 1
            meeting.save()
            messages.success(request, _("Bijeenkomst opgeslagen."))
            return redirect(_list_url(access, plan, meeting))
    stored = Bijeenkomst.objects.select_related(*MEETING_RELATED).get(pk=meeting.pk)
    if posted != stored.version:
        changes = conflict_changes(form, stored)
        latest = stored.history.select_related("history_user").order_by("-history_id").first()
        data = form.data.copy()
        data["version"] = str(stored.version)
        fresh = BijeenkomstForm(data, instance=stored, school=access.school)
        fresh.is_valid()
        return _form_page(
            request,
            access,
            plan,
            stored,
            fresh,
            conflict={
                "changes": changes,
                "by": latest.history_user if latest else None,
                "at": latest.history_date if latest else None,
            },
            status=409,
        )
    return _form_page(request, access, plan, meeting, form, status=400)


def _form_page(request, access, plan, meeting, form, conflict=None, status=200):
    return TemplateResponse(
        request,
        "actieplan/bijeenkomst_form.html",
        base_context(request, access, plan, form=form, meeting=meeting, conflict=conflict),
        status=status,
    )
