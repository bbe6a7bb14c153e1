"""X sends post text HTML-escaped (`&` as `&amp;`, `<` as `&lt;`, `>` as `&gt;`): the adapter
reads it back as the person wrote it, so a reply never quotes "Tom &amp; Jerry" in public and
the intent and the criteria read the words, not the entities."""

from __future__ import annotations

from tests.x.conftest import just_now, tweet, user
from whynot.models import Identity


async def test_an_asker_s_posts_are_read_as_written(x, fake_x):
    fake_x.users["601"] = user("601", "tom_fan")
    fake_x.tweets["601"] = [
        tweet(3_001, "601", "Tom &amp; Jerry marathon tonight &lt;3 -&gt; my new video"),
        tweet(3_002, "601", "I typed &amp;amp; on purpose"),
    ]
    acc = await x.fetch_account(Identity("x", "601", "tom_fan"), 20)
    texts = {p.text for p in acc.posts}
    assert "Tom & Jerry marathon tonight <3 -> my new video" in texts
    assert "I typed &amp; on purpose" in texts  # one unescape: what the person typed


async def test_a_mention_is_read_as_written(x, fake_x):
    fake_x.users["602"] = user("602", "ana_cx")
    fake_x.mentions = [
        tweet(7_001, "602", "@fsalas follow back pls &lt;3 &amp; thanks", created_at=just_now(3))
    ]
    got = await x.mentions_since("7000")
    assert [m.text for m in got] == ["@fsalas follow back pls <3 & thanks"]
