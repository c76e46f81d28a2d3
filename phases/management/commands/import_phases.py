from schools.content_import import ContentImportCommand

ALLOWED_MODELS = {
    "phases.phase",
    "phases.drivingactivity",
    "phases.standardaction",
    "phases.agendapart",
    "phases.agendatheme",
    "phases.agendaprompt",
}


class Command(ContentImportCommand):
    help = (
        "Load phases, driving activities and standard actions, or the voorgesprek agenda, "
        "from a JSON file in the format of fixtures/01_phases.json or "
        "fixtures/02_voorgesprek_agenda.json. Rows are matched on their number or code: "
        "existing ones are updated, new ones added. Schools' timelines and meetings "
        "already held are not touched."
    )
    allowed_models = ALLOWED_MODELS
    content_name = "phase"
