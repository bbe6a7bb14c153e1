"""Pure scoring library: an account (profile + recent posts) in, a verdict out.

No I/O, no asyncio, no platform library; the same input always gives the same verdict.
Entry points: `parse_account` (schema dict -> Account), `build_owner_index`
(owner context, once), `judge` (Account -> Verdict).
"""

from scoring.criteria import CRITERIA, CRITERION_IDS
from scoring.judge import judge
from scoring.models import Account, CriterionResult, OwnerContext, Post, Verdict
from scoring.owner import OwnerIndex, build_owner_index
from scoring.parse import AccountError, parse_account

__all__ = [
    "CRITERIA",
    "CRITERION_IDS",
    "Account",
    "AccountError",
    "CriterionResult",
    "OwnerContext",
    "OwnerIndex",
    "Post",
    "Verdict",
    "build_owner_index",
    "judge",
    "parse_account",
]
