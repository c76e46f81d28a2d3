"""The form of a werkgroep meeting: when, where, who leads, the agenda and the minutes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actieplan.forms.plans import DATE_ERRORS, date_widget
from actieplan.models import Bijeenkomst

MEMBER_ROLES = ("voorzitter", "tijdbewaker", "notulist")
TIME_ERRORS = {"invalid": _("Vul een geldige tijd in, bijvoorbeeld 15:30.")}
NOT_A_MEMBER = _("Kies iemand van deze school uit de lijst.")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name()


class BijeenkomstForm(forms.ModelForm):
    # The version the user started from: a newer one means someone else saved meanwhile.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Bijeenkomst
        fields = [
            "date",
            "start_time",
            "end_time",
            "location",
            *MEMBER_ROLES,
            "agenda",
            "minutes",
        ]
        field_classes = dict.fromkeys(MEMBER_ROLES, MemberChoiceField)
        widgets = {
            "date": date_widget(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "location": _("Bijvoorbeeld ‘teamkamer’ of ‘online’."),
            "agenda": _(
                "Eén punt per regel. Over de school en het team; schrijf geen namen of "
                "gegevens van leerlingen op."
            ),
            "minutes": _(
                "Besluiten en afspraken van de werkgroep. Het hele team kan de notulen lezen: "
                "schrijf geen namen of gegevens van leerlingen op, en niets wat een collega "
                "niet over zichzelf zou willen lezen."
            ),
        }
        error_messages = {
            "date": {"required": _("Vul de datum in."), **DATE_ERRORS},
            "start_time": {"required": _("Vul de begintijd in."), **TIME_ERRORS},
            "end_time": {"required": _("Vul de eindtijd in."), **TIME_ERRORS},
            "location": {"max_length": _("Houd de locatie korter dan %(limit_value)d tekens.")},
            "agenda": {"max_length": _("De agenda is te lang (hoogstens %(limit_value)d tekens).")},
            "minutes": {
                "max_length": _("De notulen zijn te lang (hoogstens %(limit_value)d tekens).")
            },
            **{role: {"invalid_choice": NOT_A_MEMBER} for role in MEMBER_ROLES},
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        members = school.memberships.select_related("user").order_by(
            "user__full_name", "user__email"
        )
        for role in MEMBER_ROLES:
            self.fields[role].queryset = members
            self.fields[role].empty_label = _("— nog niet bekend —")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("De eindtijd moet later zijn dan de begintijd."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get("end_time")
        if errors and len(errors) > 1:
            del errors[1:]
