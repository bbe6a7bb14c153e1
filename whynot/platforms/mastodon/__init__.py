"""Mastodon adapter: `platform` (the `Platform` through Mastodon.py, run in a worker thread)
and `payloads` (REST JSON -> the project's types)."""
