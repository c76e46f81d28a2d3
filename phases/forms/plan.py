"""Forms of the team-training plan: sessions, groups, attendance and follow-up."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phases.models import Attendance, SessionKind, TrainingGroup, TrainingSession
from phases.planning import check_session, default_times
from schools.models import Membership


def trainer_label(membership) -> str:
    user = membership.user
    parts = [str(user)]
    if membership.trainer_kind:
        parts.append(membership.get_trainer_kind_display())
    if user.background:
        parts.append(user.get_background_display())
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


def school_trainers(school, current=()):
    """The school's trainers, plus anyone already chosen who lost the role since."""
    return (
        Membership.objects.filter(school=school)
        .filter(Q(trainer=True) | Q(pk__in=[m.pk for m in current]))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "location",
            "trainers",
            "groups",
        ]
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "end_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "trainers": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _(
                "Laat leeg om de soort als naam te gebruiken, of schrijf bijvoorbeeld "
                "‘Werkmoment 2’."
            ),
            "date": _("Modules 3 en 4 mogen op dezelfde dag."),
            "end_time": _("Module: ongeveer 3 uur en 15 minuten. Werkmoment: 1,5 uur."),
            "location": _("Bijvoorbeeld de teamkamer of de gymzaal."),
        }

    def __init__(self, *args, school, t0=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.t0 = t0
        current = list(self.instance.trainers.all()) if self.instance.pk else []
        self.fields["trainers"].queryset = school_trainers(school, current)
        self.fields["trainers"].label_from_instance = trainer_label
        self.fields["groups"].queryset = TrainingGroup.objects.filter(school=school)
        self.fields["kind"].choices = [("", _("Kies een soort")), *SessionKind.choices]
        if not self.instance.pk:
            kind = self.initial.get("kind")
            if kind in SessionKind.values:
                self.initial["start_time"], self.initial["end_time"] = default_times(kind)

    def clean(self):
        cleaned = super().clean()
        problems = check_session(
            self.school,
            kind=cleaned.get("kind"),
            day=cleaned.get("date"),
            start=cleaned.get("start_time"),
            end=cleaned.get("end_time"),
            t0=self.t0,
            session_pk=self.instance.pk,
        )
        for field, messages in problems.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned


class GroupForm(forms.ModelForm):
    class Meta:
        model = TrainingGroup
        fields = ["name", "participant_count", "trainers"]
        widgets = {"trainers": forms.CheckboxSelectMultiple}
        help_texts = {
            "participant_count": _("Het handboek adviseert hoogstens 20 deelnemers per groep."),
            "trainers": _(
                "Het handboek adviseert twee trainers per groep: één uit het onderwijs "
                "en één uit de zorg."
            ),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        current = list(self.instance.trainers.all()) if self.instance.pk else []
        self.fields["trainers"].queryset = school_trainers(school, current)
        self.fields["trainers"].label_from_instance = trainer_label

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = TrainingGroup.objects.filter(school=self.school, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Er is al een groep met deze naam."))
        return name


class AttendanceForm(forms.Form):
    """Who was present: one checkbox per person on the list."""

    present = forms.MultipleChoiceField(
        label=_("Aanwezig"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.pk), str(m.user)) for m in people]


class FollowUpForm(forms.ModelForm):
    """One absence's follow-up; the page shows the note's help text once, above the list."""

    class Meta:
        model = Attendance
        fields = ["follow_up", "note"]
        widgets = {
            "follow_up": forms.Select(attrs={"class": "form-select"}),
            "note": forms.TextInput(
                attrs={"class": "form-control", "aria-describedby": "missed-note-help"}
            ),
        }
