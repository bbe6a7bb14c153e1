"""Two copies of the bot serving one account, each with its own database (one on the host,
one in a container), both answer every mention: neither database knows the other's
replies, and each run lock guards only its own file. Where looking under a message costs
nothing (Mastodon, Bluesky: `looks_free`), the desk looks before every first reply, not
only on a retry or a database's first poll; a reply from the owner's account found there,
which this database did not make, is not answered again, and the owner is told in one
warning line each time: they answered by hand, or another copy runs. On X the look reads
the owner's timeline (paid), so it is made only where it always was."""

from __future__ import annotations

import logging

from whynot.models import Mention

log = logging.getLogger(__name__)
NOT_OURS = "answered already from your account, not by this bot's database"


def not_ours(mention: Mention) -> str:
    """The warning line for a reply found under a new message, and the reason it keeps."""
    who = f"@{mention.author.handle}" if mention.author.handle else mention.author.id
    log.warning(
        "%s: %s's message %s already has a reply from your account that this bot's database "
        "did not make, so it is not answered again: you replied by hand, or another copy of "
        "the bot runs with its own database (on the host and in a container?): only one may "
        "serve an account, stop the other", mention.platform, who, mention.id,
    )  # fmt: skip
    return NOT_OURS
