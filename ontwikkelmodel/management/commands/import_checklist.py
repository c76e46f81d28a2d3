import json

from ontwikkelmodel.models import ChecklistVersion
from schools.content_import import ContentImportCommand

ALLOWED_MODELS = {
    "ontwikkelmodel.checklistversion",
    "ontwikkelmodel.statement",
    "ontwikkelmodel.checklistquestion",
}


class Command(ContentImportCommand):
    help = (
        "Load a version of the leader checklist (statements and conversation questions) from "
        "a JSON file in the format of fixtures/05_checklist.json, for example the official "
        "statement list. Rows are matched on their natural key (version name plus code): "
        "existing ones are updated, new ones added. Rounds keep the statements they were "
        "opened with, so updating a version changes new rounds only. Set is_current on the "
        "version that new rounds should use."
    )
    allowed_models = ALLOWED_MODELS
    content_name = "checklist"

    def handle(self, path, dry_run, **options):
        super().handle(path, dry_run, **options)
        if dry_run:
            return
        # One current version: the newest file that says so wins.
        rows = json.loads(path.read_text(encoding="utf-8"))
        current = [
            r["fields"]["name"]
            for r in rows
            if r["model"] == "ontwikkelmodel.checklistversion" and r["fields"].get("is_current")
        ]
        if current:
            ChecklistVersion.objects.exclude(name__in=current).update(is_current=False)
