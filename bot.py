#!/usr/bin/env python3
"""Entry point: `python bot.py COMMAND ...` (see `python bot.py --help`)."""

from __future__ import annotations

import sys

from whynot.cli import main

if __name__ == "__main__":
    sys.exit(main())
