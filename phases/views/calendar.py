"""The private agenda feed and the page that hands out (and renews) its address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phases.calendar import build_calendar, feed_url
from phases.models import CalendarFeed
from schools.access import accessible_schools


@login_required
def calendar_settings(request):
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    url = feed_url(feed)
    return TemplateResponse(
        request,
        "phases/calendar_settings.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1],
            "schools": accessible_schools(request.user).order_by("name"),
        },
    )


@login_required
@require_POST
def calendar_revoke(request):
    feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if not created:
        feed.revoke()
    messages.success(
        request,
        _(
            "Je hebt een nieuwe agendalink. De oude link werkt niet meer: "
            "abonneer je agenda-app opnieuw met de nieuwe link."
        ),
    )
    return redirect("calendar_settings")


@require_GET
def calendar_feed(request, token):
    """Public on purpose: agenda apps cannot log in; the token is the key."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    response = HttpResponse(build_calendar(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tso-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
