from schools.content_import import ContentImportCommand

ALLOWED_MODELS = {
    "ontwikkelmodel.modelversion",
    "ontwikkelmodel.groeilaag",
    "ontwikkelmodel.accent",
    "ontwikkelmodel.descriptor",
    "ontwikkelmodel.knowledgeelement",
    "ontwikkelmodel.modulelink",
}


class Command(ContentImportCommand):
    help = (
        "Load a version of the Ontwikkelmodel TSO (groeilagen, accents, descriptors, "
        "knowledge elements, module links) from a JSON file in the format of "
        "fixtures/03_ontwikkelmodel.json, for example the handbook's official text. Rows are "
        "matched on their natural key (version name plus code, groeifase, order or module): "
        "existing ones are updated, new ones added. Use a new version name to keep earlier "
        "versions, which schools' assessments point at, as they are."
    )
    allowed_models = ALLOWED_MODELS
    content_name = "Ontwikkelmodel"
