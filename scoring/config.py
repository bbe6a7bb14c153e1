"""The old name of `scoring.thresholds`, where every threshold and weight of the scorer
lives. Kept only while `scoring/fake.py`, `scoring/fake_signals.py`, `bench/evaluate.py`
and `bench/fit_fake_score.py` (being changed elsewhere) still import it; new code imports
`scoring.thresholds`, and this file goes when they do."""

from scoring.thresholds import *  # noqa: F403
