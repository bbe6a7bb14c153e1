"""Puts the project root and tests/ on sys.path, so tests import the project and the
shared helpers (factories) alike."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
