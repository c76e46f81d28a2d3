from django.urls import path

from ontwikkelmodel.views import checklist, checklist_talk, grid, profile, rondes

ronde = "scholen/<slug:school_slug>/rondes/<int:ronde_id>/"

urlpatterns = [
    path("ontwikkelmodel/", grid.ontwikkelmodel_grid, name="ontwikkelmodel_grid"),
    # The school's profile: growth over the years
    path(
        "scholen/<slug:school_slug>/ontwikkelmodel/", profile.school_profile, name="school_profile"
    ),
    # Rondes with the gespreksformulier
    path("scholen/<slug:school_slug>/rondes/", rondes.ronde_list, name="ronde_list"),
    path("scholen/<slug:school_slug>/rondes/nieuw/", rondes.ronde_add, name="ronde_add"),
    path(ronde, rondes.ronde_detail, name="ronde_detail"),
    path(ronde + "mijn-formulier/", rondes.ronde_individual, name="ronde_individual"),
    path(
        ronde + "deelnemers/<int:participant_id>/",
        rondes.ronde_participant_answers,
        name="ronde_participant_answers",
    ),
    path(ronde + "gezamenlijk/", rondes.ronde_joint, name="ronde_joint"),
    path(ronde + "uitwerking/", rondes.ronde_follow_up, name="ronde_follow_up"),
    path(ronde + "stap/", rondes.ronde_step, name="ronde_step"),
    path(ronde + "geschiedenis/", rondes.ronde_history, name="ronde_history"),
]

checklist_round = "scholen/<slug:school_slug>/checklist/<int:round_id>/"

urlpatterns += [
    # Leader checklist (Bijlage 6): filling in and results (views/checklist.py)
    path("scholen/<slug:school_slug>/checklist/", checklist.checklist_list, name="checklist_list"),
    path(
        "scholen/<slug:school_slug>/checklist/nieuw/",
        checklist.checklist_add,
        name="checklist_add",
    ),
    path(checklist_round, checklist.checklist_detail, name="checklist_detail"),
    path(checklist_round + "invullen/", checklist.checklist_fill, name="checklist_fill"),
    path(
        checklist_round + "mijn-resultaat/", checklist.checklist_personal, name="checklist_personal"
    ),
    path(checklist_round + "team/", checklist.checklist_team, name="checklist_team"),
    path(checklist_round + "delen/", checklist.checklist_share, name="checklist_share"),
    path(checklist_round + "afsluiten/", checklist.checklist_close, name="checklist_close"),
    # The conversation: pairs, together, agreements (views/checklist_talk.py)
    path(checklist_round + "tweetallen/", checklist_talk.checklist_pairs, name="checklist_pairs"),
    path(
        checklist_round + "tweetal/",
        checklist_talk.checklist_pair_notes,
        name="checklist_pair_notes",
    ),
    path(
        checklist_round + "gesprek/",
        checklist_talk.checklist_conversation,
        name="checklist_conversation",
    ),
    path(
        checklist_round + "afspraken/<int:agreement_id>/",
        checklist_talk.checklist_agreement_edit,
        name="checklist_agreement_edit",
    ),
    path(
        checklist_round + "afspraken/<int:agreement_id>/verwijderen/",
        checklist_talk.checklist_agreement_delete,
        name="checklist_agreement_delete",
    ),
]
