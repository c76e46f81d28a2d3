from django.contrib import admin
from django.urls import include, path

from tso import (
    actieplan_reports,
    board,
    checklist_reports,
    progress_report_views,
    report_index,
    reports,
    views,
    werkmoment_reports,
)

admin.site.site_header = "TSO beheer"
admin.site.site_title = "TSO beheer"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("scholen/<slug:school_slug>/", views.school_dashboard, name="school_dashboard"),
    path(
        "scholen/<slug:school_slug>/overzicht.pdf",
        views.school_overview_pdf,
        name="school_overview_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/jaarplanning.pdf", reports.year_plan_pdf, name="year_plan_pdf"
    ),
    path("scholen/<slug:school_slug>/tijdlijn.pdf", reports.timeline_pdf, name="timeline_pdf"),
    path(
        "scholen/<slug:school_slug>/voorgesprekken/<int:voorgesprek_id>/verslag.pdf",
        reports.voorgesprek_pdf,
        name="voorgesprek_pdf",
    ),
    path("ontwikkelmodel.pdf", reports.ontwikkelmodel_pdf, name="ontwikkelmodel_pdf"),
    path("besturen/<slug:bestuur_slug>/", board.board_overview, name="board_overview"),
    path(
        "besturen/<slug:bestuur_slug>/printopdrachten/",
        board.report_job_start,
        name="report_job_start",
    ),
    path(
        "besturen/<slug:bestuur_slug>/printopdrachten/<int:job_id>/",
        board.report_job,
        name="report_job",
    ),
    path(
        "besturen/<slug:bestuur_slug>/printopdrachten/<int:job_id>/rapporten.zip",
        board.report_job_download,
        name="report_job_download",
    ),
    path("scholen/<slug:school_slug>/rapporten/", report_index.report_index, name="report_index"),
    path(
        "scholen/<slug:school_slug>/voortgangsrapportage/",
        progress_report_views.progress_report,
        name="progress_report",
    ),
    path(
        "scholen/<slug:school_slug>/voortgangsrapportage.pdf",
        progress_report_views.progress_report_pdf,
        name="progress_report_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/rondes/<int:ronde_id>/gespreksformulier.pdf",
        reports.gespreksformulier_pdf,
        name="gespreksformulier_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/rondes/<int:ronde_id>/gezamenlijk.pdf",
        reports.joint_result_pdf,
        name="joint_result_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/ontwikkelmodel/profiel.pdf",
        reports.profile_pdf,
        name="profile_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/actieplan/<int:plan_id>/actieplan.pdf",
        actieplan_reports.actieplan_pdf,
        name="actieplan_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/actieplan/<int:plan_id>/bijeenkomsten/<int:bijeenkomst_id>/notulen.pdf",
        actieplan_reports.bijeenkomst_pdf,
        name="bijeenkomst_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/checklist/<int:round_id>/persoonlijk.pdf",
        checklist_reports.checklist_personal_pdf,
        name="checklist_personal_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/checklist/<int:round_id>/team.pdf",
        checklist_reports.checklist_team_pdf,
        name="checklist_team_pdf",
    ),
    path(
        "scholen/<slug:school_slug>/training/werkmomenten/<int:werkmoment_id>/samenvatting.pdf",
        werkmoment_reports.werkmoment_pdf,
        name="werkmoment_pdf",
    ),
    path("", include("phases.urls")),
    path("", include("ontwikkelmodel.urls")),
    path("", include("actieplan.urls")),
    path("", include("schools.urls")),
    path("", include("aids.urls")),
]
