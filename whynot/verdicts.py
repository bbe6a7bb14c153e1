"""What the core says of a verdict before any reply is chosen: whether it can be shown at
all (`reviewed`: something failed with confidence, or enough posts were read to say that
nothing did) and its one-line summary for transcripts, previews and the owner's feed
(`verdict_line`). Shared by the desk, the replies, the review queue and the preview."""

from __future__ import annotations

from scoring import Verdict
from scoring.thresholds import MIN_CONFIDENCE

# Criteria that read posts: if none of them could judge, the account was not reviewed.
CONTENT_CRITERIA = ("automated_promo", "meformer", "one_track")


def reviewed(verdict: Verdict) -> bool:
    """A verdict can be shown when something failed with confidence, or when enough of the
    asker's posts were read to say that nothing did."""
    if verdict.failed:
        return True
    return any(c.confidence >= MIN_CONFIDENCE for c in verdict.criteria if c.id in CONTENT_CRITERIA)


def verdict_line(verdict: Verdict | None) -> str:
    """The verdict in one line, for transcripts and the owner's feed."""
    if verdict is None:
        return "account not found"
    unsure = ", unsure" if verdict.fake is not None and verdict.fake.band == "unsure" else ""
    fake = f"(fake {verdict.fake_score:.2f}{unsure})"
    if not reviewed(verdict):
        return f"not enough to review yet {fake}"
    failed = ", ".join(f"{c.id} {c.score:.2f}" for c in verdict.failed)
    return f"fails: {failed} {fake}" if failed else f"passes every criterion {fake}"
