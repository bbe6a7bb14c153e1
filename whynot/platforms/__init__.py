"""Platform adapters: each implements `whynot.platform.Platform` for one service."""
