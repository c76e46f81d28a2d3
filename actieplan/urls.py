from django.urls import path

from actieplan.views import (
    actiepunten,
    catalogue,
    evaluations,
    from_checklist,
    from_werkmoment,
    meetings,
    plans,
)

school = "scholen/<slug:school_slug>/actieplan/"
plan = school + "<int:plan_id>/"
actiepunt = plan + "acties/<int:actiepunt_id>/"

urlpatterns = [
    # Plans and their goals (views/plans.py)
    path(school, plans.actieplan_current, name="actieplan_current"),
    path(school + "plannen/", plans.actieplan_list, name="actieplan_list"),
    path(school + "nieuw/", plans.actieplan_add, name="actieplan_add"),
    path(plan + "bewerken/", plans.actieplan_edit, name="actieplan_edit"),
    path(plan + "goedkeuren/", plans.actieplan_approve, name="actieplan_approve"),
    path(plan + "nieuwe-periode/", plans.actieplan_carry_over, name="actieplan_carry_over"),
    path(plan + "doelen/nieuw/", plans.doel_add, name="doel_add"),
    path(plan + "doelen/<int:doel_id>/", plans.doel_edit, name="doel_edit"),
    path(plan + "doelen/<int:doel_id>/verwijderen/", plans.doel_delete, name="doel_delete"),
    path(plan + "uit-ronde/", plans.from_ronde, name="actieplan_from_ronde"),
    # Agreements of the leader checklist (views/from_checklist.py)
    path(plan + "uit-checklist/", from_checklist.from_checklist, name="actieplan_from_checklist"),
    path(
        school + "uit-checklist/",
        from_checklist.from_checklist_current,
        name="actieplan_from_checklist_current",
    ),
    # Ideas and development points from werkmomenten (views/from_werkmoment.py)
    path(
        plan + "uit-werkmoment/",
        from_werkmoment.from_werkmoment,
        name="actieplan_from_werkmoment",
    ),
    path(
        school + "uit-werkmoment/",
        from_werkmoment.from_werkmoment_current,
        name="actieplan_from_werkmoment_current",
    ),
    # The plan page and its actiepunten (views/actiepunten.py)
    path(plan, actiepunten.actieplan_detail, name="actieplan_detail"),
    path(plan + "acties/nieuw/", actiepunten.actiepunt_add, name="actiepunt_add"),
    path(actiepunt, actiepunten.actiepunt_edit, name="actiepunt_edit"),
    path(actiepunt + "status/", actiepunten.actiepunt_status, name="actiepunt_status"),
    path(actiepunt + "stappen/", actiepunten.stap_add, name="stap_add"),
    path(actiepunt + "stappen/<int:stap_id>/", actiepunten.stap_toggle, name="stap_toggle"),
    path(actiepunt + "updates/", actiepunten.update_add, name="update_add"),
    path(actiepunt + "geschiedenis/", actiepunten.actiepunt_history, name="actiepunt_history"),
    path(actiepunt + "verwijderen/", actiepunten.actiepunt_delete, name="actiepunt_delete"),
    path(actiepunt + "herstellen/", actiepunten.actiepunt_restore, name="actiepunt_restore"),
    path(plan + "prullenbak/", actiepunten.deleted_list, name="actiepunt_deleted_list"),
    # Suggestion catalogue (views/catalogue.py)
    path(plan + "voorbeelden/", catalogue.suggestion_list, name="suggestion_list"),
    path(
        plan + "voorbeelden/<int:suggestion_id>/toevoegen/",
        catalogue.suggestion_copy,
        name="suggestion_copy",
    ),
    # Werkgroep meetings (views/meetings.py)
    path(plan + "bijeenkomsten/", meetings.bijeenkomst_list, name="bijeenkomst_list"),
    path(plan + "bijeenkomsten/nieuw/", meetings.bijeenkomst_add, name="bijeenkomst_add"),
    path(
        plan + "bijeenkomsten/<int:bijeenkomst_id>/",
        meetings.bijeenkomst_edit,
        name="bijeenkomst_edit",
    ),
    # Evaluations every other month (views/evaluations.py)
    path(plan + "evaluaties/", evaluations.evaluatie_list, name="evaluatie_list"),
    path(plan + "evaluaties/nieuw/", evaluations.evaluatie_add, name="evaluatie_add"),
    path(
        plan + "evaluaties/<int:evaluatie_id>/",
        evaluations.evaluatie_detail,
        name="evaluatie_detail",
    ),
]
