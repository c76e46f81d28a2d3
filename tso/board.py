"""The board's overview: every school's phase and its latest Ontwikkelmodel profile.

It combines phases (where each school stands in the implementation) with
ontwikkelmodel (what each school agreed in its latest closed ronde), so it
lives here and not in either app.
"""

from django.template.response import TemplateResponse

from ontwikkelmodel.charts import mini_profile
from ontwikkelmodel.profile import comparison, profiles_for
from phases.overview import summarize_schools
from phases.timeline import today
from schools.access import board_view


@board_view
def board_overview(request, bestuur):
    day = today()
    rows = summarize_schools(bestuur.schools.all(), day)
    # Board members see agreed results only: profiles come from closed rondes.
    profiles = profiles_for(row.school for row in rows)
    multiples = [
        (profiles[row.school.pk], mini_profile(profiles[row.school.pk]))
        for row in rows
        if profiles[row.school.pk].has_results
    ]
    return TemplateResponse(
        request,
        "tso/board_overview.html",
        {
            "bestuur": bestuur,
            "rows": rows,
            "today": day,
            "multiples": multiples,
            "without_profile": [
                row.school for row in rows if not profiles[row.school.pk].has_results
            ],
            "comparison": comparison([p for p, _mini in multiples]),
        },
    )
