"""Forms of the voorgesprek pages: a new meeting, participants, own prompts, afspraken.

The notes themselves are not forms: they save one field at a time (see
phases/views/voorgesprek_fields.py and schools/autosave.py).
"""

from datetime import timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from phases.forms.timeline import check_plausible
from phases.models import Afspraak, VoorgesprekKind, VoorgesprekTheme

# An afspraak may be recorded afterwards, but not with a date long before the meeting.
AFSPRAAK_MAX_DAYS_BEFORE = 365


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def member_label(membership) -> str:
    roles = ", ".join(membership.role_labels())
    return f"{membership.user} · {roles}" if roles else str(membership.user)


class ParticipantsField(forms.ModelMultipleChoiceField):
    """Checkboxes of this school's members, with their roles."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid_choice": _("Kies mensen van deze school.")})
        super().__init__(queryset=None, **kwargs)

    def label_from_instance(self, membership):
        return member_label(membership)


class ParticipantsForm(forms.Form):
    participants = ParticipantsField(
        label=_("Deelnemers"),
        help_text=_(
            "Het handboek vraagt de directie, een externe trainer en minstens twee anderen "
            "uit het (management)team."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        # The members are loaded once by the view (with their users).
        self.fields["participants"].queryset = members
        self.members = list(members)


class VoorgesprekForm(ParticipantsForm):
    kind = forms.ChoiceField(
        label=_("Soort gesprek"),
        choices=VoorgesprekKind.choices,
        initial=VoorgesprekKind.VERKENNEND,
        widget=forms.RadioSelect,
        help_text=_(
            "Het praktisch voorgesprek, ongeveer twee maanden voor T0, volgt dezelfde agenda."
        ),
        error_messages={
            "required": _("Kies de soort gesprek."),
            "invalid_choice": _("Kies verkennend of praktisch."),
        },
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=_date_widget(),
        error_messages={
            "required": _("Vul de datum van het gesprek in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    location = forms.CharField(
        label=_("Locatie"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Hoogstens %(limit_value)d tekens.")},
    )
    field_order = ["kind", "date", "location", "participants"]

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        check_plausible(self, "date", data.get("date"), self.today)
        return data


class PromptAddForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=VoorgesprekTheme.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Dit thema hoort niet bij dit gesprek."),
            "required": _("Kies een thema."),
        },
    )
    text = forms.CharField(
        label=_("Eigen vraag"),
        max_length=500,
        error_messages={
            "required": _("Schrijf de vraag op."),
            "max_length": _("Hoogstens %(limit_value)d tekens."),
        },
    )

    def __init__(self, *args, voorgesprek, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = VoorgesprekTheme.objects.filter(voorgesprek=voorgesprek)


class ReorderForm(forms.Form):
    theme = forms.IntegerField()
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class AfspraakForm(forms.ModelForm):
    class Meta:
        model = Afspraak
        fields = ["what", "owner", "due"]
        labels = {"what": _("Wat"), "owner": _("Wie"), "due": _("Wanneer")}
        help_texts = {
            "what": _("Over de school en het team; nooit over individuele leerlingen."),
        }
        widgets = {"due": _date_widget()}
        error_messages = {
            "what": {
                "required": _("Schrijf op wat er gebeurt."),
                "max_length": _("Hoogstens %(limit_value)d tekens."),
            },
            "owner": {
                "required": _("Kies wie dit doet."),
                "invalid_choice": _("Kies iemand van deze school."),
            },
            "due": {
                "required": _("Vul in wanneer het klaar is."),
                "invalid": _("Vul een geldige datum in."),
            },
        }

    def __init__(self, *args, voorgesprek, members, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.voorgesprek = voorgesprek
        self.today = today
        owner = self.fields["owner"]
        owner.queryset = members
        owner.required = True
        owner.label_from_instance = lambda m: str(m.user)
        owner.empty_label = _("Kies wie")

    def clean(self):
        data = super().clean()
        due = data.get("due")
        if due is not None:
            earliest = self.voorgesprek.date - timedelta(days=AFSPRAAK_MAX_DAYS_BEFORE)
            if due < earliest:
                self.add_error(
                    "due",
                    _("Kies een datum na %(date)s: hoogstens een jaar voor het gesprek.")
                    % {"date": date_format(earliest, "j F Y")},
                )
            else:
                check_plausible(self, "due", due, self.today)
        return data
