from django.contrib import admin
from django.urls import include, path

from tso import views

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
    path("", include("schools.urls")),
]
