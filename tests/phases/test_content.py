import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from phases.models import DrivingActivity, Phase, StandardAction


def test_shipped_content_has_four_phases_and_tagged_actions(demo):
    assert list(Phase.objects.values_list("name", flat=True)) == [
        "Verkennen",
        "Voorbereiden",
        "Uitvoeren",
        "Borgen",
    ]
    assert set(DrivingActivity.objects.values_list("code", flat=True)) == {
        "competentie",
        "organisatie-inrichting",
        "leiderschapssteun",
    }
    for action in StandardAction.objects.prefetch_related("driving_activities"):
        assert action.driving_activities.exists(), action.code
        assert action.start_offset_months <= action.end_offset_months
    yearly = set(StandardAction.objects.filter(recurrence="yearly").values_list("code", flat=True))
    assert {"jaarlijks-ontwikkelmodel", "nieuwe-collega-s-trainen", "successen-vieren"} <= yearly
    assert StandardAction.objects.get(code="evaluatie-actieplan").recurrence == "bimonthly"


def test_loading_content_again_keeps_admin_edits_unless_refreshed(demo):
    count = StandardAction.objects.count()
    StandardAction.objects.filter(code="successen-vieren").update(title="Feest!")
    call_command("load_content", verbosity=0)
    assert StandardAction.objects.get(code="successen-vieren").title == "Feest!"
    call_command("load_content", "--refresh", verbosity=0)
    assert StandardAction.objects.get(code="successen-vieren").title == "Successen vieren"
    assert StandardAction.objects.count() == count


def write(tmp_path, rows):
    path = tmp_path / "content.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_import_updates_by_code_and_adds_new_actions(demo, tmp_path):
    rows = [
        {
            "model": "phases.standardaction",
            "fields": {
                "code": "successen-vieren",
                "phase": [4],
                "title": "Successen vieren met het team",
                "goal": "Officiële tekst",
                "timing": "jaarlijks",
                "start_offset_months": 11,
                "end_offset_months": 12,
                "recurrence": "yearly",
                "roles": "Werkgroep",
                "driving_activities": [["leiderschapssteun"]],
            },
        },
        {
            "model": "phases.standardaction",
            "fields": {
                "code": "nieuw",
                "phase": [3],
                "title": "Nieuwe actie",
                "goal": "Doel",
                "timing": "tijdens de training",
                "start_offset_months": 1,
                "end_offset_months": 2,
                "roles": "Werkgroep",
                "driving_activities": [["competentie"]],
            },
        },
    ]
    before = StandardAction.objects.count()
    call_command("import_phases", str(write(tmp_path, rows)), stdout=None)
    assert StandardAction.objects.count() == before + 1
    assert (
        StandardAction.objects.get(code="successen-vieren").title == "Successen vieren met het team"
    )


def test_import_dry_run_changes_nothing(demo, tmp_path):
    rows = [
        {
            "model": "phases.phase",
            "fields": {"number": 1, "name": "Anders", "duration": "x", "goal": "y"},
        }
    ]
    call_command("import_phases", str(write(tmp_path, rows)), "--dry-run")
    assert Phase.objects.get(number=1).name == "Verkennen"


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"model": "schools.user", "fields": {"email": "x@y.z"}}], "Only phase content"),
        ([{"model": "phases.phase", "pk": 1, "fields": {"number": 1}}], "leave out 'pk'"),
        ({"not": "a list"}, "Expected a JSON list"),
    ],
)
def test_import_refuses_other_data(demo, tmp_path, rows, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_phases", str(write(tmp_path, rows)))


def test_phase_overview_page_shows_actions_with_their_drivers(
    client_for, werkgroeplid, django_assert_max_num_queries
):
    client = client_for(werkgroeplid)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("phase_overview"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Verkennend voorgesprek plannen en voeren" in content
    assert "Bijlage 1" in content and "Leiderschapssteun" in content
    assert "elke twee maanden" in content
