import json

from django.core.management.base import CommandError

from aids.links import is_valid_page, is_web_address
from schools.content_import import ContentImportCommand

ALLOWED_MODELS = {
    "aids.aid",
    "aids.aidsection",
    "aids.aiditem",
    # The kartrekker profile (Bijlage 2) is an aid too; its content lives with the roles.
    "schools.kartrekkerprofilesection",
    "schools.kartrekkerprofileitem",
}


class Command(ContentImportCommand):
    help = (
        "Load aids (the handbook's Bijlagen: sections and items with titles, sources and "
        "links) or the kartrekker profile from a JSON file in the format of "
        "fixtures/00_hulpmiddelen.json or fixtures/00_kartrekkerprofiel.json. Rows are "
        "matched on their natural key (the aid's code, then the section and item order): "
        "existing ones are updated, new ones added. Links must be http(s) addresses and "
        "page names must exist; the server never fetches them."
    )
    allowed_models = ALLOWED_MODELS
    content_name = "aids"

    def handle(self, path, dry_run, **options):
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            rows = None  # the base command reports it
        if isinstance(rows, list):
            problems = [p for row in rows if isinstance(row, dict) for p in _problems(row)]
            if problems:
                raise CommandError("Not imported: " + "; ".join(problems))
        super().handle(path, dry_run, **options)


def _problems(row) -> list[str]:
    fields, model = row.get("fields"), row.get("model")
    if not isinstance(fields, dict):
        return []  # the loader reports malformed rows
    if model == "aids.aiditem" and fields.get("url") and not is_web_address(fields["url"]):
        return [
            f"item {fields.get('section')}/{fields.get('order')}: link {fields['url']!r} "
            "is not an http(s) address"
        ]
    page = fields.get("page_url_name")
    if model == "aids.aid" and page and not is_valid_page(page):
        return [f"aid {fields.get('code')!r}: no page named {page!r}"]
    return []
