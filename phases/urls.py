from django.urls import path

from phases.views import (
    budget,
    calendar,
    content,
    overview,
    plan,
    timeline,
    voorgesprek,
    voorgesprek_fields,
    werkmomenten,
)

werkmoment = "scholen/<slug:school_slug>/training/werkmomenten/<int:werkmoment_id>/"

urlpatterns = [
    path("fasen/", content.phase_overview, name="phase_overview"),
    # Timeline and T0
    path("scholen/<slug:school_slug>/tijdlijn/", timeline.timeline, name="timeline"),
    path(
        "scholen/<slug:school_slug>/tijdlijn/nieuw/",
        timeline.action_add,
        name="timeline_action_add",
    ),
    path(
        "scholen/<slug:school_slug>/tijdlijn/<int:action_id>/",
        timeline.action_edit,
        name="timeline_action_edit",
    ),
    path(
        "scholen/<slug:school_slug>/tijdlijn/<int:action_id>/status/",
        timeline.action_status,
        name="timeline_action_status",
    ),
    path(
        "scholen/<slug:school_slug>/tijdlijn/<int:action_id>/geschiedenis/",
        timeline.action_history,
        name="timeline_action_history",
    ),
    path(
        "scholen/<slug:school_slug>/start-en-fase/",
        timeline.implementation_edit,
        name="implementation_edit",
    ),
    # Team-training plan and attendance
    path("scholen/<slug:school_slug>/training/", plan.training_plan, name="training_plan"),
    path(
        "scholen/<slug:school_slug>/training/voorstel/", plan.suggest_plan, name="suggest_year_plan"
    ),
    path(
        "scholen/<slug:school_slug>/training/momenten/nieuw/", plan.session_add, name="session_add"
    ),
    path(
        "scholen/<slug:school_slug>/training/momenten/<int:session_id>/",
        plan.session_edit,
        name="session_edit",
    ),
    path(
        "scholen/<slug:school_slug>/training/momenten/<int:session_id>/verwijderen/",
        plan.session_delete,
        name="session_delete",
    ),
    path(
        "scholen/<slug:school_slug>/training/momenten/<int:session_id>/aanwezigheid/",
        plan.attendance,
        name="session_attendance",
    ),
    path("scholen/<slug:school_slug>/training/groepen/nieuw/", plan.group_add, name="group_add"),
    path(
        "scholen/<slug:school_slug>/training/groepen/<int:group_id>/",
        plan.group_edit,
        name="group_edit",
    ),
    path(
        "scholen/<slug:school_slug>/training/gemist/", plan.missed_sessions, name="missed_sessions"
    ),
    path(
        "scholen/<slug:school_slug>/training/gemist/<int:attendance_id>/",
        plan.follow_up,
        name="attendance_follow_up",
    ),
    # Time budget
    path("scholen/<slug:school_slug>/uren/", budget.time_budget, name="time_budget"),
    # Overviews across schools (the board's overview lives in tso/board.py)
    path("trainer/", overview.trainer_overview, name="trainer_overview"),
    # Voorgesprekken
    path(
        "scholen/<slug:school_slug>/voorgesprekken/",
        voorgesprek.voorgesprek_list,
        name="voorgesprek_list",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/nieuw/",
        voorgesprek.voorgesprek_add,
        name="voorgesprek_add",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/",
        voorgesprek.voorgesprek_agenda,
        name="voorgesprek_agenda",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/verslag/",
        voorgesprek.voorgesprek_summary,
        name="voorgesprek_summary",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/deelnemers/",
        voorgesprek.participants_edit,
        name="voorgesprek_participants",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/themas/volgorde/",
        voorgesprek.reorder_themes,
        name="voorgesprek_reorder_themes",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/vragen/nieuw/",
        voorgesprek.prompt_add,
        name="voorgesprek_prompt_add",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/vragen/"
        "<int:prompt_id>/overslaan/",
        voorgesprek.prompt_skip,
        name="voorgesprek_prompt_skip",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/afspraken/",
        voorgesprek.afspraak_add,
        name="voorgesprek_afspraak_add",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/afspraken/"
        "<int:afspraak_id>/",
        voorgesprek.afspraak_edit,
        name="voorgesprek_afspraak_edit",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/afspraken/"
        "<int:afspraak_id>/verwijderen/",
        voorgesprek.afspraak_delete,
        name="voorgesprek_afspraak_delete",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/velden/<str:field>/",
        voorgesprek_fields.save_meeting_field,
        name="voorgesprek_field",
    ),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/vragen/"
        "<int:prompt_id>/velden/<str:field>/",
        voorgesprek_fields.save_prompt_field,
        name="voorgesprek_prompt_field",
    ),
    # Calendar feed
    path("agenda/", calendar.calendar_settings, name="calendar_settings"),
    path("agenda/vernieuwen/", calendar.calendar_revoke, name="calendar_revoke"),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    # Werkmomenten and the team's reflection (views/werkmomenten.py)
    path(
        "scholen/<slug:school_slug>/training/werkmomenten/",
        werkmomenten.werkmoment_list,
        name="werkmoment_list",
    ),
    path(
        "scholen/<slug:school_slug>/training/momenten/<int:session_id>/werkmoment/",
        werkmomenten.session_werkmoment,
        name="session_werkmoment",
    ),
    path(
        werkmoment,
        werkmomenten.werkmoment_detail,
        name="werkmoment_detail",
    ),
    path(
        werkmoment + "bewerken/",
        werkmomenten.werkmoment_edit,
        name="werkmoment_edit",
    ),
    path(
        werkmoment + "reflectie/versturen/",
        werkmomenten.reflection_send,
        name="reflection_send",
    ),
    path(
        werkmoment + "reflectie/",
        werkmomenten.reflection_answer,
        name="reflection_answer",
    ),
    path(
        werkmoment + "reflectie/resultaten/",
        werkmomenten.reflection_results,
        name="reflection_results",
    ),
    path(
        werkmoment + "reflectie/onderwerpen/",
        werkmomenten.reflection_choose_topics,
        name="reflection_choose_topics",
    ),
    path(
        werkmoment + "reflectie/sluiten/",
        werkmomenten.reflection_close,
        name="reflection_close",
    ),
    path(
        werkmoment + "reflectie/herinneren/",
        werkmomenten.reflection_remind,
        name="reflection_remind",
    ),
    path(
        werkmoment + "reflectie/antwoorden.csv",
        werkmomenten.reflection_export,
        name="reflection_export",
    ),
    path(
        werkmoment + "ontwikkelpunten/",
        werkmomenten.ontwikkelpunt_add,
        name="ontwikkelpunt_add",
    ),
    path(
        werkmoment + "ontwikkelpunten/<int:ontwikkelpunt_id>/verwijderen/",
        werkmomenten.ontwikkelpunt_delete,
        name="ontwikkelpunt_delete",
    ),
]
