"""Rules of the voorgesprek: copying the agenda, who should be there, afspraken on the timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from phases.models import (
    ActionStatus,
    AgendaPrompt,
    AgendaTheme,
    Decision,
    Phase,
    TimelineAction,
    Voorgesprek,
    VoorgesprekKind,
    VoorgesprekPrompt,
    VoorgesprekTheme,
)
from schools.models import TrainerKind


@transaction.atomic
def start_voorgesprek(*, school, kind, date, location="", created_by=None) -> Voorgesprek:
    """A new meeting with its own copy of the agenda: themes in order, every prompt."""
    voorgesprek = Voorgesprek.objects.create(
        school=school, kind=kind, date=date, location=location, created_by=created_by
    )
    themes = {
        theme.pk: VoorgesprekTheme.objects.create(voorgesprek=voorgesprek, theme=theme, order=index)
        for index, theme in enumerate(AgendaTheme.objects.order_by("part__number", "order"))
    }
    VoorgesprekPrompt.objects.bulk_create(
        [
            VoorgesprekPrompt(
                voorgesprek=voorgesprek,
                theme=themes[prompt.theme_id],
                agenda_prompt=prompt,
                order=prompt.order,
            )
            for prompt in AgendaPrompt.objects.all()
        ]
    )
    return voorgesprek


def participation_warnings(participants) -> list[str]:
    """The handbook asks for the directie, an external trainer and at least two others."""
    participants = list(participants)
    leaders = [m for m in participants if m.schoolleider]
    external = [m for m in participants if m.trainer and m.trainer_kind == TrainerKind.EXTERN]
    others = [m for m in participants if m not in leaders and m not in external]
    warnings = []
    if not leaders:
        warnings.append(_("Er is geen schoolleider (directie) bij het gesprek."))
    if not external:
        warnings.append(_("Er is geen externe trainer bij het gesprek."))
    if len(others) < 2:
        warnings.append(
            _("Het handboek vraagt minstens twee andere leden van het (management)team aan tafel.")
        )
    return warnings


def phase_of(voorgesprek) -> Phase:
    number = 1 if voorgesprek.kind == VoorgesprekKind.VERKENNEND else 2
    return Phase.objects.get(number=number)


@transaction.atomic
def sync_afspraak(afspraak) -> TimelineAction:
    """Put the afspraak on the school's timeline, or update the action it already has."""
    voorgesprek = afspraak.voorgesprek
    action = afspraak.timeline_action or TimelineAction(
        school=voorgesprek.school,
        phase=phase_of(voorgesprek),
        dates_edited=True,
    )
    action.title = afspraak.what
    action.description = _("Afspraak uit het %(kind)s van %(date)s.") % {
        "kind": voorgesprek.get_kind_display().lower(),
        "date": voorgesprek.date.strftime("%d-%m-%Y"),
    }
    action.planned_start = min(voorgesprek.date, afspraak.due)
    action.planned_end = afspraak.due
    action.owner = afspraak.owner
    action.save()
    if afspraak.timeline_action_id != action.pk:
        afspraak.timeline_action = action
        afspraak.save(update_fields=["timeline_action"])
    return action


@transaction.atomic
def sync_next_meeting(voorgesprek) -> TimelineAction | None:
    """With Twijfel and a date, the follow-up conversation is an action on the timeline."""
    action = voorgesprek.next_meeting_action
    wanted = voorgesprek.decision == Decision.TWIJFEL and voorgesprek.next_meeting
    if not wanted:
        if action is not None and not action.is_closed:
            action.status = ActionStatus.NVT
            action.save(update_fields=["status"])
        return action
    if action is None:
        action = TimelineAction(
            school=voorgesprek.school, phase=phase_of(voorgesprek), dates_edited=True
        )
    action.title = _("Vervolggesprek na twijfel")
    action.description = voorgesprek.improvements[:5000]
    action.planned_start = action.planned_end = voorgesprek.next_meeting
    if action.status == ActionStatus.NVT:
        action.status = ActionStatus.OPEN
    action.save()
    if voorgesprek.next_meeting_action_id != action.pk:
        voorgesprek.next_meeting_action = action
        voorgesprek.save(update_fields=["next_meeting_action"])
    return action


def remove_afspraak(afspraak) -> bool:
    """Delete the afspraak; its timeline action goes too while nobody has started it.

    Returns whether the action was removed. An action that is underway or done
    stays on the timeline (without the link back).
    """
    action = afspraak.timeline_action
    with transaction.atomic():
        afspraak.delete()
        if action is not None and action.status == ActionStatus.OPEN:
            action.delete()
            return True
    return False
