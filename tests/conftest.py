"""Puts the project root and tests/ on sys.path, so tests import the project and the
shared helpers (factories) alike; keeps the checkout's .env (the owner's credentials) out
of every test and of every process a test starts."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Never the checkout's .env: an owner who runs the tests after setting the bot up would
# otherwise have every `bot.py run` the tests start sign in, read and post as them.
os.environ["WHYNOT_DOTENV"] = ""
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
