"""Role-filtered data access for the dashboard: every function takes the logged-in user.

A department user (role ``department``) is bound to one department code: every query here adds
``dept == user.dept`` to its WHERE clause, and asking for another department returns nothing (an empty
list or ``None``), whatever the page or the URL asked for. The pages never query the store directly.
Funding is for the authority and budget officers, rectification (notices) for the authority.

One module a job: ``access`` (roles and the department filter), ``county`` (periods, departments, runs,
findings, snapshots), ``whatif``, ``assessment``, ``rectification`` (notices and waivers), ``exports``.
The pages call them as ``data.<name>`` (and ``ui.q("<name>", …)``), so every name is exported here.
"""

from .access import EVALUATE_ROLES, FUNDING_ROLES, RECTIFICATION_ROLES, Forbidden, require, scope
from .assessment import assess_now, assessment, county_position
from .county import (
    RunInfo,
    departments,
    dept_names,
    evidence_words,
    findings,
    funding_findings,
    history,
    latest_run_id,
    periods,
    projects,
    rectification_findings,
    run_info,
    snapshot,
    trend,
)
from .exports import assessment_export, funding_export, log_export, notice_file
from .rectification import (
    draft_notice,
    grant_waiver,
    issue_notices,
    move_notice,
    notice_events,
    notices,
    notices_dir,
    overdue_notices,
    reevaluate,
    revoke_waiver,
    waivable_findings,
    waivers,
    waivers_pending,
)
from .whatif import WhatIf, what_if

__all__ = [
    "EVALUATE_ROLES",
    "FUNDING_ROLES",
    "RECTIFICATION_ROLES",
    "Forbidden",
    "RunInfo",
    "WhatIf",
    "assess_now",
    "assessment",
    "assessment_export",
    "county_position",
    "departments",
    "dept_names",
    "draft_notice",
    "evidence_words",
    "findings",
    "funding_export",
    "funding_findings",
    "grant_waiver",
    "history",
    "issue_notices",
    "latest_run_id",
    "log_export",
    "move_notice",
    "notice_events",
    "notice_file",
    "notices",
    "notices_dir",
    "overdue_notices",
    "periods",
    "projects",
    "reevaluate",
    "rectification_findings",
    "require",
    "revoke_waiver",
    "run_info",
    "scope",
    "snapshot",
    "trend",
    "waivable_findings",
    "waivers",
    "waivers_pending",
    "what_if",
]
