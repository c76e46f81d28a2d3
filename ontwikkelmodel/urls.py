from django.urls import path

from ontwikkelmodel import views

urlpatterns = [
    path("ontwikkelmodel/", views.ontwikkelmodel_grid, name="ontwikkelmodel_grid"),
]
