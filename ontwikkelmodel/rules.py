"""Who may do what with a school's rondes. Per-ronde rules live in rondes.py."""

import rules

from schools.models import Role
from schools.rules import can_see_school

is_school_member = rules.predicate(lambda user, access: access is not None and access.is_member)
leads = rules.predicate(
    lambda user, access: access is not None and access.has_role(Role.SCHOOLLEIDER, Role.KARTREKKER)
)

# Board members see the agreed results (profile, closed rondes); members see more,
# as far as ontwikkelmodel.rondes allows per ronde and step.
rules.add_perm("ontwikkelmodel.view_profile", can_see_school)
rules.add_perm("ontwikkelmodel.view_rondes", can_see_school)
rules.add_perm("ontwikkelmodel.take_part", is_school_member)
rules.add_perm("ontwikkelmodel.manage_rondes", leads)

# Leader checklist: schoolleiders and MT-leden take part, kartrekkers see the team
# result and agreements, board members only what a school shared. Per-round rules
# (whose answers, which step) live in ontwikkelmodel/checklist.py.
sees_checklists = rules.predicate(
    lambda user, access: (
        access is not None
        and (
            access.has_role(Role.SCHOOLLEIDER, Role.MT_LID, Role.KARTREKKER)
            or access.is_board_reader
        )
    )
)
rules.add_perm("ontwikkelmodel.view_checklists", sees_checklists)
rules.add_perm(
    "ontwikkelmodel.open_checklist",
    rules.predicate(lambda user, access: access is not None and access.has_role(Role.SCHOOLLEIDER)),
)
