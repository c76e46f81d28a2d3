from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from schools.kartrekkers import MIN_KARTREKKERS, profile_sections


@login_required
def kartrekker_profile(request):
    """The kartrekker profile (Bijlage 2): the same for every school, so not school-scoped."""
    return TemplateResponse(
        request,
        "schools/kartrekker_profile.html",
        {"sections": profile_sections(), "min_kartrekkers": MIN_KARTREKKERS},
    )
