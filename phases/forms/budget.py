"""The time budget: hours a school gives its kartrekkers and werkgroepleden per school year."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phases.models import HOURS_GUIDELINES, FacilitatedHours
from schools.models import Membership, Role

# The lower of the handbook's two guidelines per role, in hours per school year
# (kartrekker: 30 h per year, chapter 3; werkgroeplid: 20 h per year, chapter 3).
LOWER_GUIDELINE = {Role.KARTREKKER: Decimal(30), Role.WERKGROEPLID: Decimal(20)}
MAX_HOURS = Decimal(2000)


def budget_members(school) -> list[Membership]:
    """Kartrekkers first, then werkgroepleden; someone who is both counts as kartrekker."""
    members = Membership.objects.filter(
        Q(kartrekker=True) | Q(werkgroeplid=True), school=school
    ).select_related("user")
    return sorted(members, key=lambda m: (not m.kartrekker, str(m.user).lower(), m.pk))


def budget_role(membership: Membership) -> str:
    return Role.KARTREKKER if membership.kartrekker else Role.WERKGROEPLID


@dataclass
class BudgetRow:
    membership: Membership
    role: str
    field: forms.BoundField
    saved: Decimal | None

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def guidelines(self) -> str:
        return HOURS_GUIDELINES[self.role]

    @property
    def lower_guideline(self) -> Decimal:
        return LOWER_GUIDELINE[self.role]

    @property
    def reaches_guideline(self) -> bool | None:
        """None while nothing is recorded for this person and year."""
        return None if self.saved is None else self.saved >= self.lower_guideline

    @property
    def meter_value(self) -> Decimal:
        return min(self.saved or Decimal(0), self.lower_guideline)


class HoursField(forms.DecimalField):
    default_error_messages = {
        "invalid": _("Vul een getal in, bijvoorbeeld 30 of 12,5."),
        "min_value": _("Het aantal uren kan niet negatief zijn."),
        "max_value": _("Vul hoogstens %(limit_value)s uur in."),
        "max_decimal_places": _("Gebruik hoogstens één cijfer achter de komma, bijvoorbeeld 12,5."),
    }

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=None,
            decimal_places=1,
            min_value=Decimal(0),
            max_value=MAX_HOURS,
            localize=True,
            required=False,
            **kwargs,
        )

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "inputmode": "decimal",
            "maxlength": "10",
            "autocomplete": "off",
        }


class TimeBudgetForm(forms.Form):
    """One field per kartrekker and werkgroeplid; empty means nothing recorded."""

    def __init__(self, *args, members, saved: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.saved = saved
        for membership in members:
            self.fields[self.field_name(membership)] = HoursField(
                label=str(membership.user),
                initial=_plain(saved.get(membership.pk)),
            )

    @staticmethod
    def field_name(membership) -> str:
        return f"uren-{membership.pk}"

    def rows(self) -> list[BudgetRow]:
        for membership in self.members:
            name = self.field_name(membership)
            attrs = self.fields[name].widget.attrs
            attrs["class"] = "form-control is-invalid" if self.has_error(name) else "form-control"
            if self.has_error(name):
                attrs.update({"aria-invalid": "true", "aria-describedby": f"{name}-error"})
        return [
            BudgetRow(
                membership=m,
                role=budget_role(m),
                field=self[self.field_name(m)],
                saved=self.saved.get(m.pk),
            )
            for m in self.members
        ]

    def save(self, school, school_year: int) -> None:
        """Two queries: upsert the filled-in hours, delete the emptied ones."""
        given = {m.pk: self.cleaned_data[self.field_name(m)] for m in self.members}
        FacilitatedHours.objects.bulk_create(
            [
                FacilitatedHours(school=school, membership_id=pk, school_year=school_year, hours=h)
                for pk, h in given.items()
                if h is not None
            ],
            update_conflicts=True,
            unique_fields=["membership", "school_year"],
            update_fields=["hours"],
        )
        emptied = [pk for pk, h in given.items() if h is None and pk in self.saved]
        if emptied:
            FacilitatedHours.objects.filter(
                school=school, school_year=school_year, membership_id__in=emptied
            ).delete()


def _plain(hours: Decimal | None) -> Decimal | None:
    """30.0 shows as "30", 12.5 as "12,5"."""
    if hours is None or hours != hours.to_integral_value():
        return hours
    return hours.quantize(Decimal(1))


def saved_hours(school, school_year: int) -> dict[int, Decimal]:
    return dict(
        FacilitatedHours.objects.filter(school=school, school_year=school_year).values_list(
            "membership_id", "hours"
        )
    )
