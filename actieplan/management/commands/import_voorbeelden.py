from schools.content_import import ContentImportCommand


class Command(ContentImportCommand):
    help = (
        "Load example actions for the actieplan catalogue (voorbeeldacties per groeilaag) from "
        "a JSON file in the format of fixtures/04_actieplan_voorbeelden.json. Rows are matched "
        "on their code: existing ones are updated, new ones added. To hide an example, set "
        "is_active to false rather than leaving it out; plans that copied it keep their copy."
    )
    allowed_models = {"actieplan.suggestion"}
    content_name = "voorbeeldacties"
