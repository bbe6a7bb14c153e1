"""Rich-text facets for our Bluesky posts: a mention facet links "@handle" to a DID and
notifies that account, so one is made only for the asker, never for a third party (whose
handle, if a template ever printed one, stays plain text and notifies no one)."""

from __future__ import annotations

from atproto_client import models

from whynot.models import Identity


def asker_facets(text: str, asker: Identity) -> list[models.AppBskyRichtextFacet.Main]:
    """Mention facets for "@<asker handle>" in the text (byte offsets in UTF-8), and for
    nobody else: a third party's handle stays plain text, which notifies no one."""
    if not asker.handle or not asker.id:
        return []
    needle = f"@{asker.handle}".encode()
    raw = text.encode("utf-8")
    facets = []
    start = raw.find(needle)
    while start != -1:
        end = start + len(needle)
        after = raw[end : end + 1]
        if not after or not (after.isalnum() or after in b".-_"):
            facets.append(
                models.AppBskyRichtextFacet.Main(
                    features=[models.AppBskyRichtextFacet.Mention(did=asker.id)],
                    index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=end),
                )
            )
        start = raw.find(needle, end)
    return facets
