"""Forms of the conversation after the leader checklist: pairs, notes, agreements."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ontwikkelmodel.checklist_talk import pair_errors
from ontwikkelmodel.forms import PRIVACY_HELP, _max_length_message
from ontwikkelmodel.models import ChecklistAgreement, ChecklistNote

NOTE_MAX = ChecklistNote._meta.get_field("text").max_length
# An agreement's date lies within this many years of today.
YEARS_AWAY = 5


class PairsForm(forms.Form):
    """One choice per participant: the number of their pair (or none yet)."""

    def __init__(self, *args, participants, locked=(), initial_pairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.locked = set(locked)
        used = [p.pair for p in participants if p.pair]
        count = max(len(participants) // 2, 1, *used)
        choices = [("", _("nog niet ingedeeld"))] + [
            (n, _("Tweetal %(n)s") % {"n": n}) for n in range(1, count + 1)
        ]
        initial_pairs = initial_pairs or {}
        for participant in participants:
            self.fields[self.key(participant)] = forms.TypedChoiceField(
                label=participant.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_pairs.get(participant.pk, participant.pair),
                error_messages={"invalid_choice": _("Kies een tweetal uit de lijst.")},
            )

    @staticmethod
    def key(participant) -> str:
        return f"pair-{participant.pk}"

    def rows(self):
        return [(participant, self[self.key(participant)]) for participant in self.participants]

    def assignment(self) -> dict[int, int | None]:
        return {p.pk: self.cleaned_data.get(self.key(p)) for p in self.participants}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for message in pair_errors(self.participants, self.assignment(), self.locked):
                self.add_error(None, message)
        return cleaned


class NotesForm(forms.Form):
    """A notes field per conversation question, each with the version it was opened at."""

    def __init__(self, *args, questions, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            note = notes.get(question.pk)
            self.fields[self.text_key(question)] = forms.CharField(
                label=question.text,
                required=False,
                max_length=NOTE_MAX,
                strip=False,
                initial=note.text if note else "",
                help_text=PRIVACY_HELP,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": _max_length_message()},
            )
            self.fields[self.version_key(question)] = forms.IntegerField(
                required=False,
                min_value=0,
                initial=note.version if note else 0,
                widget=forms.HiddenInput,
            )

    @staticmethod
    def text_key(question) -> str:
        return f"note-{question.pk}"

    @staticmethod
    def version_key(question) -> str:
        return f"version-{question.pk}"

    def rows(self, notes=None, conflicts=None) -> list[dict]:
        """Per question: its field, hidden version, stored note and conflict (if any)."""
        notes, conflicts = notes or {}, conflicts or {}
        return [
            {
                "question": question,
                "field": self[self.text_key(question)],
                "version": self[self.version_key(question)],
                "note": notes.get(question.pk),
                "conflict": conflicts.get(question.pk),
            }
            for question in self.questions
        ]

    def posted(self) -> dict[int, tuple[str, int]]:
        """{question id: (text, version)} for checklist_talk.save_notes."""
        return {
            q.pk: (
                self.cleaned_data.get(self.text_key(q)) or "",
                self.cleaned_data.get(self.version_key(q)) or 0,
            )
            for q in self.questions
        }

    def keep_theirs_version(self, conflicts) -> None:
        """After a conflict the form saves the user's text over the stored version next time."""
        data = self.data.copy()
        for conflict in conflicts:
            data[self.version_key(conflict.question)] = str(conflict.version)
        self.data = data


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = ChecklistAgreement
        fields = ["what", "who", "when", "accent_code"]
        labels = {
            "what": _("Wat"),
            "who": _("Wie"),
            "when": _("Wanneer"),
            "accent_code": _("Accent van Richting geven"),
        }
        help_texts = {
            "what": _("Een concrete afspraak. Schrijf geen namen of gegevens van leerlingen op."),
            "who": _("Wie zorgt ervoor dat het gebeurt?"),
            "when": _("Wanneer is het gedaan? Laat leeg als jullie dat later afspreken."),
            "accent_code": _("Bij welk accent hoort de afspraak? Zo blijkt jullie prioriteit."),
        }
        widgets = {
            "what": forms.TextInput(),
            "when": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "what": {
                "required": _("Schrijf op wat jullie afspreken."),
                "max_length": _max_length_message(),
            },
            "who": {
                "required": _("Schrijf op wie het doet."),
                "max_length": _max_length_message(),
            },
            "when": {"invalid": _("Vul een geldige datum in, zoals 15-03-2026.")},
            "accent_code": {"invalid_choice": _("Kies een accent uit de lijst.")},
        }

    def __init__(self, *args, today: date, version: int = 0, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.today = today
        self.fields["version"].initial = version
        self.fields["accent_code"].choices = [("", _("(geen accent)"))] + [
            choice for choice in self.fields["accent_code"].choices if choice[0]
        ]
        self.fields["when"].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]

    def _required_text(self, name):
        value = " ".join((self.cleaned_data.get(name) or "").split())
        if not value:
            raise forms.ValidationError(self.fields[name].error_messages["required"])
        return value

    def clean_what(self):
        return self._required_text("what")

    def clean_who(self):
        return self._required_text("who")

    def clean_when(self):
        when = self.cleaned_data.get("when")
        if when is None:
            return None
        earliest = self.today.replace(
            year=self.today.year - YEARS_AWAY, day=min(self.today.day, 28)
        )
        latest = self.today.replace(year=self.today.year + YEARS_AWAY, day=min(self.today.day, 28))
        if not earliest <= when <= latest:
            raise forms.ValidationError(
                _("Kies een datum tussen %(earliest)s en %(latest)s.")
                % {
                    "earliest": date_format(earliest, "j F Y"),
                    "latest": date_format(latest, "j F Y"),
                }
            )
        return when

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("what", "who", "when", "accent_code")}
