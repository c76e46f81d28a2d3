"""Forms of the plan page: an actiepunt, its status, its steps and its updates.

Every message is Dutch and sits on its field; bound forms keep what was typed.
People to choose from are the school's own members: a forged id is refused
with a message, never a 500.
"""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actieplan.models import PRIVACY_HELP, Actieplan, Actiepunt, Section, Stap, Status, Update
from phases.forms.timeline import check_plausible
from phases.models import DrivingActivity

ACTIEPUNT_MAX = Actiepunt._meta.get_field("title").max_length
MONITORING_MAX = Actiepunt._meta.get_field("monitoring").max_length
STOP_REASON_MAX = Actiepunt._meta.get_field("stop_reason").max_length
STAP_MAX = Stap._meta.get_field("text").max_length
UPDATE_MAX = Update._meta.get_field("text").max_length
MAX_NEW_STEPS = 30


TOO_LONG = _("Dit is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d).")


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return str(membership.user)


class VersionField(forms.IntegerField):
    """The actiepunt's version the form was opened with (hidden)."""

    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            error_messages={"invalid": _("Het formulier is beschadigd; laad de pagina opnieuw.")},
            **kwargs,
        )


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_stop_reason(form, cleaned: dict) -> None:
    if cleaned.get("status") == Status.GESTOPT and not (cleaned.get("stop_reason") or "").strip():
        form.add_error(
            "stop_reason", _("Schrijf op waarom het actiepunt stopt; dan weet iedereen het later.")
        )


class ActiepuntForm(forms.ModelForm):
    """Adding or editing an actiepunt: the handbook's six columns, status and activity."""

    responsible = MembersField(
        label=_("Wie is verantwoordelijk?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Kies mensen van deze school; %(value)s hoort daar niet bij."),
            "invalid_pk_value": _("Kies mensen van deze school uit de lijst."),
            "invalid_list": _("Kies mensen van deze school uit de lijst."),
        },
    )
    driving_activity = forms.ModelChoiceField(
        label=_("Aanjagende activiteit"),
        queryset=DrivingActivity.objects.all(),
        required=False,
        empty_label=_("Geen keuze"),
        help_text=_("Welke van de drie aanjagende activiteiten dit actiepunt dient."),
        error_messages={"invalid_choice": _("Kies een aanjagende activiteit uit de lijst.")},
    )
    version = VersionField()

    class Meta:
        model = Actiepunt
        fields = Actiepunt.EDITABLE_FIELDS
        labels = {
            "section": _("Groeilaag"),
            "title": _("Actiepunt"),
            "due_date": _("Wanneer afgerond?"),
            "monitoring": _("Hoe wordt de uitvoering gemonitord?"),
            "status": _("Status"),
            "stop_reason": _("Reden van stoppen"),
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "due_date": _date_widget(),
            "monitoring": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "title": PRIVACY_HELP,
            "monitoring": _("Bijvoorbeeld: bespreken in de werkgroep, een korte vragenlijst."),
            "stop_reason": _("Alleen nodig bij de status gestopt."),
        }
        error_messages = {
            "section": {
                "required": _("Kies de groeilaag waar het actiepunt onder valt."),
                "invalid_choice": _("Kies een van de vier groeilagen."),
            },
            "title": {
                "required": _("Beschrijf het actiepunt; het mag niet leeg zijn."),
                "max_length": TOO_LONG,
            },
            "due_date": {"invalid": _("Vul een geldige datum in, zoals 15-03-2026.")},
            "monitoring": {"max_length": TOO_LONG},
            "status": {
                "required": _("Kies een status."),
                "invalid_choice": _("Kies gepland, bezig, afgerond of gestopt."),
            },
            "stop_reason": {"max_length": TOO_LONG},
        }

    def __init__(self, *args, plan: Actieplan, today: date, members=None, **kwargs):
        instance = kwargs.get("instance")
        # Unique ids: several forms can be open on the plan page at once.
        kwargs.setdefault("auto_id", f"ap{instance.pk if instance else 'nieuw'}-%s")
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.today = today
        self.fields["responsible"].queryset = (
            members
            if members is not None
            else plan.school.memberships.select_related("user").order_by(
                "user__full_name", "user__email"
            )
        )
        if "stop_reason" in self.fields:
            self.fields["stop_reason"].widget.attrs["maxlength"] = STOP_REASON_MAX
        blank = [("", _("Kies een groeilaag"))] if instance is None else []
        self.fields["section"].choices = [*blank, *Section.choices]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        due = cleaned.get("due_date")
        if due is not None and due < self.plan.starts_on:
            self.add_error(
                "due_date",
                _("Deze datum ligt vóór de start van het plan (%(start)s). Kies een latere datum.")
                % {"start": date_format(self.plan.starts_on, "j F Y")},
            )
        else:
            check_plausible(self, "due_date", due, self.today)
        check_stop_reason(self, cleaned)
        return cleaned

    def model_values(self) -> dict:
        """The cleaned input as the values `save_actiepunt` takes."""
        return {name: self.cleaned_data[name] for name in Actiepunt.EDITABLE_FIELDS}

    def typed_values(self) -> dict:
        """The user's input as snapshot values, cleaned where valid, else as typed."""
        values = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name in Actiepunt.EDITABLE_FIELDS:
            if name in cleaned:
                value = cleaned[name]
                if name == "responsible":
                    value = frozenset(m.pk for m in value)
                elif name == "driving_activity":
                    value = value.pk if value else None
                values[name] = value
            elif name == "responsible":
                values[name] = frozenset(
                    int(v) for v in self.data.getlist(self.add_prefix(name)) if str(v).isdigit()
                )
            elif name == "driving_activity":
                raw = self.data.get(self.add_prefix(name))
                values[name] = int(raw) if raw and str(raw).isdigit() else None
            else:
                values[name] = self.data.get(self.add_prefix(name)) or None
        return values


class ActiepuntAddForm(ActiepuntForm):
    steps = forms.CharField(
        label=_("Welke stappen zijn er?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén stap per regel. Later kun je stappen afvinken en toevoegen."),
    )

    class Meta(ActiepuntForm.Meta):
        fields = ["section", "title", "responsible", "due_date", "monitoring", "driving_activity"]

    def clean_steps(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["steps"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_NEW_STEPS:
            raise forms.ValidationError(
                _("Hoogstens %(max)d stappen tegelijk; voeg de rest later toe.")
                % {"max": MAX_NEW_STEPS}
            )
        for line in lines:
            if len(line) > STAP_MAX:
                raise forms.ValidationError(
                    _("Een stap mag hoogstens %(max)d tekens hebben: “%(start)s…”.")
                    % {"max": STAP_MAX, "start": line[:40]}
                )
        return lines


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        error_messages={
            "required": _("Kies een status."),
            "invalid_choice": _("Kies gepland, bezig, afgerond of gestopt."),
        },
    )
    stop_reason = forms.CharField(
        label=_("Reden van stoppen"),
        required=False,
        max_length=STOP_REASON_MAX,
        error_messages={"max_length": TOO_LONG},
    )
    version = VersionField()

    def clean(self):
        cleaned = super().clean()
        check_stop_reason(self, cleaned)
        return cleaned


class StapForm(forms.Form):
    text = forms.CharField(
        label=_("Nieuwe stap"),
        max_length=STAP_MAX,
        error_messages={
            "required": _("Beschrijf de stap; hij mag niet leeg zijn."),
            "max_length": TOO_LONG,
        },
    )

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


class StapToggleForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Geef aan of de stap af is."),
            "invalid_choice": _("Geef aan of de stap af is."),
        },
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Nieuwe notitie"),
        max_length=UPDATE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=PRIVACY_HELP,
        error_messages={
            "required": _("Schrijf eerst iets op."),
            "max_length": TOO_LONG,
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Schrijf eerst iets op."))
        return text
