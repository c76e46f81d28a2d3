"""Werkmomenten (Bijlage 12): the meeting, the team's reflection round and its results.

Every member opens the werkmomenten and answers the reflection questions (on a
phone too); the werkgroep and the schoolleiding edit the structure, send the
round, choose the topics, close the round and note ontwikkelpunten; trainers
also read the results. Anonymity is decided in phases/werkmomenten.py: these
views never look up who wrote an anonymous answer.
"""

import csv

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from phases import werkmomenten as rules
from phases.forms.werkmomenten import (
    AnswerForm,
    ChooseTopicsForm,
    OntwikkelpuntForm,
    PartFormSet,
    QuestionFormSet,
    SendRoundForm,
    WerkmomentForm,
    question_rows,
)
from phases.models import (
    Ontwikkelpunt,
    ReflectionRound,
    SessionKind,
    TrainingSession,
    Werkmoment,
)
from schools import audit
from schools.access import school_view


def _werkmoment(access, werkmoment_id) -> Werkmoment:
    return get_object_or_404(
        Werkmoment.objects.select_related("session", "after_session", "reflection_round"),
        pk=werkmoment_id,
        session__school=access.school,
    )


def _round(werkmoment) -> ReflectionRound:
    reflection_round = rules.round_or_none(werkmoment)
    if reflection_round is None:
        raise Http404
    return reflection_round


def _today():
    return timezone.localdate()


def _base(request, access, werkmoment=None, **extra) -> dict:
    user = request.user
    return {
        "access": access,
        "school": access.school,
        "werkmoment": werkmoment,
        "session": werkmoment.session if werkmoment else None,
        "can_manage": user.has_perm("phases.manage_werkmomenten", access),
        "can_see_results": user.has_perm("phases.view_reflection_results", access),
        "can_change_plan": user.has_perm("actieplan.change_plan", access),
        "can_change_sessions": user.has_perm("phases.change_plan", access),
        "today": _today(),
        **extra,
    }


def _detail(access, werkmoment, anchor=""):
    response = redirect("werkmoment_detail", access.school.slug, werkmoment.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# The list and one werkmoment ------------------------------------------------


@school_view("phases.view_werkmomenten")
def werkmoment_list(request, access):
    rules.ensure_werkmomenten(access.school)
    werkmomenten = list(
        Werkmoment.objects.filter(session__school=access.school)
        .select_related("session", "after_session", "reflection_round")
        .annotate(answered=Count("reflection_round__answers"))
        .order_by("session__date", "session__start_time")
    )
    rounds = [r for r in (rules.round_or_none(w) for w in werkmomenten) if r is not None]
    mine = rules.answered_rounds(rounds, access.membership)
    today = _today()
    rows = []
    for werkmoment in werkmomenten:
        reflection_round = rules.round_or_none(werkmoment)
        rows.append(
            {
                "werkmoment": werkmoment,
                "round": reflection_round,
                "open": reflection_round is not None and rules.is_open(reflection_round, today),
                "answered_by_me": reflection_round is not None and reflection_round.pk in mine,
            }
        )
    context = _base(
        request, access, rows=rows, team_size=rules.members_to_ask(access.school).count()
    )
    return TemplateResponse(request, "phases/werkmoment_list.html", context)


@school_view("phases.view_werkmomenten")
def session_werkmoment(request, access, session_id):
    """From the training plan: the session's werkmoment, made the first time it is opened."""
    session = get_object_or_404(
        TrainingSession, pk=session_id, school=access.school, kind=SessionKind.WERKMOMENT
    )
    return _detail(access, rules.ensure_werkmoment(session))


@school_view("phases.view_werkmomenten")
def werkmoment_detail(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    return TemplateResponse(
        request, "phases/werkmoment_detail.html", _detail_context(request, access, werkmoment)
    )


def _detail_context(request, access, werkmoment, ontwikkelpunt_form=None) -> dict:
    parts = list(werkmoment.parts.all())
    reflection_round = rules.round_or_none(werkmoment)
    context = _base(
        request,
        access,
        werkmoment,
        parts=parts,
        timing=rules.timing(werkmoment, parts),
        round=reflection_round,
        chosen_topics=list(werkmoment.chosen_topics.order_by("order", "pk")),
        ontwikkelpunten=list(werkmoment.ontwikkelpunten.all()),
        ontwikkelpunt_form=ontwikkelpunt_form or OntwikkelpuntForm(),
    )
    if reflection_round is not None:
        context["round_open"] = rules.is_open(reflection_round, context["today"])
        context["my_answer"] = bool(rules.answered_rounds([reflection_round], access.membership))
        if context["can_see_results"]:
            context["answered"] = reflection_round.answers.count()
            context["invited"] = rules.invited_members(reflection_round).count()
    return context


@school_view("phases.manage_werkmomenten")
def werkmoment_edit(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    data = request.POST if request.method == "POST" else None
    form = WerkmomentForm(data, instance=werkmoment)
    parts = PartFormSet(data, instance=werkmoment, prefix="onderdelen")
    conflict = None
    if request.method == "POST" and form.is_valid() and parts.is_valid():
        with transaction.atomic():
            stored = Werkmoment.objects.select_for_update().get(pk=werkmoment.pk)
            if stored.version != form.cleaned_data["version"] and _differs(stored, form):
                conflict = stored
            else:
                _save_werkmoment(form, parts, stored.version)
        if conflict is None:
            messages.success(request, _("Werkmoment opgeslagen."))
            return _detail(access, werkmoment)
        # Keep the user's input; the next save overwrites the other version knowingly.
        data = data.copy()
        data["version"] = conflict.version
        form = WerkmomentForm(data, instance=werkmoment)
        form.is_valid()
    context = _base(
        request,
        access,
        werkmoment,
        form=form,
        parts=parts,
        conflict=conflict,
        session_minutes=rules.session_minutes(werkmoment.session),
    )
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return TemplateResponse(request, "phases/werkmoment_form.html", context, status=status)


def _differs(stored, form) -> bool:
    return any(
        getattr(stored, name) != form.cleaned_data[name]
        for name in ("preparation", "notes", "after_session")
    )


def _save_werkmoment(form, parts, stored_version) -> None:
    werkmoment = form.save(commit=False)
    werkmoment.version = stored_version + 1
    werkmoment.save()
    last = max((p.order for p in werkmoment.parts.all()), default=0)
    for part in parts.save(commit=False):
        if part.order is None:
            last += 1
            part.order = last
        part.save()
    for part in parts.deleted_objects:
        part.delete()


# Sending the reflection round -----------------------------------------------


@school_view("phases.manage_werkmomenten")
def reflection_send(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    if rules.round_or_none(werkmoment) is not None:
        messages.info(request, _("De reflectievragen voor dit werkmoment zijn al verstuurd."))
        return _detail(access, werkmoment)
    today = _today()
    if request.method == "POST":
        form = SendRoundForm(request.POST, werkmoment=werkmoment, today=today)
        questions = QuestionFormSet(request.POST, prefix="vragen")
    else:
        form = SendRoundForm(
            werkmoment=werkmoment,
            today=today,
            initial={
                "closes_on": max(werkmoment.session.date, today),
                "topics": list(rules.topic_templates()),
            },
        )
        questions = QuestionFormSet(prefix="vragen", initial=rules.default_questions())
    team = rules.members_to_ask(access.school)
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        rows = question_rows(questions)
        if not rows:
            questions._non_form_errors = questions.error_class(
                [_("Stel het team minstens één vraag.")]
            )
        else:
            reflection_round = rules.send_round(
                werkmoment,
                user=request.user,
                anonymous=form.cleaned_data["anonymous"],
                closes_on=form.cleaned_data["closes_on"],
                intro=form.cleaned_data["intro"],
                questions=rows,
                topics=form.topic_rows(),
            )
            sent = rules.announce(reflection_round)
            messages.success(
                request,
                ngettext(
                    "De reflectievragen staan klaar en zijn gemaild naar %(count)d persoon.",
                    "De reflectievragen staan klaar en zijn gemaild naar %(count)d mensen.",
                    sent,
                )
                % {"count": sent},
            )
            return _detail(access, werkmoment)
    context = _base(
        request, access, werkmoment, form=form, questions=questions, team_size=team.count()
    )
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "phases/werkmoment_send.html", context, status=status)


# Answering ------------------------------------------------------------------


@school_view("phases.answer_reflection")
def reflection_answer(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    reflection_round = rules.round_or_none(werkmoment)
    if reflection_round is None:
        messages.info(request, _("Voor dit werkmoment zijn nog geen reflectievragen verstuurd."))
        return _detail(access, werkmoment)
    questions = rules.round_questions(reflection_round)
    topics = rules.round_topics(reflection_round)
    answer = rules.answer_of(reflection_round, access.membership)
    texts, chosen = rules.answer_values(answer)
    is_open = rules.is_open(reflection_round, _today())
    conflict = None
    if request.method == "POST" and is_open:
        form = AnswerForm(request.POST, questions=questions, topics=topics)
        if form.is_valid():
            try:
                rules.save_answer(
                    reflection_round,
                    access.membership,
                    texts=form.texts(),
                    topic_ids=set(form.cleaned_data["topics"]),
                    version=form.cleaned_data["version"],
                )
            except rules.AnswerConflict as error:
                conflict = error.current
                texts, chosen = rules.answer_values(conflict)
                data = request.POST.copy()
                data["version"] = conflict.version
                form = AnswerForm(data, questions=questions, topics=topics)
                form.is_valid()
            else:
                messages.success(
                    request,
                    _(
                        "Dank je wel! Je antwoorden zijn opgeslagen. Je kunt ze aanpassen tot "
                        "en met %(day)s."
                    )
                    % {"day": date_format(reflection_round.closes_on, "l j F")},
                )
                return redirect("reflection_answer", access.school.slug, werkmoment.pk)
    else:
        initial = {AnswerForm.field_name(q): texts.get(q.pk, "") for q in questions}
        initial.update(topics=sorted(chosen), version=answer.version if answer else None)
        form = AnswerForm(initial=initial, questions=questions, topics=topics)
    context = _base(
        request,
        access,
        werkmoment,
        round=reflection_round,
        form=form,
        answer=answer,
        is_open=is_open,
        conflict=conflict,
        stored=[(q, texts.get(q.pk, "")) for q in questions],
        stored_topics=[t for t in topics if t.pk in chosen],
        topic_options=list(zip(form["topics"], topics, strict=True)),
    )
    if request.method == "POST" and not is_open:
        messages.error(
            request, _("Deze reflectieronde is gesloten: je antwoord is niet gewijzigd.")
        )
        status = 400
    elif conflict is not None:
        status = 409
    else:
        status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "phases/werkmoment_answer.html", context, status=status)


# What the werkgroep sees ----------------------------------------------------


@school_view("phases.view_reflection_results")
def reflection_results(request, access, werkmoment_id):
    return _results_page(request, access, _werkmoment(access, werkmoment_id))


def _results_page(request, access, werkmoment, choose_form=None):
    reflection_round = _round(werkmoment)
    result = rules.results(reflection_round)
    chosen = set(werkmoment.chosen_topics.values_list("pk", flat=True))
    context = _base(
        request,
        access,
        werkmoment,
        round=reflection_round,
        result=result,
        round_open=rules.is_open(reflection_round, _today()),
        chosen=chosen,
        choose_form=choose_form,
        missed=rules.missed_training(werkmoment),
        reminders_sent=reflection_round.reminders.count(),
    )
    return TemplateResponse(
        request,
        "phases/werkmoment_results.html",
        context,
        status=400 if choose_form is not None else 200,
    )


@school_view("phases.manage_werkmomenten")
@require_POST
def reflection_choose_topics(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    reflection_round = _round(werkmoment)
    form = ChooseTopicsForm(request.POST, topics=rules.round_topics(reflection_round))
    if not form.is_valid():
        return _results_page(request, access, werkmoment, choose_form=form)
    werkmoment.chosen_topics.set(form.cleaned_data["topics"])
    messages.success(
        request,
        ngettext(
            "%(count)d onderwerp gekozen voor het werkmoment.",
            "%(count)d onderwerpen gekozen voor het werkmoment.",
            len(form.cleaned_data["topics"]),
        )
        % {"count": len(form.cleaned_data["topics"])},
    )
    return redirect("reflection_results", access.school.slug, werkmoment.pk)


@school_view("phases.manage_werkmomenten")
@require_POST
def reflection_close(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    reflection_round = _round(werkmoment)
    if reflection_round.closed_at is None:
        rules.close_round(reflection_round)
        messages.success(request, _("De reflectieronde is gesloten; antwoorden liggen nu vast."))
    return redirect("reflection_results", access.school.slug, werkmoment.pk)


@school_view("phases.manage_werkmomenten")
@require_POST
def reflection_remind(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    reflection_round = _round(werkmoment)
    if not rules.is_open(reflection_round, _today()):
        messages.error(request, _("De ronde is gesloten: er gaan geen herinneringen meer uit."))
        return redirect("reflection_results", access.school.slug, werkmoment.pk)
    reminded = rules.remind(reflection_round)
    count = len(reminded.to)
    if count:
        messages.success(
            request,
            ngettext(
                "Herinnering gestuurd aan %(count)d persoon die nog niet heeft geantwoord.",
                "Herinnering gestuurd aan %(count)d mensen die nog niet hebben geantwoord.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(
            request,
            _(
                "Er is niemand meer om te herinneren: wie nog niet antwoordde, kreeg al een "
                "herinnering (iedereen krijgt er hoogstens één)."
            ),
        )
    return redirect("reflection_results", access.school.slug, werkmoment.pk)


# The answers as CSV ---------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a quote."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@school_view("phases.view_reflection_results")
def reflection_export(request, access, werkmoment_id):
    """One row per answer; a name column only when the round is not anonymous."""
    werkmoment = _werkmoment(access, werkmoment_id)
    reflection_round = _round(werkmoment)
    questions = rules.round_questions(reflection_round)
    answers = reflection_round.answers.prefetch_related(
        "texts", Prefetch("topics", queryset=reflection_round.topics.order_by("order", "pk"))
    )
    if reflection_round.anonymous:
        answers = answers.order_by("respondent_key")
    else:
        answers = answers.select_related("respondent__user").order_by(
            "respondent__user__full_name", "pk"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"reflectie {werkmoment.session.display_title} {werkmoment.session.date}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    header = [] if reflection_round.anonymous else [_("Naam")]
    header += [q.text for q in questions] + [_("Onderwerpen")]
    writer.writerow([csv_cell(h) for h in header])
    for answer in answers:
        texts = {t.question_id: t.text for t in answer.texts.all()}
        row = [] if reflection_round.anonymous else [rules.display_name(answer.respondent)]
        row += [texts.get(q.pk, "") for q in questions]
        row.append("; ".join(t.title for t in answer.topics.all()))
        writer.writerow([csv_cell(cell) for cell in row])
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        school=access.school,
        subject=f"reflectieronde {reflection_round.pk}",
        detail="anoniem" if reflection_round.anonymous else "",
    )
    return response


# Ontwikkelpunten ------------------------------------------------------------


@school_view("phases.manage_werkmomenten")
@require_POST
def ontwikkelpunt_add(request, access, werkmoment_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    form = OntwikkelpuntForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, access, werkmoment, ontwikkelpunt_form=form)
        return TemplateResponse(request, "phases/werkmoment_detail.html", context, status=400)
    punt = form.save(commit=False)
    punt.werkmoment = werkmoment
    punt.created_by = request.user
    punt.save()
    messages.success(request, _("Toegevoegd: %(text)s") % {"text": punt.text})
    return _detail(access, werkmoment, "ontwikkelpunten")


@school_view("phases.manage_werkmomenten")
@require_POST
def ontwikkelpunt_delete(request, access, werkmoment_id, ontwikkelpunt_id):
    werkmoment = _werkmoment(access, werkmoment_id)
    punt = get_object_or_404(Ontwikkelpunt, pk=ontwikkelpunt_id, werkmoment=werkmoment)
    punt.delete()
    messages.success(
        request,
        _("Verwijderd: %(text)s. Wat er al in het actieplan stond, blijft daar staan.")
        % {"text": punt.text},
    )
    return _detail(access, werkmoment, "ontwikkelpunten")
