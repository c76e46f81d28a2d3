"""Forms of the pages that combine the apps."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tso.models import ReportVersion
from tso.progress_report import SECTIONS

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
LONGEST_DAYS = 5 * 366


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgressReportForm(forms.Form):
    version = forms.ChoiceField(
        label=_("Versie"),
        choices=ReportVersion.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de korte versie voor het team of de volledige versie."),
            "invalid_choice": _("Kies de korte versie voor het team of de volledige versie."),
        },
    )
    start = forms.DateField(
        label=_("Van"),
        widget=_date_widget(),
        error_messages={
            "required": _("Vul de eerste dag van de periode in."),
            "invalid": _("Vul een datum in, bijvoorbeeld 1-8-2026."),
        },
    )
    end = forms.DateField(
        label=_("Tot en met"),
        widget=_date_widget(),
        error_messages={
            "required": _("Vul de laatste dag van de periode in."),
            "invalid": _("Vul een datum in, bijvoorbeeld 31-7-2027."),
        },
    )
    sections = forms.MultipleChoiceField(
        label=_("Onderdelen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één onderdeel."),
            "invalid_choice": _("Kies onderdelen uit de lijst."),
        },
    )

    def __init__(self, *args, sections, **kwargs):
        """`sections` are the ones this reader may choose; the page lists only those.

        Any known section is accepted (a link shared by someone who may see more
        still works); what the reader may not have is left out when printing.
        """
        super().__init__(*args, **kwargs)
        self.section_list = sections
        self.fields["sections"].choices = [(s.key, s.title) for s in SECTIONS]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Kies een datum tussen 2000 en 2100."))
        if start and end and not (self.has_error("start") or self.has_error("end")):
            if end < start:
                self.add_error("end", _("De periode kan niet eindigen voordat ze begint."))
            elif (end - start).days > LONGEST_DAYS:
                self.add_error("end", _("Kies een periode van hoogstens vijf jaar."))
        return cleaned

    def section_rows(self):
        """(section, checked) for the page's own list of checkboxes with explanations."""
        chosen = set(self["sections"].value() or [])
        return [(s, s.key in chosen) for s in self.section_list]
