"""The named rules of intent reading: where they are sure, they decide (`whynot.intents`).

This module owns the patterns and the order they are tried in: guards that say a message
asks nothing (`GUARDS`: thanks, how-to questions, questions about other people, bought
followers...), per intent the rules that find it (`RULES`, tried in `ORDER`) and the vetoes
that skip an intent's rules (`INTENT_GUARDS`), which co-matching intents an intent's
messages contain by nature (`IMPLIED`), and `match_rules`: the first guard or rule that
matches a prepared string (`whynot.intents.prepare`), its confidence lowered when other
intents match too. The patterns' shared fragments and the cues the model reads live in
`whynot.intent_cues`, the review rules in `whynot.intent_review`.

Which rules are sure is not decided here: the fit (`bench/fit_intents.py`) keeps those right
at least 99% of the time, on at least 5 messages, in the labelled corpus, and the list
ships in the weights file (`sure_rules`); the rest are features the model reads
(`whynot.intent_cues.model_features`). Every pattern is a `whynot.prefilter.Hinted` and
all of them form one `Group`, so which may match a string is one look-up and only those
are tried, in order (`_plan`, kept per set of possible patterns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whynot.intent_cues import I_UNFOLLOWED, NOT_FOLLOWED, rule_pattern
from whynot.intent_review import gate_open, match_review
from whynot.memo import Memo
from whynot.prefilter import Group, Hinted, any_of

ORDER = ("unfollow_excuse", "why_unfollowed", "why_not_followed", "follow_back_request")
# Matches an intent's messages contain by nature ("why didn't you follow me back" also says
# "follow me back"); only other co-matching intents lower the confidence.
IMPLIED = {
    "unfollow_excuse": {"why_not_followed", "follow_back_request"},
    "why_unfollowed": {"why_not_followed"},
    "why_not_followed": {"follow_back_request"},
    "follow_back_request": set(),
}


GUARDS: tuple[tuple[str, Hinted], ...] = tuple(
    (name, rule_pattern(pattern))
    for name, pattern in (
        ("thanks", r"\b(?:thanks|thank you|gracias|obrigad[oa]|valeu|grato|grata)\b(?: \S+){0,4}?"
         r" (?:<FOLLOW>|seguir|seguirme|seguido|seguida)\b|\bappreciate (?:the|your) follow"),
        ("how_to", r"\bhow (?:do|can|to|should|would) (?:i|we|one|people|you get)\b|\bhow to\b"),
        ("should_i", r"\bshould (?:i|we)\b"),
        ("decide_who", r"\bhow (?:do|does|should|would) you (?:decide|choose|pick|select)\b"
         r"|\bwho to (?:follow|<FOLLOW>)\b"),
        ("about_others", r"\b<WHY> (?:do |does |would |are |is |la |las |los |as |os )?"
         r"(?:people|everyone|some people|accounts|they|gente|pessoas|others|users)\b"
         r"|\b<WHY> (?:do|does|would|dont|doesnt) (?!you\b|ya\b|i\b)\S+(?: \S+)?"
         r" (?:<FOLLOW>|<UNFOLLOW>)\b"),
        ("how_to_es_pt", r"\bcomo (?:consigo|gano|ganar|hago|hacer|dejo|dejar|deixo|deixar|faco"
         r"|fazer|veo|ver|saber|sei|puedo|posso|tener|ter|conseguir|ganho)\b"),
        ("who_unfollowed", r"\b(?:quien|quem|who) (?:me )?(?:unfollowed|dejo|deixou)\b"),
        ("buy_followers", r"\b(?:buy|compra|compre|comprar|get|gain|gana|ganhe)\b(?: \S+){0,3}?"
         r" (?:followers|seguidores)\b|\bfree (?:followers|seguidores)\b|\bguaranteed\b"
         r"|\bgarantizad|\bgarantid"),
    )
)  # fmt: skip

RULES: dict[str, tuple[tuple[str, float, Hinted], ...]] = {
    intent: tuple((name, confidence, rule_pattern(pattern)) for name, confidence, pattern in rules)
    for intent, rules in {
        "unfollow_excuse": (
            ("excuse.unfollowed_because_not_followed", 0.92,
             rf"^(?=.*{I_UNFOLLOWED})(?=.*{NOT_FOLLOWED})"),
            ("excuse.only_follow_who_follow_back", 0.9,
             rf"^(?=.*{I_UNFOLLOWED})(?=.*\bonly <FOLLOW>(?: \S+){{0,3}} who <FOLLOW>"
             r"(?: me)? back\b)"),
        ),
        "why_unfollowed": (
            ("unfollowed.you_unfollowed_me", 0.95,
             r"\byou(?: \S+)? (?:<UNFOLLOW>|stopped following|stop following|removed|dropped)"
             r" me\b|^(?:(?:so|hey|wait|yo|oh|omg|bro|wow|um|hmm) )?unfollowed me\b"),
            ("unfollowed.why_unfollow", 0.93,
             r"\b<WHY>(?: (?:did|would|do|does|have|are|were|is|has))?(?: you)?"
             r"(?: just| suddenly| randomly| the| that)? (?:<UNFOLLOW>|stop following"
             r"|stopped following|remove|removed|drop|dropped)\b"
             r"(?! (?:everyone|everybody|people|him|her|them|someone|accounts|all)\b)"),
            ("unfollowed.on_purpose", 0.9,
             r"\b(?:you|the|that|this|your)(?: \S+)? <UNFOLLOW>(?: \S+){0,3}? (?:on purpose"
             r"|by accident|by mistake|intentional|accidental|a mistake|an accident|deliberate)\b"),
            ("unfollowed.not_anymore", 0.9,
             r"\b(?:dont|do not|arent|are not|not|no longer) (?:<FOLLOW>) me (?:anymore|any more"
             r"|no more)\b|\bno longer <FOLLOW> me\b"),
            ("unfollowed.es_dejaste", 0.95,
             r"\bme (?:dejaste|dejastes|has dejado) de seguir|\bdejaste de seguirme"
             r"|\bme (?:diste|has dado) (?:un )?unfollow|\bya no me (?:sigues|seguis)\b"
             r"|\b(?:why|pq) (?:usted |voce )?me (?:dejo|deixou) de seguir\b"),
            ("unfollowed.pt_deixou", 0.95,
             r"\b(?:deixou|parou|deixaste) de me seguir|\bme deu (?:um )?unfollow"
             r"|\bnao me (?:segue|segues) mais\b"),
        ),
        "why_not_followed": (
            ("notfollowed.why_not", 0.93, rf"^(?=.*\b<WHY>\b)(?=.*{NOT_FOLLOWED})"),
            ("notfollowed.you_didnt", 0.9,
             r"\byou(?: still| just| even| ever)? (?:didnt|never|dont|havent|wont|arent|werent"
             r"|did not|do not|have not|hasnt|still havent|are not)<FILL> (?:<FOLLOW>|return)"
             r"(?: me)?(?: back)?\b"),
            ("notfollowed.es_pt_you_didnt", 0.9,
             r"\b(?:no|nunca|nao)(?: tu| voce)? me (?:seguiste|sigues|has seguido|devolviste"
             r"|seguiu|segue de volta)\b"),
            ("notfollowed.still_waiting", 0.88,
             r"\b(?:still|sigo|ainda) (?:no|not|waiting|without|esperando|sin|sem)\b(?: \S+){0,3}?"
             r" (?:<FOLLOW>|seguir|sigues|segue)\b"),
            ("notfollowed.no_follow_back_complaint", 0.85,
             r"^(?=.*\bno follow back\b)(?=.*(?:\?|\bwhy\b|\bstill\b|\bafter\b|\byet\b))"),
            ("notfollowed.what_does_it_take", 0.88,
             r"\bwhat\b(?: \S+){0,6}? (?:take|to do|have to|gotta)\b(?: \S+){0,5}?"
             r" (?:follow back|follow me|to follow)\b"
             r"|\bque tengo que hacer\b(?: \S+){0,3}? (?:me sigas|follow)\b"
             r"|\bo que (?:eu )?(?:preciso|tenho que|devo) fazer\b(?: \S+){0,4}?"
             r" (?:me seguir|me siga|follow)\b"),
            ("notfollowed.where_is_my_follow_back", 0.85,
             r"\b(?:y|e|cade|donde esta|where is|wheres) (?:mi|meu|my) follow back\b"),
            ("notfollowed.still_nothing", 0.85,
             r"^(?=.*\b(?:followed|te segui|te sigo)\b)(?=.*\b(?:still nothing|and nothing|y nada"
             r"|e nada|nada ainda|todavia nada)\b)"),
            ("notfollowed.when_will_you", 0.85,
             r"\bwhen (?:will|are|r) you (?:gonna |going to |ever )?follow(?: me)? back\b"
             r"|\bcuando (?:me )?(?:vas|va) a (?:seguirme|seguir|devolver)"
             r"|\bquando (?:voce )?(?:vai|vas) (?:me )?seguir"),
            ("notfollowed.reason", 0.85,
             r"\b(?:reason|razon|motivo)\b(?: \S+){0,6}? (?:follow back|follow me|followed me"
             r"|me sigues|me segue)\b|\bnot worth a follow"),
        ),
        "follow_back_request": (
            ("request.follow_back", 0.92, r"\bfollow (?:me |you )?back\b"),
            ("request.if_you_followed", 0.88,
             r"\b(?:if|hope|hoping|wish) (?:you|ya) (?:could |would |can |will )?"
             r"(?:follow|followed)(?: me)? back\b|\bfollow each other\b"),
            ("request.follow_me_please", 0.9,
             r"\b(?:please|can you|could you|would you) follow me\b|\bfollow me (?:please|too)\b"),
            ("request.f4f", 0.9, r"\bf4f\b"),
            ("request.mutuals", 0.88, r"\bmutuals\b"),
            ("request.your_turn", 0.9,
             r"\b(?:<FOLLOW>|te segui|te sigo)\b(?: \S+){0,6}? (?:your turn|tu turno|te toca"
             r"|sua vez)\b"),
            ("request.es_de_vuelta", 0.92,
             r"\b(?:sigueme|seguime|siganme|sigue|sigues|sigas|seguis|sigo) de vuelta\b"),
            ("request.es_te_sigo", 0.9,
             r"\b(?:sigueme|seguime) (?:y|que) te sigo\b"
             r"|\bte (?:segui|sigo)\b(?: \S+){0,4}? (?:sigueme|seguime|me sigues)\b"
             r"|\bme sigues \?(?: \S+){0,2}? te sigo\b|\bme sigues (?:y|e) te sigo\b"
             r"|\b(?:te )?devuelvo el follow\b|\bdevuelveme (?:el )?follow\b"
             r"|\b(?:sigueme|seguime|sigame|siganme) (?:please|too|tu too)\b"),
            ("request.es_pt_give_follow", 0.9,
             r"\bme (?:devuelves|das|regalas|dieras|darias|puedes dar|da|de)"
             r" (?:el |un |um |o |tu )?follow\b|\bdame (?:el |un )?follow\b"),
            ("request.es_pt_will_you", 0.85,
             r"(?:^|\. )(?:y |e )?(?:me (?:sigues|seguis|segue)|(?:nos )?seguimos) \?"),
            ("request.pt_de_volta", 0.92,
             r"\b(?:segue|sigo|segues|siga|sigam|sigue)(?: eu| me)? de volta\b|\bsdv\b"
             r"|\bbora (?:se )?seguir\b|\bvamos nos seguir\b|\bnos seguimos\b"),
            ("request.pt_me_segue", 0.88,
             r"\bme segue (?:too|please|\?|que)|\bte segui\b(?: \S+){0,3}? me segue\b"),
        ),
    }.items()
}  # fmt: skip

# Per-intent guards: when one matches, that intent's rules are skipped.
INTENT_GUARDS: dict[str, tuple[Hinted, ...]] = {
    intent: tuple(rule_pattern(p) for p in patterns)
    for intent, patterns in {
        "unfollow_excuse": (),
        "why_unfollowed": (
            r"\bwhy (?:would|should) (?:i|we)\b",
            r"\bi (?:\S+ )?<UNFOLLOW> you\b",
            r"\b(?:if|when|in case) you (?:\S+ )?(?:<UNFOLLOW>|stop following)\b",
        ),
        "why_not_followed": (r"\b(?:i|we|they|who|that) (?:dont|didnt|never|wont) follow\b",),
        "follow_back_request": (
            r"\bshould(?: \S+){0,2} follow back\b",
            r"\bfollow back (?:more|everyone|everybody|people|small|all|those|accounts|bots)\b",
            r"\b(?:begging|beg|asking|ask) for (?:a )?(?:follow|f4f)",
            r"\b(?:who|that|whoever|which) (?:dont|doesnt|didnt|wont|never) follow\b",
            r"\b(?:when|after) (?:people|you|they|someone) (?:\S+ )?follow back\b|\bhate when\b",
            r"\bfollow backs? (?:needed|necessary|required|expected|policy|rule|rules"
            r"|etiquette)\b",
            r"\b(?:no|nao|nunca) (?:me )?(?:sigue|segue|sigues) de (?:vuelta|volta)\b",
            r"\b(?:people|who|doing|do|does|did|hacer|fazer|about|is|stop|stopped|with|the|el|o"
            r"|sobre) f4f\b|\bf4f (?:is|are|really|scheme|es|e|sucks|never|doesnt|tactic"
            r"|strategy|thing)\b",
            r"\b(?:my|our|your|his|her|their|the|of|with|mis|meus|nuestros) mutuals\b",
        ),
    }.items()
}  # fmt: skip

# Every guard, veto and rule in the order `match_rules` tries them, as one `Group`: which
# of them may match a string is one look-up (`whynot.prefilter`), and what to try is kept
# per such set (`_plan`): the guards, then each intent with a rule left, its vetoes first.
_TRIED: tuple[tuple[str, str, str, float, Hinted], ...] = (
    *(("guard", "other", f"guard.{name}", 0.85, guard) for name, guard in GUARDS),
    *(
        item
        for intent in ORDER
        for item in (
            *(("veto", intent, "", 0.0, veto) for veto in INTENT_GUARDS[intent]),
            *(("rule", intent, name, c, pattern) for name, c, pattern in RULES[intent]),
        )
    ),
)
_TRIED_GROUP = Group(item[-1] for item in _TRIED)
Search = Callable[[str], object]
Plan = tuple[
    tuple[tuple[str, Search], ...],  # guards: name, search
    tuple[tuple[str, tuple[Search, ...], tuple[tuple[str, float, Search], ...]], ...],
]


def _plan(positions: tuple[int, ...]) -> Plan:
    """What to try, in order, when only the patterns at `positions` may match."""
    items = [_TRIED[i] for i in positions]
    guards = tuple((name, p.search_candidate) for kind, _, name, _, p in items if kind == "guard")
    intents = []
    for intent in ORDER:
        mine = [(kind, name, c, p.search_candidate) for kind, i, name, c, p in items if i == intent]
        rules = tuple((name, c, search) for kind, name, c, search in mine if kind == "rule")
        if rules:  # without a rule left, its vetoes need not be tried either
            vetoes = tuple(search for kind, _, _, search in mine if kind == "veto")
            intents.append((intent, vetoes, rules))
    return guards, tuple(intents)


_PLANS: Memo[tuple[int, ...], Plan] = Memo(_plan)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """What the named rules say about one message: an intent and the rule that found it, or
    `other` and the guard that vetoed (`guard.NAME`)."""

    intent: str
    rule: str
    confidence: float


# Every rule and guard worth trying needs a stem; without, none is tried (`any_of` tells).
RULE_STEMS = ("follow", "segu", "sigu", "sigo", "sigas", "sdv", "f4f", "mutuals", "remov", "drop")
_holds_stem = any_of(RULE_STEMS)


def match_rules(s: str, truncated: bool = False, about_answer: bool = False) -> RuleMatch | None:
    """The first guard or rule that matches the prepared string `s`, if any; review rules
    first, when the message is about our answer (`whynot.intent_review`)."""
    return match_gated(s, truncated, about_answer, gate_open(s, about_answer))


def match_gated(s: str, truncated: bool, about_answer: bool, gate: bool) -> RuleMatch | None:
    """`match_rules`, given `gate_open(s, about_answer)`."""
    review = match_review(s, about_answer) if gate else None  # None where the gate is shut
    if review is not None:
        return RuleMatch("review_request", review[0], review[1] * (0.9 if truncated else 1.0))
    if not _holds_stem(s):
        return None
    # only the patterns whose literals `s` holds are tried, in order (`whynot.prefilter`)
    guards, intents = _PLANS[_TRIED_GROUP.may_match(s)]
    for name, search in guards:
        if search(s):
            return RuleMatch("other", name, 0.85)
    decided: tuple[str, str, float] | None = None
    others = 0
    for intent, vetoes, rules in intents:
        for veto in vetoes:
            if veto(s):
                break
        else:
            for name, confidence, search in rules:
                if search(s):
                    if decided is None:
                        decided = (intent, name, confidence)
                    elif intent != decided[0] and intent not in IMPLIED[decided[0]]:
                        others += 1
                    break
    if decided is None:
        return None
    intent, name, confidence = decided
    confidence *= 0.9**others * (0.9 if truncated else 1.0)
    return RuleMatch(intent, name, round(confidence, 3))
