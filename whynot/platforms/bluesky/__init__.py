"""Bluesky (AT Protocol) adapter: `platform` (the `Platform` through atproto's async
client), `payloads` (wire JSON -> the project's types), `jetstream` (live follows and
unfollows from the Jetstream firehose, with record-key bookkeeping)."""
