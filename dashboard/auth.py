"""The dashboard's login names: users, roles, passwords and the login backoff are the store's
(``evaluator.store.users``, with the sessions in ``evaluator.store.sessions``); the pages, the login gate
and the data layer import them from here. See docs/decisions/0006-dashboard.md."""

from evaluator.store.users import (
    BASE_DELAY_SECONDS,
    DEMO_USERS,
    FREE_FAILURES,
    MAX_DELAY_SECONDS,
    MIN_PASSWORD_LENGTH,
    ROLE_ZH,
    AuthError,
    Role,
    User,
    add_user,
    authenticate,
    change_password,
    create_demo_users,
    delay_for,
    delete_user,
    get_user,
    list_users,
    log_logout,
    one_time_password,
)

__all__ = [
    "BASE_DELAY_SECONDS",
    "DEMO_USERS",
    "FREE_FAILURES",
    "MAX_DELAY_SECONDS",
    "MIN_PASSWORD_LENGTH",
    "ROLE_ZH",
    "AuthError",
    "Role",
    "User",
    "add_user",
    "authenticate",
    "change_password",
    "create_demo_users",
    "delay_for",
    "delete_user",
    "get_user",
    "list_users",
    "log_logout",
    "one_time_password",
]
