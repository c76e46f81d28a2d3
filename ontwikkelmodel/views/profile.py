"""The school's profile: the latest agreed groeifases, and their growth over the years."""

from django.template.response import TemplateResponse

from ontwikkelmodel import charts
from ontwikkelmodel.models import Ronde, RondeStep
from ontwikkelmodel.profile import school_profile as build_profile
from ontwikkelmodel.rondes import can_manage_rondes
from schools.access import school_view


def profile_context(access) -> dict:
    """What the page and the PDF show, in four queries whatever the number of rondes."""
    profile = build_profile(access.school)
    context = {"access": access, "school": access.school, "profile": profile}
    if profile.has_results:
        context.update(
            heatmap=charts.heatmap(profile),
            radars=charts.radars(profile),
            trends=charts.trends(profile),
        )
    return context


@school_view("ontwikkelmodel.view_profile")
def school_profile(request, access):
    context = profile_context(access)
    rondes = Ronde.objects.filter(school=access.school).order_by("-created_at", "-pk")
    if not access.is_member:
        # Board members see agreed results only.
        rondes = rondes.filter(step=RondeStep.CLOSED)
    context.update(rondes=list(rondes), can_manage=can_manage_rondes(access))
    return TemplateResponse(request, "ontwikkelmodel/profile.html", context)
