"""The evaluation form: per actiepunt on track / behind / done and what to adjust."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actieplan.forms.plans import DATE_ERRORS, date_widget
from actieplan.models import PRIVACY_HELP, Verdict


class EvaluatieForm(forms.Form):
    """One row per actiepunt: `verdict_<id>`, `adjustment_<id>`, `complete_<id>`.

    A row without a verdict was not discussed and is not recorded.
    """

    date = forms.DateField(
        label=_("Datum van de evaluatie"),
        widget=date_widget(),
        error_messages={"required": _("Vul de datum van de evaluatie in."), **DATE_ERRORS},
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat ging goed, wat vieren we, waar sturen we bij? %(privacy)s")
        % {"privacy": PRIVACY_HELP},
        error_messages={
            "max_length": _("De samenvatting is te lang (hoogstens %(limit_value)d tekens).")
        },
    )

    def __init__(self, *args, actiepunten, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.actiepunten = actiepunten
        self.plan = plan
        self.today = today
        for actiepunt in actiepunten:
            self.fields[f"verdict_{actiepunt.pk}"] = forms.ChoiceField(
                label=_("Oordeel"),
                choices=[("", _("niet besproken")), *Verdict.choices],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Kies op schema, loopt achter of klaar.")},
            )
            self.fields[f"adjustment_{actiepunt.pk}"] = forms.CharField(
                label=_("Wat passen we aan?"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("Houd dit korter dan %(limit_value)d tekens.")},
            )
            self.fields[f"complete_{actiepunt.pk}"] = forms.BooleanField(
                label=_("Markeer als afgerond"), required=False
            )
            self.fields[f"version_{actiepunt.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=actiepunt.version
            )

    def rows(self):
        """The actiepunten with their bound fields, for the template."""
        for actiepunt in self.actiepunten:
            yield {
                "actiepunt": actiepunt,
                "verdict": self[f"verdict_{actiepunt.pk}"],
                "adjustment": self[f"adjustment_{actiepunt.pk}"],
                "complete": self[f"complete_{actiepunt.pk}"],
                "version": self[f"version_{actiepunt.pk}"],
            }

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.plan.starts_on:
            raise forms.ValidationError(
                _("De evaluatie kan niet vóór de start van het plan liggen.")
            )
        if day > self.today:
            raise forms.ValidationError(
                _("Leg een evaluatie vast als ze gehouden is, niet vooraf.")
            )
        return day

    def clean(self):
        cleaned = super().clean()
        for actiepunt in self.actiepunten:
            verdict = cleaned.get(f"verdict_{actiepunt.pk}")
            if cleaned.get(f"complete_{actiepunt.pk}") and verdict != Verdict.KLAAR:
                self.add_error(
                    f"complete_{actiepunt.pk}",
                    _("Alleen een actiepunt dat klaar is, markeer je als afgerond."),
                )
            if cleaned.get(f"adjustment_{actiepunt.pk}", "").strip() and not verdict:
                self.add_error(
                    f"verdict_{actiepunt.pk}",
                    _("Kies ook hoe het ervoor staat: op schema, loopt achter of klaar."),
                )
        return cleaned

    def items(self) -> list[tuple]:
        """(actiepunt, verdict, adjustment, complete, version) for every discussed row."""
        found = []
        for actiepunt in self.actiepunten:
            verdict = self.cleaned_data.get(f"verdict_{actiepunt.pk}")
            if verdict:
                found.append(
                    (
                        actiepunt,
                        verdict,
                        self.cleaned_data.get(f"adjustment_{actiepunt.pk}", "").strip(),
                        bool(self.cleaned_data.get(f"complete_{actiepunt.pk}")),
                        self.cleaned_data.get(f"version_{actiepunt.pk}"),
                    )
                )
        return found
