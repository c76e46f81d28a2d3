from django.urls import path

from aids import views

urlpatterns = [
    path("hulpmiddelen/", views.aid_library, name="aid_library"),
    path("hulpmiddelen/<slug:aid_code>/", views.aid_detail, name="aid_detail"),
]
