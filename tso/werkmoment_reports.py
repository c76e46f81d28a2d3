"""The werkmoment on paper: a summary for the werkgroep and the meeting itself.

Date and structure, what the team asked for (counts, topics by sign-ups, the
answers per question), the chosen topics, how many missed the training it looks
back on, the ontwikkelpunten and the verslag. Never a name beside an answer,
also not when the round was sent with names: paper travels further than the
page. Who may print it: `phases.view_reflection_results`.
"""

import logging

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from phases import werkmomenten as rules
from phases.models import Werkmoment
from schools import audit
from schools.access import school_view
from tso.pdf import STATIC_PREFIX, PdfRenderError, render_pdf
from tso.views import pdf_failed, pdf_response

logger = logging.getLogger(__name__)

# By source name (no hash): the PDF fetcher serves static files from the finders.
STYLESHEET = STATIC_PREFIX + "css/print-werkmoment.css"


def werkmoment_context(werkmoment: Werkmoment) -> dict:
    parts = list(werkmoment.parts.all())
    reflection_round = rules.round_or_none(werkmoment)
    result = rules.results(reflection_round) if reflection_round is not None else None
    if result is not None:
        # Paper never carries names, whatever the round.
        for item in result.questions:
            item.answers = [(None, text) for _name, text in item.answers]
        result.respondents = result.not_answered = None
    return {
        "werkmoment": werkmoment,
        "session": werkmoment.session,
        "parts": parts,
        "timing": rules.timing(werkmoment, parts),
        "round": reflection_round,
        "result": result,
        "chosen_topics": list(werkmoment.chosen_topics.order_by("order", "pk")),
        "ontwikkelpunten": list(werkmoment.ontwikkelpunten.all()),
        "missed_count": len(rules.missed_training(werkmoment)),
    }


@school_view("phases.view_reflection_results")
def werkmoment_pdf(request, access, werkmoment_id):
    werkmoment = get_object_or_404(
        Werkmoment.objects.select_related("session", "after_session", "reflection_round"),
        pk=werkmoment_id,
        session__school=access.school,
    )
    context = werkmoment_context(werkmoment)
    context.update(
        access=access, school=access.school, printed_at=timezone.now(), stylesheet=STYLESHEET
    )
    try:
        pdf = render_pdf("tso/pdf/werkmoment.html", context)
    except PdfRenderError as error:
        logger.warning("Werkmoment PDF for %s failed: %s", access.school.slug, error)
        return pdf_failed(request, access)
    audit.record(
        audit.Kind.PDF_DOWNLOADED,
        request=request,
        school=access.school,
        subject=f"werkmoment {werkmoment.pk}",
    )
    session = werkmoment.session
    name = slugify(f"{session.display_title} {session.date:%Y-%m-%d}")[:80].strip("-")
    return pdf_response(pdf, f"{name or 'werkmoment'}.pdf")
