"""Who may code grounds and who may read the report (role codes of `accounts.roles`).

Coding means reading what a resident wrote (personal data) and judging what it is about:
- the objection lawyer (bezwaarjurist) owns the objection and registers its grounds;
- the quality reviewer (toetser) reads decisions for quality and may code as well, so the backlog
  of zienswijzen (which come before any objection lawyer is involved) has an owner too.
These roles may open the coding pages. Who may code one objection is narrower: only its owner
(`services.owner_refusal`, the objection process's own rule); zienswijzen have no owner.
A case handler does not code: the grounds are often about their own decision (Awb art. 7:5 keeps
the objection away from whoever took the decision). Managers and administrators get the figures,
not the residents' texts.

The report holds counts only, no personal data: managers, administrators and objection lawyers.
"""

from schadeloket.cases.selectors import user_roles

CODING_ROLES = frozenset({"objection_lawyer", "reviewer"})
REPORT_ROLES = frozenset({"objection_lawyer", "manager", "admin"})


def may_code(user) -> bool:
    return bool(user_roles(user) & CODING_ROLES)


def may_see_report(user) -> bool:
    return bool(user_roles(user) & REPORT_ROLES)
