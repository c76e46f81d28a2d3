"""Overviews across schools: a trainer's schools and a board's schools."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from phases.overview import summarize_schools
from phases.timeline import today
from schools.access import board_view
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


@board_view
def board_overview(request, bestuur):
    return TemplateResponse(
        request,
        "phases/overview_board.html",
        {
            "bestuur": bestuur,
            "rows": summarize_schools(bestuur.schools.all(), today()),
            "today": today(),
        },
    )
