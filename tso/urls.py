from django.contrib import admin
from django.urls import include, path

from tso import reports, views

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
    path("", include("phases.urls")),
    path("", include("ontwikkelmodel.urls")),
    path("", include("schools.urls")),
]
