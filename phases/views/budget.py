"""The time budget: hours for kartrekkers and werkgroepleden next to the handbook's guidelines."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phases.forms.budget import TimeBudgetForm, budget_members, saved_hours
from phases.models import school_year_of
from phases.timeline import today
from schools.access import require, school_view

FIRST_YEAR, LAST_YEAR = 2000, 2100


def selected_year(request) -> int:
    """?jaar=2026 is school year 2026-2027; anything else is the current school year."""
    value = request.GET.get("jaar", "")
    if value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return school_year_of(today())[0].year


@school_view("phases.view_plan")
@require_http_methods(["GET", "POST"])
def time_budget(request, access):
    year = selected_year(request)
    if request.method == "POST":
        require(request, "phases.change_hours", access)
    members = budget_members(access.school)
    form = TimeBudgetForm(
        request.POST if request.method == "POST" else None,
        members=members,
        saved=saved_hours(access.school, year),
    )
    if form.is_bound and form.is_valid():
        form.save(access.school, year)
        messages.success(
            request,
            _("De uren voor schooljaar %(year)s zijn opgeslagen.") % {"year": f"{year}-{year + 1}"},
        )
        return redirect(f"{reverse('time_budget', args=[access.school.slug])}?jaar={year}")
    rows = form.rows()
    context = {
        "access": access,
        "school": access.school,
        "form": form,
        "rows": rows,
        "can_change": request.user.has_perm("phases.change_hours", access),
        "year": year,
        "year_label": f"{year}-{year + 1}",
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "current_year": school_year_of(today())[0].year,
        "total": sum((r.saved or 0) for r in rows),
    }
    return TemplateResponse(
        request, "phases/budget.html", context, status=400 if form.is_bound else 200
    )
