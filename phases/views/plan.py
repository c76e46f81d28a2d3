"""The team-training plan: T0, sessions by month, groups, attendance and who missed what."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from phases.forms.plan import AttendanceForm, FollowUpForm, GroupForm, SessionForm
from phases.models import (
    Attendance,
    FollowUp,
    Implementation,
    Ontwikkelpunt,
    ReflectionAnswer,
    SessionKind,
    TrainingGroup,
    TrainingSession,
    school_year_of,
)
from phases.planning import plan_groups, plan_sessions, sessions_by_month, suggest_year_plan
from phases.timeline import today
from schools.access import require, school_view
from schools.models import Membership


def _t0(school):
    implementation = Implementation.objects.filter(school=school).only("t0").first()
    return implementation.t0 if implementation else None


def _base(request, access, **extra):
    return {
        "access": access,
        "school": access.school,
        "can_change": request.user.has_perm("phases.change_plan", access),
        **extra,
    }


# The plan -------------------------------------------------------------------


@school_view("phases.view_plan")
def training_plan(request, access):
    school = access.school
    t0 = _t0(school)
    sessions = plan_sessions(school).annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True)),
        recorded_count=Count("attendance"),
    )
    groups = plan_groups(school)
    context = _base(
        request,
        access,
        t0=t0,
        school_year=school_year_of(t0) if t0 else None,
        months=sessions_by_month(sessions, t0),
        groups=[{"group": group, "warnings": group.warnings()} for group in groups],
        today=today(),
    )
    context["session_count"] = sum(len(month_sessions) for _, month_sessions in context["months"])
    context["groups_with_warnings"] = sum(1 for item in context["groups"] if item["warnings"])
    return TemplateResponse(request, "phases/plan.html", context)


@school_view("phases.change_plan")
@require_POST
def suggest_plan(request, access):
    t0 = _t0(access.school)
    if t0 is None:
        messages.error(request, _("Stel eerst de start van de teamtraining (T0) in."))
        return redirect("training_plan", access.school.slug)
    created = suggest_year_plan(access.school, t0)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d trainingsmoment toegevoegd uit de voorbeeldjaarplanning. Pas data, "
                "tijden, trainers en groepen aan waar nodig.",
                "%(count)d trainingsmomenten toegevoegd uit de voorbeeldjaarplanning. Pas data, "
                "tijden, trainers en groepen aan waar nodig.",
                len(created),
            )
            % {"count": len(created)},
        )
    else:
        messages.info(
            request,
            _(
                "Alle onderdelen van de voorbeeldjaarplanning staan al in de "
                "planning; er is niets toegevoegd."
            ),
        )
    return redirect("training_plan", access.school.slug)


# Sessions -------------------------------------------------------------------


def _school_session(access, session_id):
    return get_object_or_404(TrainingSession, pk=session_id, school=access.school)


@school_view("phases.change_plan")
def session_add(request, access):
    kind = request.GET.get("soort")
    initial = {"kind": kind} if kind in SessionKind.values else {}
    return _session_form(request, access, TrainingSession(school=access.school), initial)


@school_view("phases.change_plan")
def session_edit(request, access, session_id):
    return _session_form(request, access, _school_session(access, session_id))


def _session_form(request, access, session, initial=None):
    is_new = session.pk is None
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        initial=initial,
        school=access.school,
        t0=_t0(access.school),
    )
    if request.method == "POST" and form.is_valid():
        session = form.save()
        if is_new:
            message = _("%(session)s toegevoegd aan de planning.")
        else:
            message = _("%(session)s opgeslagen.")
        messages.success(request, message % {"session": session.display_title})
        return redirect("training_plan", access.school.slug)
    return TemplateResponse(
        request,
        "phases/session_form.html",
        _base(request, access, form=form, session=session, is_new=is_new),
        status=400 if request.method == "POST" else 200,
    )


@school_view("phases.change_plan")
def session_delete(request, access, session_id):
    session = _school_session(access, session_id)
    if request.method == "POST":
        title = session.display_title
        session.delete()
        messages.success(request, _("%(session)s verwijderd uit de planning.") % {"session": title})
        return redirect("training_plan", access.school.slug)
    context = _base(
        request,
        access,
        session=session,
        attendance_count=session.attendance.count(),
        reflection_answer_count=ReflectionAnswer.objects.filter(
            round__werkmoment__session=session
        ).count(),
        ontwikkelpunt_count=Ontwikkelpunt.objects.filter(werkmoment__session=session).count(),
    )
    return TemplateResponse(request, "phases/session_delete.html", context)


# Groups ---------------------------------------------------------------------


@school_view("phases.change_plan")
def group_add(request, access):
    return _group_form(request, access, TrainingGroup(school=access.school))


@school_view("phases.change_plan")
def group_edit(request, access, group_id):
    group = get_object_or_404(plan_groups(access.school), pk=group_id)
    return _group_form(request, access, group)


def _group_form(request, access, group):
    is_new = group.pk is None
    form = GroupForm(
        request.POST if request.method == "POST" else None, instance=group, school=access.school
    )
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("Groep %(name)s opgeslagen.") % {"name": group.name})
        if plan_groups(access.school).get(pk=group.pk).warnings():
            messages.warning(
                request,
                _(
                    "Let op: deze groep volgt niet alle adviezen van het "
                    "handboek. Zie de waarschuwingen bij de groep."
                ),
            )
        return redirect("training_plan", access.school.slug)
    return TemplateResponse(
        request,
        "phases/group_form.html",
        _base(request, access, form=form, group=group, is_new=is_new),
        status=400 if request.method == "POST" else 200,
    )


# Attendance -----------------------------------------------------------------


@school_view("phases.view_plan")
def attendance(request, access, session_id):
    session = get_object_or_404(
        TrainingSession.objects.prefetch_related("groups"), pk=session_id, school=access.school
    )
    recorded = {row.membership_id: row for row in session.attendance.all()}
    people = list(
        Membership.objects.filter(school=access.school)
        .filter(Q(teamlid=True) | Q(pk__in=list(recorded)))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    has_happened = session.date <= today()
    if request.method == "POST":
        require(request, "phases.change_plan", access)
        form = AttendanceForm(request.POST, people=people)
        if not has_happened:
            form.add_error(
                None,
                _(
                    "Dit trainingsmoment is nog niet geweest. Vul de aanwezigheid "
                    "in op de dag zelf of daarna."
                ),
            )
        if form.is_valid():
            present = {int(pk) for pk in form.cleaned_data["present"]}
            save_attendance(session, people, present)
            messages.success(
                request,
                _("Aanwezigheid bij %(session)s opgeslagen: %(present)d van %(total)d aanwezig.")
                % {"session": session.display_title, "present": len(present), "total": len(people)},
            )
            return redirect("training_plan", access.school.slug)
    else:
        # Nothing recorded yet: everyone is ticked, so only the absent need a click.
        ticked = (
            [pk for pk, row in recorded.items() if row.present]
            if recorded
            else [m.pk for m in people]
        )
        form = AttendanceForm(initial={"present": [str(pk) for pk in ticked]}, people=people)
    checked = set(form["present"].value() or [])
    rows = [
        {"membership": m, "present": str(m.pk) in checked, "record": recorded.get(m.pk)}
        for m in people
    ]
    context = _base(
        request,
        access,
        session=session,
        form=form,
        rows=rows,
        has_happened=has_happened,
        is_recorded=bool(recorded),
    )
    return TemplateResponse(
        request, "phases/attendance.html", context, status=400 if request.method == "POST" else 200
    )


def save_attendance(session, people, present_ids) -> None:
    """Create or update one row per person in one statement; follow-ups stay as they were."""
    Attendance.objects.bulk_create(
        [Attendance(session=session, membership=m, present=m.pk in present_ids) for m in people],
        update_conflicts=True,
        unique_fields=["session", "membership"],
        update_fields=["present"],
    )


# Who missed what ------------------------------------------------------------


@school_view("phases.view_plan")
def missed_sessions(request, access):
    return TemplateResponse(request, "phases/missed_sessions.html", missed_context(request, access))


def missed_context(request, access, bound=None):
    """The absences per session; `bound` is a form with errors that replaces its row's form."""
    can_change = request.user.has_perm("phases.change_plan", access)
    absences = (
        Attendance.objects.filter(session__school=access.school, present=False)
        .select_related("session", "membership__user")
        .order_by(
            "session__date",
            "session__start_time",
            "membership__user__full_name",
            "membership__user__email",
        )
    )
    sessions = []
    for row in absences:
        if not sessions or sessions[-1]["session"].pk != row.session_id:
            sessions.append({"session": row.session, "rows": []})
        form = None
        if can_change:
            form = (
                bound
                if bound is not None and bound.instance.pk == row.pk
                else FollowUpForm(instance=row, prefix=f"a{row.pk}")
            )
        sessions[-1]["rows"].append({"attendance": row, "form": form})
    open_count = sum(
        1 for s in sessions for r in s["rows"] if r["attendance"].follow_up == FollowUp.TE_REGELEN
    )
    return _base(
        request,
        access,
        sessions=sessions,
        open_count=open_count,
        absence_count=sum(len(s["rows"]) for s in sessions),
    )


@school_view("phases.change_plan")
@require_POST
def follow_up(request, access, attendance_id):
    row = get_object_or_404(
        Attendance.objects.select_related("session", "membership__user"),
        pk=attendance_id,
        session__school=access.school,
        present=False,
    )
    form = FollowUpForm(request.POST, instance=row, prefix=f"a{row.pk}")
    valid = form.is_valid()
    if valid:
        row = form.save()
    if request.htmx:
        context = _base(
            request,
            access,
            row={
                "attendance": row,
                "form": form if not valid else FollowUpForm(instance=row, prefix=f"a{row.pk}"),
            },
            saved=valid,
        )
        return TemplateResponse(
            request, "phases/missed_sessions.html#missed-row", context, status=200 if valid else 400
        )
    if valid:
        messages.success(
            request, _("Opvolging voor %(name)s opgeslagen.") % {"name": row.membership.user}
        )
        return redirect("missed_sessions", access.school.slug)
    return TemplateResponse(
        request,
        "phases/missed_sessions.html",
        missed_context(request, access, bound=form),
        status=400,
    )
