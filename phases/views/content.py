from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.template.response import TemplateResponse

from aids.models import Aid
from phases.models import DrivingActivity, Phase, StandardAction


@login_required
def phase_overview(request):
    """The four phases and their standard actions, as the handbook describes them."""
    actions = StandardAction.objects.prefetch_related(
        "driving_activities", Prefetch("aids", queryset=Aid.objects.filter(active=True))
    )
    phases = Phase.objects.prefetch_related(Prefetch("actions", queryset=actions))
    return TemplateResponse(
        request,
        "phases/phase_overview.html",
        {
            "phases": phases,
            "driving_activities": DrivingActivity.objects.all(),
        },
    )
