"""Forms of a ronde: opening one, the gespreksformulier alone and together, the follow-up.

The answer forms hold one set of fields per accent ("accent-<id>-groeifase", ...)
so the whole gespreksformulier is one form with one save and one version
number. Priorities are checked by ontwikkelmodel.rondes.priority_errors.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ontwikkelmodel.models import GROEIFASES, PRIORITY_RANKS, JointAnswer, Ronde
from ontwikkelmodel.rondes import ANSWER_FIELDS, RankedGoal, priority_errors, role_label

PRIVACY_HELP = _("Schrijf geen namen of gegevens van leerlingen op.")
TEXT_ROWS = 2


def _max_length_message():
    return _("Dit is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d).")


# Opening a ronde ---------------------------------------------------------------


class MemberChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, membership):
        roles = role_label(membership)
        name = membership.user.get_full_name()
        return f"{name} · {roles}" if roles else name


class RondeForm(forms.Form):
    title = forms.CharField(
        label=_("Naam van de ronde"),
        max_length=Ronde._meta.get_field("title").max_length,
        help_text=_("Bijvoorbeeld ‘Module 4, november 2026’ of ‘Jaarlijkse evaluatie 2027’."),
        error_messages={
            "required": _("Geef de ronde een naam."),
            "max_length": _max_length_message(),
        },
    )
    deadline = forms.DateField(
        label=_("Eigen inschatting inleveren vóór"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Tot deze datum vult iedere deelnemer het formulier alleen in."),
        error_messages={
            "required": _("Kies tot wanneer de deelnemers hun formulier kunnen invullen."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 1-12-2026."),
        },
    )
    participants = MemberChoiceField(
        label=_("Deelnemers"),
        queryset=None,
        help_text=_(
            "Kartrekkers, werkgroep, trainers en schoolleiding. Ieder vult eerst alleen het "
            "gespreksformulier in."
        ),
        error_messages={
            "required": _("Kies minstens één deelnemer."),
            "invalid_choice": _("Kies deelnemers uit de lijst van deze school."),
            "invalid_pk_value": _("Kies deelnemers uit de lijst van deze school."),
        },
    )

    def __init__(self, *args, members, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.today = today

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Geef de ronde een naam."))
        return title

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < self.today:
            raise forms.ValidationError(
                _("Deze datum ligt in het verleden; kies vandaag of later.")
            )
        return deadline


# The gespreksformulier: one set of fields per accent ---------------------------


def _groeifase_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("Geen inschatting")), *[(n, str(n)) for n in GROEIFASES]],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Kies groeifase 1, 2, 3 of 4, of ‘geen inschatting’."),
        },
    )


def _text_field(label, model_field, *, textarea=True):
    return forms.CharField(
        label=label,
        max_length=model_field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "class": "form-control"})
        if textarea
        else forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"max_length": _max_length_message()},
    )


class PriorityField(forms.IntegerField):
    """A select of — and 1..5; any other number reaches priority_errors, which explains."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            widget=forms.Select(
                choices=[("", "—"), *[(n, str(n)) for n in PRIORITY_RANKS]],
                attrs={"class": "form-select"},
            ),
            error_messages={"invalid": _("Kies een prioriteit van 1 (hoogste) tot en met 5.")},
            **kwargs,
        )


@dataclass
class FaseOption:
    value: str
    id: str
    checked: bool
    descriptor: object = None


@dataclass
class AccentFields:
    """The bound fields of one accent, for the template."""

    accent: object
    groeifase: forms.BoundField
    strengths: forms.BoundField
    goal: forms.BoundField
    priority: forms.BoundField
    options: list[FaseOption] = field(default_factory=list)
    empty_option: FaseOption | None = None

    @property
    def has_errors(self) -> bool:
        return any(bf.errors for bf in (self.groeifase, self.strengths, self.goal, self.priority))


class VersionedForm(forms.Form):
    """A whole page saved at once, with the version it started from (never overwrite)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def posted_version(self) -> int | None:
        try:
            return int(self.data.get("version", ""))
        except (TypeError, ValueError):
            return None

    def _mark_invalid(self):
        """Bootstrap's invalid look, and the error read out with the field."""
        for name, errors in self.errors.items():
            if name not in self.fields or not errors:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, forms.RadioSelect):
                continue  # the template's fieldset points at its error
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            described = widget.attrs.get("aria-describedby")
            if described:
                widget.attrs["aria-describedby"] = f"{described} {self[name].auto_id}_error"

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._mark_invalid()

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, what, message) for the list at the top of the page."""
        summary = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            anchor = self[name].auto_id
            if isinstance(self.fields[name].widget, forms.RadioSelect):
                anchor = f"{anchor}_1"
            for error in errors:
                summary.append((anchor, self.describe(name), error))
        return summary

    def describe(self, name) -> str:
        return str(self.fields[name].label)


class AnswersForm(VersionedForm):
    """The gespreksformulier for a set of accents: groeifase, strengths, goal, priority."""

    goal_label = _("ontwikkeldoel")
    labels = {
        "groeifase": _("Groeifase"),
        "strengths": _("Sterke punten in de school"),
        "goal": _("Voornaamste ontwikkeldoel"),
        "priority": _("Prioriteit"),
    }

    def __init__(self, *args, accents, answers=None, **kwargs):
        answers = answers or {}
        initial = kwargs.pop("initial", {}) or {}
        for accent in accents:
            answer = answers.get(accent.pk)
            if answer is not None:
                for name in ANSWER_FIELDS:
                    initial.setdefault(self.name_for(accent, name), getattr(answer, name))
        super().__init__(*args, initial=initial, **kwargs)
        self.accents = list(accents)
        model_fields = {name: JointAnswer._meta.get_field(name) for name in ANSWER_FIELDS}
        for accent in self.accents:
            privacy = f"privacy-{accent.pk}"
            self.fields[self.name_for(accent, "groeifase")] = _groeifase_field(
                self.labels["groeifase"]
            )
            for name in ("strengths", "goal"):
                text = _text_field(self.labels[name], model_fields[name])
                text.widget.attrs["aria-describedby"] = privacy
                self.fields[self.name_for(accent, name)] = text
            self.fields[self.name_for(accent, "priority")] = PriorityField(
                label=self.labels["priority"]
            )

    @staticmethod
    def name_for(accent, name: str) -> str:
        return f"accent-{accent.pk}-{name}"

    def describe(self, name) -> str:
        if name.startswith("accent-"):
            accent_id, field_name = name.removeprefix("accent-").split("-", 1)
            accent = next(a for a in self.accents if str(a.pk) == accent_id)
            return f"{accent.name} · {self.labels[field_name]}"
        return super().describe(name)

    def clean(self):
        data = super().clean()
        rows = []
        for accent in self.accents:
            priority_name = self.name_for(accent, "priority")
            if priority_name in self.errors or priority_name not in data:
                continue
            rows.append(
                RankedGoal(
                    key=priority_name,
                    label=accent.name,
                    priority=data[priority_name],
                    goal=data.get(self.name_for(accent, "goal"), ""),
                )
            )
        for name, message in priority_errors(rows, goal_label=str(self.goal_label)).items():
            self.add_error(name, message)
        return data

    def values(self) -> dict[int, dict]:
        """Per accent id the cleaned answer, for rondes.save_own_answers / record_joint."""
        return {
            accent.pk: {
                name: self.cleaned_data.get(self.name_for(accent, name)) for name in ANSWER_FIELDS
            }
            for accent in self.accents
        }

    def fields_for(self, accent, descriptors=None) -> AccentFields:
        """The accent's bound fields, with the radio options and their descriptors."""
        groeifase = self[self.name_for(accent, "groeifase")]
        value = groeifase.value()
        chosen = "" if value in (None, "") else str(value)
        descriptors = descriptors if descriptors is not None else {}
        options = [
            FaseOption(
                value=str(n),
                id=f"{groeifase.auto_id}_{n}",
                checked=chosen == str(n),
                descriptor=descriptors.get(n),
            )
            for n in GROEIFASES
        ]
        return AccentFields(
            accent=accent,
            groeifase=groeifase,
            strengths=self[self.name_for(accent, "strengths")],
            goal=self[self.name_for(accent, "goal")],
            priority=self[self.name_for(accent, "priority")],
            options=options,
            empty_option=FaseOption(value="", id=f"{groeifase.auto_id}_0", checked=chosen == ""),
        )

    # Conflicts: what is stored now against what was posted

    def differences(self, stored) -> list[dict]:
        """Per field where the stored answer differs from this form's input: both, readable."""
        rows = []
        for accent in self.accents:
            answer = stored.get(accent.pk)
            for name in ANSWER_FIELDS:
                theirs = getattr(answer, name) if answer is not None else None
                yours = self._posted(accent, name)
                if _normal(theirs) != _normal(yours):
                    rows.append(
                        {
                            "what": f"{accent.name} · {self.labels[name]}",
                            "theirs": _display(name, theirs),
                            "yours": _display(name, yours),
                        }
                    )
        return rows

    def _posted(self, accent, name):
        key = self.name_for(accent, name)
        if self.is_bound and hasattr(self, "cleaned_data") and key in self.cleaned_data:
            return self.cleaned_data[key]
        return self.data.get(key)


class JointAnswersForm(AnswersForm):
    goal_label = _("volgende stap")
    labels = {
        "groeifase": _("Gezamenlijke groeifase"),
        "strengths": _("Sterke punten in de school"),
        "goal": _("Volgende stap"),
        "priority": _("Prioriteit"),
    }


def _normal(value) -> str:
    return "" if value is None else str(value).strip()


def _display(name, value) -> str:
    value = _normal(value)
    if name == "groeifase":
        return str(_("Groeifase %(n)s") % {"n": value}) if value else str(_("geen inschatting"))
    return value or "—"


# The follow-up of each chosen goal ----------------------------------------------

FOLLOW_UP_HELP = {
    "approach": _("Wat gaan jullie doen, en in welke stappen?"),
    "monitoring": _("Waaraan zien jullie dat het werkt, en hoe vaak kijken jullie?"),
    "monitored_by": _("Een rol of een naam van een collega."),
    "feedback_to_team": _("Bijvoorbeeld in de teamvergadering of de nieuwsbrief."),
}

FOLLOW_UP_COLUMNS = {
    "approach": "col-12",
    "role_management": "col-lg-4",
    "role_werkgroep": "col-lg-4",
    "role_team": "col-lg-4",
    "monitoring": "col-lg-8",
    "monitored_by": "col-lg-4",
    "feedback_to_team": "col-12",
}


class FollowUpForm(VersionedForm):
    """Per chosen goal: how it is worked out, the roles, monitoring and feedback to the team."""

    def __init__(self, *args, goals, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        for goal in goals:
            for name in JointAnswer.FOLLOW_UP_FIELDS:
                initial.setdefault(self.name_for(goal, name), getattr(goal, name))
        super().__init__(*args, initial=initial, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            for name in JointAnswer.FOLLOW_UP_FIELDS:
                model_field = JointAnswer._meta.get_field(name)
                text = _text_field(
                    capfirst(str(model_field.verbose_name)),
                    model_field,
                    textarea=name != "monitored_by",
                )
                help_ids = [f"privacy-{goal.pk}"]
                if name in FOLLOW_UP_HELP:
                    help_ids.insert(0, f"{self.name_for(goal, name)}-help")
                text.widget.attrs["aria-describedby"] = " ".join(help_ids)
                text.help_text = FOLLOW_UP_HELP.get(name, "")
                self.fields[self.name_for(goal, name)] = text

    @staticmethod
    def name_for(goal, name: str) -> str:
        return f"doel-{goal.pk}-{name}"

    def describe(self, name) -> str:
        if name.startswith("doel-"):
            goal_id, field_name = name.removeprefix("doel-").split("-", 1)
            goal = next(g for g in self.goals if str(g.pk) == goal_id)
            label = self.fields[name].label
            return f"{goal.accent.name} · {label}"
        return super().describe(name)

    def fields_for(self, goal) -> list[tuple[forms.BoundField, str]]:
        """The goal's bound fields with their column width on a wide screen."""
        return [
            (self[self.name_for(goal, name)], FOLLOW_UP_COLUMNS[name])
            for name in JointAnswer.FOLLOW_UP_FIELDS
        ]

    def values(self) -> dict[int, dict]:
        return {
            goal.accent_id: {
                name: self.cleaned_data.get(self.name_for(goal, name))
                for name in JointAnswer.FOLLOW_UP_FIELDS
            }
            for goal in self.goals
        }

    def differences(self, stored) -> list[dict]:
        rows = []
        for goal in self.goals:
            answer = stored.get(goal.accent_id)
            for name in JointAnswer.FOLLOW_UP_FIELDS:
                key = self.name_for(goal, name)
                theirs = getattr(answer, name) if answer is not None else ""
                yours = self.data.get(key)
                if _normal(theirs) != _normal(yours):
                    rows.append(
                        {
                            "what": f"{goal.accent.name} · {self.fields[key].label}",
                            "theirs": _display(name, theirs),
                            "yours": _display(name, yours),
                        }
                    )
        return rows


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("open_joint", "close", "reopen")])
    confirm = forms.BooleanField(required=False)
