"""Who may change a school's training plan and timeline."""

import rules

from schools.models import Role
from schools.rules import can_see_school


def _has_any_role(*roles):
    @rules.predicate(name=f"has_any_role({', '.join(roles)})")
    def predicate(user, access):
        return access is not None and access.has_role(*roles)

    return predicate


# Teamleden and board members read; the people who run the implementation write.
runs_implementation = _has_any_role(
    Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER, Role.WERKGROEPLID, Role.TRAINER
)
leads = _has_any_role(Role.SCHOOLLEIDER, Role.KARTREKKER)
manages = _has_any_role(Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER)

rules.add_perm("phases.view_plan", can_see_school)
rules.add_perm("phases.change_plan", runs_implementation)
rules.add_perm("phases.override_phase", leads)
rules.add_perm("phases.change_hours", manages)

# Voorgesprek: trainers and leaders write; werkgroep and team read the whole
# conversation; board members read only the decision and the afspraken.
runs_voorgesprek = _has_any_role(Role.TRAINER, Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER)
is_school_member = rules.predicate(lambda user, access: access is not None and access.is_member)

rules.add_perm("phases.view_voorgesprek_outcome", can_see_school)
rules.add_perm("phases.view_voorgesprek", is_school_member)
rules.add_perm("phases.change_voorgesprek", runs_voorgesprek)

# Werkmomenten and the team's reflection: every member reads the werkmomenten
# and answers the reflection questions; the werkgroep and the schoolleiding run
# them; trainers also read the results. Board members see none of it (the
# progress report gives them counts only).
rules.add_perm("phases.view_werkmomenten", is_school_member)
rules.add_perm("phases.answer_reflection", is_school_member)
rules.add_perm(
    "phases.manage_werkmomenten",
    _has_any_role(Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER, Role.WERKGROEPLID),
)
rules.add_perm(
    "phases.view_reflection_results",
    _has_any_role(Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER, Role.WERKGROEPLID, Role.TRAINER),
)
