"""Intent of a message addressed to the account owner: the one question this bot answers.

This module owns the decision between six intents (`INTENTS`): asking to be followed
back, asking why the owner did not follow back, saying they unfollowed because the owner
did not follow back (the open letter's party 3), asking why the owner unfollowed them,
asking a person to review the bot's answer (only about our answer: `whynot.intent_review`,
`about_answer`), and everything else; and the language a reply should use. Text clean-up
lives in `whynot.textnorm`, the named rules and their order in
`whynot.intent_rules`, their building blocks and the model's cue features in
`whynot.intent_cues`, the model's scoring in `whynot.intent_model`, its fitting in
`bench/fit_intents.py`, the literal prefilter every pattern carries in `whynot.prefilter`.

Design: named rules where they are sure, a learned model everywhere else.
1. The message is normalised (`whynot.textnorm`) and idioms where "follow" is not about
   accounts ("follow up", "sigue el link") are neutralised (`prepare`).
2. The named patterns are tried (`whynot.intent_rules.match_rules`: guards first, then
   intents in `ORDER`). If the first match is a *sure* rule, it decides and is reported in `rule`
   (a sure guard decides `other`). Which rules are sure is not an opinion: the fit keeps
   those right at least 99% of the time, on at least 5 messages, in the labelled corpus
   (the list ships in the weights file, `sure_rules`).
3. Otherwise a multinomial logistic regression decides, over word, word-pair and
   character n-gram features plus what the rules know (`model_features`: which cue
   patterns matched and which rule, if any): `rule` is `model: ` and the two features that
   pushed hardest for the answer. An answered intent below the fitted threshold (chosen
   by an inner cross-validation on the training data) is `other`: a false reply is worse
   than a missed one. So is a message with no word about following (`whynot.intent_topic`):
   every mention reaches the classifier, and most are about something else; and an
   unfollow that is not between the writer and the owner, whatever decided it
   (`whynot.intent_parties`: a third party in words, "why did he unfollow me?", or told by
   an accent alone, "te dejó de seguir" against "te dejo de seguir").
4. The language is a second, three-way logistic regression over the same features and the
   accented letters of the raw text, computed in the same pass; text without letters keeps
   `textnorm`'s guess ("en" when nothing tells).

Why, by measurement (`python bench/intents_eval.py`; group 5-fold, every fold's model
fitted without its families, real posts held out by account): the rules alone, developed
on the project's own 383 items (0.98 macro-F1 there), reach macro-F1 0.59 on 611
paraphrase families written since (the keyword baseline 0.31) and would answer 235 of
1,482 real posts about following that ask nothing (follow trains, giveaways, follower
statistics); the rules plus the model reach 0.80 on held-out families (lowest precision of
an answered intent 0.85) and answer 22 of those 1,482 real posts, and 0.97 on the old
test items never trained on. The model alone was a little worse than the combination on
held-out families (the sure rules carry phrasings the corpus lacks), and without the cue
features it lost 4 points (0.76 against 0.80 on the corpus of the time). Language by
marker words was right on 0.94 of Portuguese and 0.96 of Spanish families; the learned one
on 0.97 of each, held out, and 1.00 of English. With 159 families more (review requests,
slang, formal brand requests, purges, milestones), held out: 0.867 on all families, 0.871
on the older ones (0.851 without the new), 0.820 on the new. The targets (0.95 macro-F1,
precision 0.97) are not met on held-out families: most misses are answered intents read as
`other`, the safe side. Hashtag lists and follow trains read like requests once their tags
become words ("#siguemeytesigo #smile <link>"): the model also reads the raw text's hashtag
shape (`marks`); with it and 22 families more (contact requests, adverts, announcements,
follow trains, hashtag lists), over three draws of the outer folds: families 0.873 to 0.878
(0.863 to 0.871 before, without the 105 new messages), real posts 0.45 to 0.46 (0.40 to
0.47), real posts asking nothing answered 19 to 24 of 1,482 (24 to 27). Those real-post
figures are optimistic: the 22 families were written after reading the real posts the model
got wrong (`bench/intents_eval.py --errors`), so they are not blind to them. A family of
polite Portuguese requests with 'seguir' since ('pode me seguir?' was read as other):
outer seed 14, families 0.873 before and after, real posts 0.446 -> 0.443. Then 12 cues
(`whynot.intent_cues`: purges, one-way follows, "a follow", "except me", other platforms...)
and 108 families of the kinds that failed: the old families, outer seeds 14/15/16, 0.873/
0.863/0.862 -> 0.875/0.878/0.881 (cues alone 0.880/0.870), all 0.863/0.866/0.868 with the
new ones held out (about 0.72 on those); real posts 0.443/0.433/0.457 -> 0.436/0.426/0.436,
those asking nothing answered 22/21/18 -> 25/24/25; 303 fresh mentions never trained on
(`bench/data/intents_fresh.jsonl`, read once per model): 0.852 -> 0.884, and 0.888 with
the topic gate (`whynot.intent_topic`), lowest precision 0.905 -> 0.860; the 12 cues cost
5% more instructions a message (818,000 -> 859,000, valgrind, 3,000 corpus messages,
caches cold), 9,653 messages per CPU second (load 2.8).
Everything runs in pure Python from plain JSON weights (`whynot/intent_model.json`): no
pickle, no numpy. Instructions a message (valgrind, every other corpus text, 3,000; msg/s
and a check that no answer changed: bench/intents_throughput.py): 448,000 before word
pairs were read as tokens and patterns ran as ASCII twins (`whynot.hoisting`), 428,000
after, 383,000 since scores are integer sums (`whynot.intent_model._pack`), idioms are read
by tokens (`whynot.textnorm.neutralised`) and work nobody reads is skipped, 285,000 since
the prefilter knows where in a token a literal sits and where words start and end (half
as many patterns run; `whynot.prefilter`), 256,000 since tokens are split once for the
stages after (`neutralised_tokens`, `prefilter.joined`) and objects and scans are spared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from itertools import compress

from whynot import textnorm
from whynot.intent_cues import marks, model_features
from whynot.intent_model import IntentModel
from whynot.intent_parties import not_between_us
from whynot.intent_review import gate_open
from whynot.intent_rules import match_gated, match_rules
from whynot.intent_topic import about_following
from whynot.memo import Memo
from whynot.textnorm import MAX_CHARS, Normalised, guess_language, neutralised, normalise

INTENTS: tuple[str, ...] = (
    "follow_back_request",
    "why_not_followed",
    "unfollow_excuse",
    "why_unfollowed",
    "review_request",
    "other",
)


@dataclass(frozen=True, slots=True)
class IntentResult:
    intent: str  # one of INTENTS
    confidence: float  # 0..1
    language: str  # "en", "es" or "pt" (best guess; "en" default) - replies use it
    rule: str | None  # name of the pattern that decided, None for other


_SETS = tuple(getattr(IntentResult, f.name).__set__ for f in fields(IntentResult))


def _result(intent: str, confidence: float, language: str, rule: str | None) -> IntentResult:
    """`IntentResult(...)` by its slots' setters: half the work of the frozen `__init__`."""
    result, (set_i, set_c, set_l, set_r) = object.__new__(IntentResult), _SETS  # in order
    set_i(result, intent)
    set_c(result, confidence)
    set_l(result, language)
    set_r(result, rule)
    return result


def prepare(text: str, guess: bool = True) -> tuple[Normalised, str]:
    """The normalised message and the string rules and model read (idioms neutralised);
    `guess` as in `normalise`."""
    norm = normalise(text, guess)
    return norm, neutralised(norm.text)


_FOLLOW_WORDS = re.compile(r"follow|segu|sigu|sigo|sigas|sdv|f4f|mutuals")


@cache
def model() -> IntentModel:
    """The shipped weights (`whynot/intent_model.json`), loaded once."""
    return IntentModel.load()


def classify(text: str, about_answer: bool = False) -> IntentResult:
    """The intent of one message; never raises on any string (returns `other` instead).
    `about_answer`: the message replies to one of the bot's answers."""
    try:
        return _classify(text, model(), about_answer)
    except Exception:  # a bug in a pattern must not take the bot down: stay silent instead
        return IntentResult("other", 0.5, "en", None)


def classify_with(
    text: str, fitted: IntentModel, about_answer: bool = False, parties: bool = True
) -> IntentResult:
    """`classify` with other weights (bench/fit_intents.py scores its folds this way);
    `parties=False` leaves out the last check, who unfollowed whom (`not_between_us`)."""
    return _classify(text, fitted, about_answer, parties)


def _layout(classes: tuple[str, ...]) -> tuple[int | None, tuple[bool, ...]]:
    """Where `review_request` is among a model's classes, and which classes are answered."""
    review = classes.index("review_request") if "review_request" in classes else None
    return review, tuple(c != "other" for c in classes)


# The intents about an unfollow between the writer and the owner, and the confidence of
# `other` when it is someone else's (`whynot.intent_parties`; a sure guard's).
SOMEONE_ELSE_CONFIDENCE = 0.85

_LAYOUT: Memo[tuple[str, ...], tuple[int | None, tuple[bool, ...]]] = Memo(_layout)


def _classify(
    text: str, fitted: IntentModel, about_answer: bool = False, parties: bool = True
) -> IntentResult:
    normalised, truncated = textnorm.normalised_text(text)  # `prepare(text, False)`
    s, tokens = textnorm.neutralised_tokens(normalised)  # `tokens`: `s.split()`
    gate = gate_open(s, about_answer)
    matched = match_gated(s, truncated, about_answer, gate)
    extra = model_features(s, matched, marks(text), about_answer)
    sure = matched is not None and matched.rule in fitted.sure_rules
    probs, language = fitted.decide(s, extra, classes=not sure, tokens=tokens)
    if language is None or not any(map(str.isalpha, s)):
        # nothing to read a language from: marker spelling ("¿") or the default, "en"
        language = guess_language(text[:MAX_CHARS].lower())
    if sure and matched is not None:
        if parties and not_between_us(matched.intent, text, s):
            return _result("other", SOMEONE_ELSE_CONFIDENCE, language, None)
        rule = None if matched.intent == "other" else matched.rule
        return _result(matched.intent, matched.confidence, language, rule)
    review, answered = _LAYOUT[fitted.classes]
    if review is not None and not gate:
        probs[review] = 0.0  # not about our answer
    best = probs.index(max(probs))  # the first most probable
    if fitted.classes[best] == "other" or probs[best] < fitted.threshold:
        # how sure it is that no answered intent applies
        return _result("other", round(1.0 - max(compress(probs, answered)), 3), language, None)
    if not (about_answer or best == review or about_following(s)):
        # says nothing about following (review requests have their own gate): sure
        return _result("other", 1.0, language, None)
    if parties and not_between_us(fitted.classes[best], text, s):
        # an unfollow by or of someone else (`whynot.intent_parties`)
        return _result("other", SOMEONE_ELSE_CONFIDENCE, language, None)
    top = fitted.strongest(s, best, 2, extra)
    rule = f"model: {', '.join(top)}" if top else "model"
    return _result(fitted.classes[best], round(probs[best], 3), language, rule)


def classify_rules(text: str, about_answer: bool = False) -> IntentResult:
    """The named rules alone, as before the model (kept for comparison in bench/)."""
    norm, s = prepare(text)
    matched = match_rules(s, norm.truncated, about_answer)
    if matched is None:
        confidence = 0.65 if _FOLLOW_WORDS.search(s) else 0.95
        return IntentResult("other", confidence, norm.language, None)
    rule = None if matched.intent == "other" else matched.rule
    return IntentResult(matched.intent, matched.confidence, norm.language, rule)
