"""An owner's interest named in the reply's language, from the wordings the owner gave.

`[owner.synonyms]` lists other wordings of an interest, often its translations, without
saying which language each is in ("customer service" = ["atendimento ao cliente",
"atención al cliente"]): that is what an owner writes without reading docs. A reply that
says which interests the asker's posts touch (the `off_topic` fact) names each in the
reply's language when the owner gave a wording in it, else as written in `interests`;
nothing is ever machine-translated.

A wording's language is read by the language identifier (`whynot.reply_language`): the
language among the templates' (`languages`) it gives probability >= `SURE_FORM`, and also
its first choice among all its candidate languages, so that a French "réseaux sociaux" is
not taken for Spanish when there are no French templates. The interest as written is kept
when it is itself read as the reply's language. Chosen on the even-numbered concepts of
`tests/test_interest_names.py` (42 interests in English, Spanish and Portuguese, each
written in one language with the other two as its wordings); on the odd-numbered ones, of
189 (interest, reply language) pairs, 149 are named in the reply's language (73 when the
interest is always named as written), 39 keep the interest as written, 1 names it in
another language ("café de especialidad" in a Portuguese reply, for "specialty coffee").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from scoring.criteria.relevance import english_topics
from scoring.models import CriterionResult, Fact
from whynot.reply_language import candidates, identify

SURE_FORM = 0.5  # more likely this language than all the others together
TOPICS_FACT = "few_shared_topics"  # scoring.criteria.relevance: its topic_list, topics


@cache
def form_language(text: str, languages: tuple[str, ...]) -> str:
    """The language of one wording among `languages`, "" when the identifier cannot tell."""
    found, probability = identify(text, languages)
    if probability < SURE_FORM:
        return ""
    first, _ = identify(text, candidates(languages))
    return found if first == found else ""


def interest_name(label: str, language: str, languages: tuple[str, ...]) -> str:
    """`label` (an `Interest`, or any text) as the reply in `language` names it."""
    forms: tuple[str, ...] = getattr(label, "forms", ())
    if not forms or form_language(str(label), languages) == language:
        return str(label)
    named = (form for form in forms if form_language(form, languages) == language)
    return next(named, str(label))


def _renamed(
    criterion: CriterionResult, language: str, languages: tuple[str, ...]
) -> CriterionResult:
    facts, evidence = list(criterion.facts), list(criterion.evidence)
    if all(fact.key != TOPICS_FACT for fact in facts):
        return criterion
    for i, fact in enumerate(facts):
        values = fact.values
        labels = values.get("topic_list")
        if fact.key != TOPICS_FACT or not isinstance(labels, tuple):
            continue
        names = tuple(interest_name(label, language, languages) for label in labels)
        if names == tuple(map(str, labels)) or not names:
            continue
        others = values.get("others", 0)
        old, new = str(values.get("topics", "")), english_topics(names, int(str(others)))
        facts[i] = Fact.of(fact.key, **{**values, "topic_list": names, "topics": new})
        if i < len(evidence) and old and evidence[i].endswith(old):
            evidence[i] = evidence[i][: len(evidence[i]) - len(old)] + new
    return replace(criterion, facts=tuple(facts), evidence=tuple(evidence))


def named_in(
    reasons: Sequence[CriterionResult], language: str, languages: tuple[str, ...]
) -> list[CriterionResult]:
    """`reasons` with the owner's interests named in `language` where the owner gave a
    wording in it (both the facts other languages word and the English evidence)."""
    return [_renamed(criterion, language, languages) for criterion in reasons]
