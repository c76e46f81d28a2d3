"""Forms for a school's timeline: filters, inline status, actions, T0 and the phase."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from phases.dates import add_months
from phases.models import ActionStatus, Phase, TimelineAction

# Dates further from today than this are almost certainly typing errors (2062 for 2026).
MAX_YEARS_AWAY = 10

NO_PUPIL_DATA = _("Over de school en het team; nooit over individuele leerlingen.")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_plausible(form, field: str, value: date | None, today: date) -> None:
    """A field error when a date lies more than MAX_YEARS_AWAY years from today."""
    if value is None:
        return
    months = 12 * MAX_YEARS_AWAY
    earliest, latest = add_months(today, -months), add_months(today, months)
    if not earliest <= value <= latest:
        form.add_error(
            field,
            _("Kies een datum tussen %(earliest)s en %(latest)s.")
            % {
                "earliest": date_format(earliest, "j F Y"),
                "latest": date_format(latest, "j F Y"),
            },
        )


# Filters ------------------------------------------------------------------

TODO = "nog_te_doen"
OVERDUE = "te_laat"
NO_OWNER = "geen"


class TimelineFilterForm(forms.Form):
    """Which rows the timeline shows. Submitted with GET; works without JavaScript."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            (TODO, _("Nog te doen (open of bezig)")),
            (OVERDUE, _("Te laat")),
            *ActionStatus.choices,
        ],
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    owner = forms.ChoiceField(
        label=_("Eigenaar"),
        required=False,
        error_messages={"invalid_choice": _("Kies een eigenaar uit de lijst.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Iedereen")),
            (NO_OWNER, _("Zonder eigenaar")),
            *((str(m.pk), str(m.user)) for m in members),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def matcher(self, today: date):
        """A function telling whether an action passes the filter; all pass when invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        status, owner = data.get("status", ""), data.get("owner", "")

        def matches(action: TimelineAction) -> bool:
            if status == TODO and action.is_closed:
                return False
            if status == OVERDUE and not action.is_overdue(today):
                return False
            if status in ActionStatus.values and action.status != status:
                return False
            if owner == NO_OWNER:
                return action.owner_id is None
            return not owner or str(action.owner_id) == owner

        return matches

    @property
    def is_active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


# Inline status --------------------------------------------------------------


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        error_messages={
            "required": _("Kies een status."),
            "invalid_choice": _(
                "Onbekende status. Kies open, bezig, gedaan of niet van toepassing."
            ),
        },
    )


# Actions ------------------------------------------------------------------


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return str(membership.user)


class ActionForm(forms.ModelForm):
    """An action on the timeline; owners are members of this school only."""

    owner = MemberField(
        label=_("Eigenaar"),
        queryset=None,
        required=False,
        empty_label=_("Nog niemand"),
        error_messages={"invalid_choice": _("Kies iemand van deze school.")},
    )

    class Meta:
        model = TimelineAction
        fields = TimelineAction.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "planned_start": _date_widget(),
            "planned_end": _date_widget(),
            "done_on": _date_widget(),
        }
        help_texts = {
            "description": NO_PUPIL_DATA,
            "notes": NO_PUPIL_DATA,
            "done_on": _("Leeg laten bij de status gedaan vult de datum van vandaag in."),
        }
        error_messages = {
            "title": {"required": _("Geef de actie een naam.")},
            "planned_start": {"required": _("Vul in vanaf wanneer de actie gepland is.")},
            "planned_end": {"required": _("Vul in wanneer de actie uiterlijk klaar is.")},
        }

    def __init__(self, *args, school, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["owner"].queryset = school.memberships.select_related("user").order_by(
            "user__full_name", "user__email"
        )
        self.fields["planned_start"].required = True
        self.fields["planned_end"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        check_plausible(self, "planned_start", start, self.today)
        check_plausible(self, "planned_end", end, self.today)
        if start and end and end < start:
            self.add_error(
                "planned_end", _("De einddatum ligt vóór de begindatum. Kies een latere datum.")
            )
        done_on = cleaned.get("done_on")
        if done_on and done_on > self.today:
            self.add_error(
                "done_on",
                _("Deze datum ligt in de toekomst. Vul de dag in waarop de actie gedaan is."),
            )
        else:
            check_plausible(self, "done_on", done_on, self.today)
        status = cleaned.get("status")
        if status == ActionStatus.GEDAAN and "done_on" in cleaned and not done_on:
            cleaned["done_on"] = self.today
        elif status and status != ActionStatus.GEDAAN:
            cleaned["done_on"] = None
        return cleaned


class ActionEditForm(ActionForm):
    # The history record the user started from: a newer one means someone else saved.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionAddForm(ActionForm):
    phase = forms.ModelChoiceField(
        label=_("Fase"),
        queryset=Phase.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een van de vier fasen.")},
    )

    class Meta(ActionForm.Meta):
        fields = [
            "phase",
            "title",
            "description",
            "planned_start",
            "planned_end",
            "owner",
            "notes",
        ]


# T0 and the phase -----------------------------------------------------------


class T0Form(forms.Form):
    t0 = forms.DateField(
        label=_("Start teamtraining (T0)"),
        widget=_date_widget(),
        help_text=_(
            "De dag van de eerste trainingsmodule. De geplande data van de acties worden "
            "hiervan afgeleid."
        ),
        error_messages={
            "required": _("Vul de startdatum van de teamtraining in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )

    def __init__(self, *args, first_time: bool, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_time = first_time
        self.today = today

    def clean_t0(self):
        t0 = self.cleaned_data["t0"]
        if self.first_time and t0 < self.today:
            raise forms.ValidationError(
                _("T0 ligt in het verleden. Kies voor een nieuw plan een datum vanaf vandaag.")
            )
        return t0

    def clean(self):
        cleaned = super().clean()
        check_plausible(self, "t0", cleaned.get("t0"), self.today)
        return cleaned


class PhaseOverrideForm(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Fase"),
        queryset=Phase.objects.all(),
        required=False,
        empty_label=_("Automatisch"),
        error_messages={"invalid_choice": _("Kies een van de vier fasen.")},
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Nodig als je de fase met de hand kiest. Over de school; nooit over individuele "
            "leerlingen."
        ),
        error_messages={"max_length": _("Houd de reden korter dan %(limit_value)d tekens.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phase") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Geef een reden als je de fase met de hand kiest."))
        return cleaned
