"""Who may do what within a school. Predicates receive the SchoolAccess."""

import rules

from schools.models import Role


def _role_predicate(*roles):
    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user, access):
        return access is not None and access.has_role(*roles)

    return predicate


is_schoolleider = _role_predicate(Role.SCHOOLLEIDER)
is_kartrekker = _role_predicate(Role.KARTREKKER)
is_member = rules.predicate(lambda user, access: access is not None and access.is_member)
can_see_school = rules.predicate(lambda user, access: access is not None)

rules.add_perm("schools.view_school", can_see_school)
rules.add_perm("schools.view_members", can_see_school)
rules.add_perm("schools.manage_members", is_schoolleider | is_kartrekker)
rules.add_perm("schools.print_overview", can_see_school)


def assignable_roles(access) -> list[str]:
    """Roles this person may give or take away: a kartrekker cannot appoint leaders."""
    if access.has_role(Role.SCHOOLLEIDER):
        return list(Role.values)
    if access.has_role(Role.KARTREKKER):
        return [r for r in Role.values if r not in (Role.SCHOOLLEIDER, Role.MT_LID)]
    return []
