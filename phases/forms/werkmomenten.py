"""Forms of the werkmomenten: structure, reflection round, answers, topics, ontwikkelpunten."""

from django import forms
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from phases.models import (
    MODULE_KINDS,
    REFLECTION_TEXT_MAX_LENGTH,
    Ontwikkelpunt,
    SessionKind,
    TopicTemplate,
    TrainingSession,
    Werkmoment,
    WerkmomentPart,
)
from phases.werkmomenten import clean_text

NO_PUPIL_DATA = _("Geen namen of gegevens van leerlingen.")


def too_long_message(length: int, limit: int = REFLECTION_TEXT_MAX_LENGTH) -> str:
    return _(
        "Deze tekst is %(length)s tekens lang; er passen er hoogstens %(limit)s. "
        "Maak hem wat korter: je tekst staat er nog."
    ) % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


class LongTextField(forms.CharField):
    """Free text, line breaks counted once, with a clear message past the limit."""

    def __init__(self, *, limit: int = REFLECTION_TEXT_MAX_LENGTH, rows: int = 4, **kwargs):
        self.limit = limit
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise forms.ValidationError(too_long_message(len(value), self.limit), code="too_long")


# The werkmoment and its structure ----------------------------------------------


class WerkmomentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    preparation = LongTextField(
        label=_("Voorbereiding voor het team"),
        limit=5000,
        rows=3,
        help_text=_("Bijvoorbeeld een filmpje kijken of een hoofdstuk lezen."),
    )
    notes = LongTextField(
        label=_("Verslag"),
        rows=6,
        help_text=_(
            "Wat er besproken is en wat het team meeneemt. Geen namen of gegevens van leerlingen."
        ),
    )

    class Meta:
        model = Werkmoment
        fields = ["after_session", "preparation", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance.session
        self.fields["after_session"].queryset = TrainingSession.objects.filter(
            school_id=session.school_id, kind__in=[SessionKind.INTRODUCTIE, *MODULE_KINDS]
        ).order_by("date", "start_time")
        self.fields["after_session"].empty_label = _("Geen")
        self.fields["after_session"].label_from_instance = lambda s: (
            f"{s.display_title} ({date_format(s.date, 'j F Y')})"
        )
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class PartForm(forms.ModelForm):
    class Meta:
        model = WerkmomentPart
        fields = ["title", "minutes", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.NumberInput(attrs={"min": 0, "max": 480, "inputmode": "numeric"}),
        }
        error_messages = {
            "title": {"required": _("Geef dit onderdeel een naam.")},
            "minutes": {
                "required": _("Hoeveel minuten duurt dit onderdeel?"),
                "invalid": _("Vul een heel aantal minuten in."),
                "max_value": _("Een onderdeel duurt hoogstens 480 minuten."),
            },
        }


PartFormSet = forms.inlineformset_factory(
    Werkmoment, WerkmomentPart, form=PartForm, extra=1, can_delete=True, max_num=12
)


# Sending the reflection round ---------------------------------------------------


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Vraag"), max_length=500, required=False)
    help_text = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, max_num=10, absolute_max=20)


class SendRoundForm(forms.Form):
    intro = LongTextField(
        label=_("Begeleidende tekst"),
        limit=2000,
        rows=3,
        help_text=_("Een paar woorden aan het team, bijvoorbeeld waarom jullie dit vragen."),
    )
    anonymous = forms.BooleanField(
        label=_("Anoniem voor de werkgroep"),
        required=False,
        help_text=_(
            "De werkgroep ziet dan alleen hoeveel mensen antwoordden en wat er staat, nooit "
            "wie wat schreef. Dit ligt vast zodra je verstuurt."
        ),
    )
    closes_on = forms.DateField(
        label=_("Invullen kan tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Kies tot wanneer het team kan invullen."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Uit de standaardlijst"),
        queryset=TopicTemplate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_topics = forms.CharField(
        label=_("Eigen onderwerpen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén onderwerp per regel."),
    )

    def __init__(self, *args, werkmoment, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.werkmoment = werkmoment
        self.today = today
        self.fields["topics"].queryset = TopicTemplate.objects.filter(active=True)

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        day = self.werkmoment.session.date
        if closes_on < self.today:
            raise forms.ValidationError(_("Kies vandaag of een dag in de toekomst."))
        if day >= self.today and closes_on > day:
            raise forms.ValidationError(
                _(
                    "Kies een dag op of voor het werkmoment (%(day)s), zodat de werkgroep de "
                    "antwoorden nog kan gebruiken."
                )
                % {"day": date_format(day, "j F Y")}
            )
        return closes_on

    def clean_own_topics(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["own_topics"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Een onderwerp is hoogstens 200 tekens lang."))
        if len(lines) > 20:
            raise forms.ValidationError(_("Hoogstens 20 eigen onderwerpen."))
        return lines

    def topic_rows(self) -> list[dict]:
        chosen = [
            {"title": t.title, "description": t.description} for t in self.cleaned_data["topics"]
        ]
        seen = {row["title"].lower() for row in chosen}
        for title in self.cleaned_data["own_topics"]:
            if title.lower() not in seen:
                chosen.append({"title": title, "description": ""})
                seen.add(title.lower())
        return chosen


def question_rows(formset) -> list[dict]:
    """The filled-in questions of a valid formset, in their order."""
    rows = []
    for form in formset.forms:
        text = " ".join((form.cleaned_data.get("text") or "").split())
        if text:
            help_text = " ".join((form.cleaned_data.get("help_text") or "").split())
            rows.append({"text": text, "help_text": help_text})
    return rows


# Answering -------------------------------------------------------------------------


class AnswerForm(forms.Form):
    """One member's answer: a text per question (each may stay empty) and topics."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, questions, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.field_name(question)] = LongTextField(
                label=question.text, help_text=question.help_text, rows=4
            )
        self.fields["topics"] = forms.TypedMultipleChoiceField(
            label=_("Op welke onderwerpen teken je in?"),
            choices=[(t.pk, t.title) for t in topics],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Kies een onderwerp uit de lijst.")},
        )

    @staticmethod
    def field_name(question) -> str:
        return f"vraag_{question.pk}"

    def question_fields(self):
        return [(q, self[self.field_name(q)]) for q in self.questions]

    def clean(self):
        cleaned = super().clean()
        texts = [cleaned.get(self.field_name(q)) for q in self.questions]
        if not self.errors and not any(texts) and not cleaned.get("topics"):
            raise forms.ValidationError(
                _("Vul minstens één vraag in of teken in op een onderwerp."), code="empty"
            )
        return cleaned

    def texts(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(self.field_name(q), "") for q in self.questions}


# The werkgroep's choices ------------------------------------------------------------


class ChooseTopicsForm(forms.Form):
    topics = forms.TypedMultipleChoiceField(
        label=_("Onderwerpen voor het werkmoment"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies een onderwerp uit de lijst.")},
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.pk, t.title) for t in topics]


class OntwikkelpuntForm(forms.ModelForm):
    class Meta:
        model = Ontwikkelpunt
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"kind": _("Soort"), "text": _("Idee of ontwikkelpunt")}
        help_texts = {"text": NO_PUPIL_DATA}
        error_messages = {
            "kind": {"invalid_choice": _("Kies idee of ontwikkelpunt.")},
            "text": {
                "required": _("Schrijf op wat het team voorstelt."),
                "max_length": _("Hoogstens %(limit_value)d tekens; nu %(show_value)d."),
            },
        }

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())
