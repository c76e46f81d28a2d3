"""Who may do what with a school's actieplan."""

import rules

from schools.models import Role
from schools.rules import can_see_school


def _has_any_role(*roles):
    @rules.predicate(name=f"has_any_role({', '.join(roles)})")
    def predicate(user, access):
        return access is not None and access.has_role(*roles)

    return predicate


is_school_member = rules.predicate(lambda user, access: access is not None and access.is_member)
# The werkgroep and its kartrekkers run the plan; the schoolleiding edits and approves.
edits_plan = _has_any_role(Role.KARTREKKER, Role.WERKGROEPLID, Role.SCHOOLLEIDER, Role.MT_LID)

# Board members read the goals and the progress; members read everything.
rules.add_perm("actieplan.view_progress", can_see_school)
rules.add_perm("actieplan.view_plan", is_school_member)
rules.add_perm("actieplan.change_plan", edits_plan)
rules.add_perm("actieplan.approve_plan", _has_any_role(Role.SCHOOLLEIDER))
rules.add_perm("actieplan.restore_actiepunt", _has_any_role(Role.KARTREKKER))
