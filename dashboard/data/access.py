"""Who may see what: the role guards and the department filter every query of the dashboard adds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..auth import Role, User


class Forbidden(Exception):
    """The user's role may not see this page or data (Chinese first)."""


FUNDING_ROLES = (Role.AUTHORITY, Role.BUDGET)
RECTIFICATION_ROLES = (Role.AUTHORITY,)
EVALUATE_ROLES = (Role.AUTHORITY,)


def require(user: User, roles: Sequence[Role]) -> None:
    if user.role not in roles:
        names = "、".join(r.zh for r in roles)
        raise Forbidden(f"无权访问：仅限 {names} / not allowed for role {user.role.value}")


def scope(user: User, dept: str | None = None) -> str | None | Literal[False]:
    """The department filter for a query: a code, None (all departments), or False (nothing)."""
    if user.role is Role.DEPARTMENT:
        if not user.dept:
            return False
        if dept is not None and dept != user.dept:
            return False
        return user.dept
    return dept

