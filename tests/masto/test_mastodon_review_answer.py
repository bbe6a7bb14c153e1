"""Review requests on Mastodon. The team's answer names the asker: it goes under our
acknowledgement (`whynot.reviews.Reviews._target`), and `reply` took the account to
mention from the status it replies to, which is ours: it wrote "@owner Good news, ..."
and, in a direct conversation, the asker never saw it. And a reply to our answer is known
as one (the mention's `reply_to`), as on X and Discord."""

from __future__ import annotations

from scoring import build_owner_index
from tests.masto.conftest import make_platform
from tests.masto.test_mastodon_question import ask, timeline
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Mention, ReplyState
from whynot.replies import ReplyRenderer

QUESTION = 113_400_000_000_000_100


async def answered(fake, masto, store) -> tuple[Desk, Mention, str]:
    """The desk, the asker's question answered, and our answer's status id."""
    timeline(fake, 12)
    question = ask(fake, QUESTION, "why didn't you follow me back?")
    desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None), Settings())
    [mention] = await masto.mentions_since(None)
    assert (await desk.handle(mention)).state is ReplyState.SENT
    [ours] = [  # our answer, under the question
        sid
        for sid, s in fake.statuses.items()
        if s.get("in_reply_to_id") == question and s["account"]["id"] == fake.owner["id"]
    ]
    return desk, mention, str(ours)


async def test_an_answer_under_our_own_post_names_the_asker(fake, store):
    masto = await make_platform(fake)
    try:
        _, mention, ours = await answered(fake, masto, store)
        under_ours = Mention("mastodon", ours, mention.author, "")
        [made] = await masto.reply(under_ours, ["Good news, Lena: the team approved you."])
        assert fake.statuses[str(made)]["in_reply_to_id"] == ours
        assert fake.posted[-1]["status"].startswith("@lena@remote.example "), fake.posted[-1]
    finally:
        await masto.close()


async def test_a_reply_to_our_answer_asking_for_a_person_is_a_review_request(fake, store):
    # Mastodon's mentions carried no `reply_to`, so a reply to our answer was read as a new
    # question unless it named the answer in words: "can a human look at this?" went
    # unrecognised (X and Discord set it from the post replied to).
    masto = await make_platform(fake)
    try:
        desk, mention, ours = await answered(fake, masto, store)
        again = ask(fake, QUESTION + 100, "can a human look at this? I'm a real bakery")
        fake.statuses[again]["in_reply_to_id"] = ours
        fake.statuses[again]["in_reply_to_account_id"] = fake.owner["id"]
        [reply] = [m for m in await masto.mentions_since(mention.id) if m.id == again]
        assert reply.reply_to == ours
        outcome = await desk.handle(reply)
        assert outcome.intent == "review_request", outcome
    finally:
        await masto.close()
