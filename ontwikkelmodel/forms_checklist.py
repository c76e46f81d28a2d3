"""Forms of the leader checklist: opening a round and filling it in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelmodel.checklist import role_label
from ontwikkelmodel.models import SCORE_LABELS, SCORES

SCORE_PREFIX = "score-"
SCORE_ERROR = _("Kies een score van 1 (helemaal oneens) tot en met 5 (helemaal mee eens).")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        name = membership.user.get_full_name() or membership.user.email
        return f"{name} ({role_label(membership)})"


class ChecklistRoundForm(forms.Form):
    title = forms.CharField(
        label=_("Naam van de ronde"),
        max_length=120,
        error_messages={
            "required": _("Geef de ronde een naam, bijvoorbeeld ‘Checklist MT voorjaar’."),
            "max_length": _("Houd de naam korter dan %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )
    participants = MemberChoiceField(
        label=_("Deelnemers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen schoolleiders en MT-leden van de school doen mee. Met twee of meer kunnen "
            "jullie het gesprek in tweetallen voeren; alleen invullen mag ook."
        ),
        error_messages={
            "required": _("Kies ten minste één deelnemer."),
            "invalid_choice": _("Kies deelnemers uit de lijst: schoolleiders en MT-leden."),
            "invalid_pk_value": _("Kies deelnemers uit de lijst: schoolleiders en MT-leden."),
        },
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members


class ChecklistFillForm(forms.Form):
    """One radio group per statement of the round (score-<statement id>), all optional
    for a draft; handing in checks completeness separately."""

    shares_own_answers = forms.BooleanField(
        label=_("Toon mijn antwoorden met mijn naam in het teamresultaat"),
        required=False,
        help_text=_(
            "Standaard ziet het team alleen hoeveel mensen elk antwoord kozen, zonder namen. "
            "Je kunt dit later nog veranderen."
        ),
    )

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        # The template shows the number beside the label: "1 Helemaal oneens".
        choices = [(str(n), SCORE_LABELS[n]) for n in SCORES]
        for statement in self.statements:
            self.fields[self.field_name(statement)] = forms.TypedChoiceField(
                label=statement.text,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": SCORE_ERROR},
            )

    @staticmethod
    def field_name(statement) -> str:
        return f"{SCORE_PREFIX}{statement.statement_id}"

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            known = {self.field_name(s) for s in self.statements}
            foreign = [k for k in self.data if k.startswith(SCORE_PREFIX) and k not in known]
            if foreign:
                raise forms.ValidationError(
                    _("Je antwoord hoort bij een stelling die niet in deze ronde staat."),
                    code="foreign_statement",
                )
        return cleaned

    def scores(self) -> dict[int, int]:
        """{statement_id: score} of the answered statements (after is_valid)."""
        return {
            s.statement_id: self.cleaned_data[self.field_name(s)]
            for s in self.statements
            if self.cleaned_data.get(self.field_name(s)) is not None
        }

    def rows(self):
        """(round statement, bound field) per statement, in order."""
        return [(s, self[self.field_name(s)]) for s in self.statements]
