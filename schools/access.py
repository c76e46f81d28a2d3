"""The one way to reach school data: scoped by the user's memberships.

Every view that touches a school goes through `school_access` (usually via the
`school_view` decorator). Outsiders get 404, so they cannot even learn that a
school exists; members whose role does not allow an action get 403.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from schools.models import BESTUURSLID, Bestuur, BoardMembership, Membership, School


@dataclass(frozen=True)
class SchoolAccess:
    school: School
    roles: frozenset[str]
    membership: Membership | None = None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_board_reader(self) -> bool:
        return BESTUURSLID in self.roles


def accessible_schools(user):
    """Schools the user may see: their own, and all of their board's."""
    if not user.is_authenticated:
        return School.objects.none()
    return (
        School.objects.filter(Q(memberships__user=user) | Q(bestuur__board_memberships__user=user))
        .select_related("bestuur")
        .distinct()
    )


def school_access(user, school_slug: str) -> SchoolAccess:
    """The school and the user's roles in it, or Http404."""
    if not user.is_authenticated:
        raise Http404
    on_board = BoardMembership.objects.filter(user=user, bestuur=OuterRef("school__bestuur"))
    membership = (
        Membership.objects.select_related("school__bestuur")
        .annotate(on_board=Exists(on_board))
        .filter(user=user, school__slug=school_slug)
        .first()
    )
    if membership is not None:
        roles = membership.roles | ({BESTUURSLID} if membership.on_board else set())
        return SchoolAccess(school=membership.school, roles=roles, membership=membership)
    school = (
        School.objects.select_related("bestuur")
        .filter(slug=school_slug, bestuur__board_memberships__user=user)
        .first()
    )
    if school is None:
        raise Http404
    return SchoolAccess(school=school, roles=frozenset({BESTUURSLID}))


def require(request, permission: str, access: SchoolAccess) -> None:
    if not request.user.has_perm(permission, access):
        raise PermissionDenied


def school_view(permission: str = "schools.view_school"):
    """Decorate a view taking `school_slug`: log-in, scope, then check `permission`.

    The view receives the SchoolAccess instead of the slug.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, school_slug, *args, **kwargs):
            access = school_access(request.user, school_slug)
            require(request, permission, access)
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorator


def board_access(user, bestuur_slug: str) -> Bestuur:
    """The board, if the user is one of its board members; otherwise Http404."""
    if not user.is_authenticated:
        raise Http404
    bestuur = Bestuur.objects.filter(slug=bestuur_slug, board_memberships__user=user).first()
    if bestuur is None:
        raise Http404
    return bestuur


def board_view(view):
    """Decorate a view taking `bestuur_slug`: log-in and board membership, or 404."""

    @login_required
    @wraps(view)
    def wrapped(request, bestuur_slug, *args, **kwargs):
        return view(request, board_access(request.user, bestuur_slug), *args, **kwargs)

    return wrapped
