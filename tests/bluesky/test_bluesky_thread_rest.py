"""A Bluesky reply thread cut after post 1 (whynot.thread_rest): `reply` reports the post
made as a ThreadCut with the refusal, and the rest is sent later under that post (`under`),
in the mention's thread (its root), each post once. Before, the post made was returned as
the whole reply, and a reply could only start under the mention."""

from __future__ import annotations

from tests.bluesky.fake_pds import PASS, Fault
from tests.bluesky.test_bluesky_adapter import mention


async def test_a_cut_thread_is_reported_and_its_rest_goes_on_under_the_post_made(fake, bsky):
    root = {"uri": "at://did:plc:x/app.bsky.feed.post/root", "cid": "bafyroot"}
    uri = mention(fake, 5, "why not?", reason="reply", parent={"root": root, "parent": root})
    [asked] = await bsky.mentions_since(None)
    fake.faults["com.atproto.repo.createRecord"] = [PASS, Fault(503)]  # post 2 refused
    made = await bsky.reply(asked, ["one (1/2)", "two (2/2)"])
    assert len(made) == 1 and made.error.transient  # a ThreadCut: the post made, the refusal
    rest = await bsky.reply(asked, ["two (2/2)"], under=made[0])
    assert len(rest) == 1 and not hasattr(rest, "error")  # all of it made
    first, second = (c["record"] for c in fake.created)
    assert [first["text"], second["text"]] == ["one (1/2)", "two (2/2)"]  # each once
    assert first["reply"]["parent"]["uri"] == uri
    assert second["reply"]["parent"]["uri"] == made[0]  # under the post made
    assert second["reply"]["root"]["uri"] == root["uri"]  # in the mention's thread
    assert await bsky.already_replied(asked) == (made[0], rest[0])
