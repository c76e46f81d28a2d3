"""Overview across schools: a trainer's schools.

The board's overview also shows each school's Ontwikkelmodel profile, so it
lives in tso/board.py (phases does not depend on ontwikkelmodel).
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from phases.overview import summarize_schools
from phases.timeline import today
from schools.models import School


@login_required
def trainer_overview(request):
    schools = School.objects.filter(memberships__user=request.user, memberships__trainer=True)
    return TemplateResponse(
        request,
        "phases/overview_trainer.html",
        {
            "rows": summarize_schools(schools, today()),
            "today": today(),
        },
    )
