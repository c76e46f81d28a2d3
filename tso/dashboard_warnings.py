"""What the dashboard warns about while a school sets up its implementation.

The handbook's advice, not rules: the directie appoints at least two kartrekkers,
a werkgroep carries the work, and the school gives both hours every school year.
One query whatever the size of the school (the members are already loaded).
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phases.models import FacilitatedHours, school_year_of
from schools.kartrekkers import MIN_KARTREKKERS
from schools.models import Role


@dataclass(frozen=True)
class SetupWarning:
    code: str
    message: str
    fix_label: str = ""
    fix_url: str = ""  # only for those who may fix it


def setup_warnings(access, user, members_by_role, today: date) -> list[SetupWarning]:
    school = access.school
    counts = {role: len(members) for role, members in members_by_role}
    may_appoint = user.has_perm("schools.manage_members", access)
    members_url = reverse("member_list", args=[school.slug]) if may_appoint else ""
    warnings = []
    kartrekkers = counts.get(Role.KARTREKKER, 0)
    if kartrekkers < MIN_KARTREKKERS:
        warnings.append(
            SetupWarning(
                "kartrekkers",
                ngettext(
                    "Deze school heeft %(count)d kartrekker. Het handboek raadt aan dat de "
                    "directie er minstens %(min)d aanstelt.",
                    "Deze school heeft %(count)d kartrekkers. Het handboek raadt aan dat de "
                    "directie er minstens %(min)d aanstelt.",
                    kartrekkers,
                )
                % {"count": kartrekkers, "min": MIN_KARTREKKERS},
                _("Kartrekker aanstellen"),
                members_url,
            )
        )
    if not counts.get(Role.WERKGROEPLID):
        warnings.append(
            SetupWarning(
                "werkgroep",
                _("De werkgroep TSO heeft nog geen leden."),
                _("Werkgroepleden aanwijzen"),
                members_url,
            )
        )
    year = school_year_of(today)[0].year
    if not FacilitatedHours.objects.filter(school=school, school_year=year, hours__gt=0).exists():
        may_record = user.has_perm("phases.change_hours", access)
        warnings.append(
            SetupWarning(
                "uren",
                _(
                    "Voor schooljaar %(year)s zijn nog geen uren voor kartrekkers en werkgroep "
                    "vastgelegd."
                )
                % {"year": f"{year}-{year + 1}"},
                _("Uren vastleggen"),
                f"{reverse('time_budget', args=[school.slug])}?jaar={year}" if may_record else "",
            )
        )
    return warnings
