"""Forms for a plan, its goals and a new period."""

from datetime import date, time, timedelta

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actieplan.evaluations import add_months
from actieplan.models import Actieplan, Doel, GoalHorizon
from ontwikkelmodel.models import Accent

MAX_PERIOD_YEARS = 3


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 1-9-2026.")}


class ActieplanForm(forms.ModelForm):
    evaluation_interval_months = forms.TypedChoiceField(
        label=_("Evalueren elke … maanden"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 7)],
        initial=2,
        help_text=_("Het handboek raadt aan om elke twee maanden te evalueren en bij te sturen."),
        error_messages={"invalid_choice": _("Kies een aantal maanden van 1 tot en met 6.")},
    )

    class Meta:
        model = Actieplan
        fields = [
            "title",
            "period_kind",
            "starts_on",
            "ends_on",
            "evaluation_interval_months",
            "first_evaluation_on",
        ]
        widgets = {
            "starts_on": date_widget(),
            "ends_on": date_widget(),
            "first_evaluation_on": date_widget(),
        }
        help_texts = {
            "title": _("Bijvoorbeeld ‘Actieplan TSO 2026-2027’."),
            "first_evaluation_on": _(
                "Leeg laten: één evaluatieperiode na de start. Daarna volgt het ritme hierboven."
            ),
        }
        error_messages = {
            "title": {
                "required": _("Geef het plan een naam."),
                "max_length": _("Houd de naam korter dan %(limit_value)d tekens."),
            },
            "period_kind": {"invalid_choice": _("Kies een soort periode uit de lijst.")},
            "starts_on": {"required": _("Vul de startdatum in."), **DATE_ERRORS},
            "ends_on": {"required": _("Vul de einddatum in."), **DATE_ERRORS},
            "first_evaluation_on": DATE_ERRORS,
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        first = cleaned.get("first_evaluation_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("De einddatum ligt vóór de startdatum."))
            elif (ends_on - starts_on).days > 366 * MAX_PERIOD_YEARS:
                self.add_error(
                    "ends_on",
                    _("Een plan loopt hoogstens %(n)s jaar. Maak voor daarna een nieuw plan.")
                    % {"n": MAX_PERIOD_YEARS},
                )
        if first and starts_on and first < starts_on:
            self.add_error(
                "first_evaluation_on", _("De eerste evaluatie kan niet vóór de start liggen.")
            )
        elif first and ends_on and first > ends_on:
            self.add_error(
                "first_evaluation_on", _("De eerste evaluatie moet binnen de periode vallen.")
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model says the same as clean() about the period: one message is enough.
        errors = self._errors.get("ends_on")
        if errors and len(errors) > 1:
            del errors[1:]


def months_between(earlier: date, later: date) -> int:
    return max(1, (later.year - earlier.year) * 12 + later.month - earlier.month)


def proposed_next_period(old: Actieplan) -> dict:
    """Initial values for the period after `old`: as long, starting the day after."""
    starts_on = old.ends_on + timedelta(days=1)
    return {
        "title": _next_title(old.title, old.starts_on, starts_on),
        "period_kind": old.period_kind,
        "starts_on": starts_on,
        # As long as the old one, counted in months: a school year stays a school year.
        "ends_on": add_months(old.ends_on, months_between(old.starts_on, starts_on)),
        "evaluation_interval_months": old.evaluation_interval_months,
    }


def _next_title(title: str, old_start: date, new_start: date) -> str:
    years_old = f"{old_start.year}-{old_start.year + 1}"
    years_new = f"{new_start.year}-{new_start.year + 1}"
    if years_old in title and years_old != years_new:
        return title.replace(years_old, years_new)
    return str(_("%(title)s (vervolg)") % {"title": title})


class DoelForm(forms.ModelForm):
    accents = forms.ModelMultipleChoiceField(
        label=_("Accenten"),
        queryset=Accent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bij welke accenten van het Ontwikkelmodel hoort dit doel?"),
        error_messages={"invalid_choice": _("Kies accenten uit de lijst.")},
    )
    achieved = forms.BooleanField(label=_("Dit doel is bereikt"), required=False)

    class Meta:
        model = Doel
        fields = ["horizon", "text", "accents", "priority", "achieved_at"]
        widgets = {
            "horizon": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
            "achieved_at": date_widget(),
        }
        help_texts = {
            "priority": _("Leeg laten als het doel niet uit een ronde komt."),
            "achieved_at": _("Een bereikt doel is een mijlpaal: het verschijnt op het dashboard."),
        }
        error_messages = {
            "text": {
                "required": _("Beschrijf het doel."),
                "max_length": _("Houd het doel korter dan %(limit_value)d tekens."),
            },
            "horizon": {"invalid_choice": _("Kies de termijn van het doel.")},
            "achieved_at": DATE_ERRORS,
        }

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["horizon"].choices = GoalHorizon.choices
        chosen = (
            list(self.instance.accents.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["accents"].queryset = (
            Accent.objects.filter(Q(groeilaag__version__is_current=True) | Q(pk__in=chosen))
            .select_related("groeilaag")
            .order_by("groeilaag__number", "order")
        )
        self.fields["accents"].label_from_instance = lambda a: f"{a.groeilaag.name}: {a.name}"
        self.fields["priority"].widget.attrs.update(min=1, max=5)
        self.fields["achieved"].initial = bool(self.instance.achieved_at)
        self.order_fields(["horizon", "text", "accents", "priority", "achieved", "achieved_at"])

    def clean_priority(self):
        priority = self.cleaned_data.get("priority")
        if priority is not None and not 1 <= priority <= 5:
            raise forms.ValidationError(_("Een prioriteit uit een ronde is 1 tot en met 5."))
        return priority

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("achieved_at")
        # Ticked, or a date filled in: achieved. Unticking an achieved goal undoes it.
        was_achieved = bool(self.instance.pk and self.instance.achieved_at)
        if cleaned.get("achieved") or (day and not was_achieved):
            cleaned["achieved_at"] = day or self.today
            if cleaned["achieved_at"] > self.today:
                self.add_error("achieved_at", _("Een doel kan niet in de toekomst bereikt zijn."))
        elif "achieved_at" in cleaned:
            cleaned["achieved_at"] = None
        return cleaned


# --- Conflicts: someone else saved the same row since the form was opened ----------


def _normal(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return sorted(_normal(v) for v in value)
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value


def _display(field, value) -> str:
    if value in (None, "", [], ()):
        return "—"
    if getattr(field, "choices", None) is not None and not isinstance(field, forms.BooleanField):
        labels = {str(key): str(label) for key, label in field.choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def conflict_changes(form: forms.ModelForm, stored: models.Model) -> list[dict]:
    """The fields where what is stored now differs from what the user posted.

    Each change: label, theirs (stored now), yours (posted), both readable.
    """
    changes = []
    for name in form._meta.fields:
        field = form.fields.get(name)
        if field is None:
            continue
        theirs = forms.model_to_dict(stored, fields=[name]).get(name)
        try:
            yours = field.clean(form[name].data)
        except forms.ValidationError:
            yours = form[name].data
        theirs, yours = _normal(theirs), _normal(yours)
        if theirs != yours:
            changes.append(
                {
                    "label": field.label,
                    "theirs": _display(field, theirs),
                    "yours": _display(field, yours),
                }
            )
    return changes
