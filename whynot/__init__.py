"""The platform-neutral core: configuration, intents, the pipeline, replies and the store.

Imports run one way: cogs and `whynot.platforms` -> `whynot` -> `scoring`.
"""
