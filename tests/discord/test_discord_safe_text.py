"""Issue 17: every text an account brings is made safe before any output, the owner's
Discord feed included: a lone surrogate (an emoji cut in half by an API) in an X asker's
name or message reaches the feed as U+FFFD, never as an escape Discord refuses."""

from __future__ import annotations

from whynot.models import Identity, Mention

CUT = "\ud83d"  # the first half of an emoji, alone


async def test_a_lone_surrogate_reaches_the_feed_replaced(world):
    await world.store.guilds.set(str(world.guild.id), "feed_channel", str(world.feed.id), "t", 0)
    asker = Identity("x", "77", "promo", f"Promo {CUT}")
    await world.desk.handle(Mention("x", "1", asker, f"why didn't you follow me back? {CUT}"))
    [post] = world.channels.to(world.feed)
    # Made safe where the feed escapes every value (whynot.replies.escape_discord).
    assert "Promo \ufffd" in post.content and "back? \ufffd" in post.content
    post.content.encode("utf-8")  # raises if any lone surrogate were left
