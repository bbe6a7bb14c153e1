#!/usr/bin/env python3
"""Entry point: `python bot.py COMMAND ...` (see `python bot.py --help`)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    try:
        from whynot.cli import main

        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before a command handles it (while importing)
        sys.exit(130)
