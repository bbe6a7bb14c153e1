"""Intent of a message addressed to the account owner: the one question this bot answers.

This module owns the decision between five intents (`INTENTS`): asking to be followed
back, asking why the owner did not follow back, saying they unfollowed because the owner
did not follow back (the open letter's party 3), asking why the owner unfollowed them, and
everything else. Text clean-up lives in `whynot.textnorm`.

Why patterns and not a model: every decision names the rule that made it (`rule`), so a
moderator can see why the bot answered and a wrong answer is fixed by editing one line;
the rules are auditable in review, run in microseconds with the standard library only, and
need no training data or weights to ship. The domain is narrow (a handful of phrasings in
three languages), which patterns cover well. A false reply is worse than a missed one, so
everything unsure is `other`.

How a message is decided, on the normalised text (see `whynot.textnorm`):
1. idioms where "follow" is not about accounts ("follow up", "follow the money",
   "sigue el link") are neutralised;
2. global guards send thanks, how-to and advice questions, questions about other people
   and follower spam to `other`;
3. intents are tried in `ORDER` (most specific first: an unfollow excuse contains a
   "you didn't follow back"); the first rule that matches, and whose intent's guards do not,
   decides. Confidence is the rule's, lowered by 10% for every other intent that also
   matched (beyond those in `IMPLIED`) and for input cut at `MAX_CHARS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whynot.textnorm import normalise

INTENTS: tuple[str, ...] = (
    "follow_back_request",
    "why_not_followed",
    "unfollow_excuse",
    "why_unfollowed",
    "other",
)
ORDER = ("unfollow_excuse", "why_unfollowed", "why_not_followed", "follow_back_request")
# Matches an intent's messages contain by nature ("why didn't you follow me back" also says
# "follow me back"); only other co-matching intents lower the confidence.
IMPLIED = {
    "unfollow_excuse": {"why_not_followed", "follow_back_request"},
    "why_unfollowed": {"why_not_followed"},
    "why_not_followed": {"follow_back_request"},
    "follow_back_request": set(),
}


@dataclass(frozen=True, slots=True)
class IntentResult:
    intent: str  # one of INTENTS
    confidence: float  # 0..1
    language: str  # "en", "es" or "pt" (best guess; "en" default) - replies use it
    rule: str | None  # name of the pattern that decided, None for other


# Fragments shared by the patterns below, written <NAME> inside them.
_FRAGMENTS = {
    # a form of "follow" (English; Spanish and Portuguese forms are spelled out per rule)
    "FOLLOW": r"(?:follow|follows|followed|following)",
    "UNFOLLOW": r"(?:unfollow|unfollows|unfollowed|unfollowing)",
    "NEG": r"(?:no|not|dont|didnt|never|havent|hasnt|wont|arent|werent|isnt|doesnt|aint|cant"
    r"|without|yet to)",
    # words that may sit between a negation and "follow": "didnt you ever follow"
    "FILL": r"(?: (?:you|me|ever|even|yet|still|really|gonna|going|to|be|bother|just|once"
    r"|actually|again|el|un|tu|voce|de|mi))*",
    "WHY": r"(?:why|howcome|what gives|pq)",
}


def _rx(pattern: str) -> re.Pattern[str]:
    for name, fragment in _FRAGMENTS.items():
        pattern = pattern.replace(f"<{name}>", fragment)
    return re.compile(pattern)


# The owner did not follow the writer: "you never followed me back", "no me sigues".
_NOT_FOLLOWED = (
    r"(?:\b<NEG><FILL> (?:<FOLLOW>|return(?:ed)? (?:the|my) follow)\b"
    r"|\b(?:no|nunca|sin|ni)(?: me| tu| el| mi| de)* (?:sigues|seguis|sigas|seguiste|seguias"
    r"|has seguido|devuelves|devolviste|follow)\b"
    r"|\b(?:nao|nunca|sem)(?: me| voce| de)* (?:segue|seguiu|seguia|seguir|segues|siga"
    r"|follow)\b|\bignor\w* my follow|\b(?:quien|quem) (?:no|nao) me (?:sigue|segue)\b)"
)
# The writer unfollowed: "I unfollowed", "te dejé de seguir", "deixei de te seguir".
_I_UNFOLLOWED = (
    r"(?:\b(?:i|we)(?: (?!you\b)\S+){0,2}? (?:<UNFOLLOW>|stopped following|removed|dropped"
    r"|hit unfollow)\b|^(?:\S+ )?(?:unfollowed|unfollowing)\b"
    r"|\bi (?:\S+ )?(?:no longer follow you|dont follow you anymore)|\bya no te sigo\b"
    r"|\bnao te sigo mais\b|\b(?:then|so) (?:i )?unfollow|= unfollow"
    r"|\bte (?:deje|dejo|he dejado) de seguir|\bdeje de seguir|\bdejo de seguir"
    r"|\b(?:te |le )?di (?:un )?unfollow|\b(?:deixei|parei|deixo|paro) de (?:te )?seguir"
    r"|\b(?:te )?dei (?:um )?unfollow)"
)

# Idioms where "follow" is not about accounts: the verb becomes "xfollow".
_IDIOM = re.compile(
    r"\b(?:follow|follows|followed|following|sigue|sigan|siga|segue|sigam|segui)"
    r"(?! your turn)(?= (?:up|along|through|suit|instructions|back the|the|your|my|our|this"
    r"|these|that|el|la|los|las|tus|mis|sus|su|nuestra|nuestro|o|os|as|sua|seu|minha|meu|nossa|nosso"
    r"|este|esta|link|enlace)\b)"
)

GUARDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, _rx(pattern))
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

RULES: dict[str, tuple[tuple[str, float, re.Pattern[str]], ...]] = {
    intent: tuple((name, confidence, _rx(pattern)) for name, confidence, pattern in rules)
    for intent, rules in {
        "unfollow_excuse": (
            ("excuse.unfollowed_because_not_followed", 0.92,
             rf"^(?=.*{_I_UNFOLLOWED})(?=.*{_NOT_FOLLOWED})"),
            ("excuse.only_follow_who_follow_back", 0.9,
             rf"^(?=.*{_I_UNFOLLOWED})(?=.*\bonly <FOLLOW>(?: \S+){{0,3}} who <FOLLOW>"
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
            ("notfollowed.why_not", 0.93, rf"^(?=.*\b<WHY>\b)(?=.*{_NOT_FOLLOWED})"),
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
INTENT_GUARDS: dict[str, tuple[re.Pattern[str], ...]] = {
    intent: tuple(_rx(p) for p in patterns)
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

_FOLLOW_WORDS = re.compile(r"follow|segu|sigu|sigo|sigas|sdv|f4f|mutuals")


def classify(text: str) -> IntentResult:
    """The intent of one message; never raises on any string (returns `other` instead)."""
    try:
        return _classify(text)
    except Exception:  # a bug in a pattern must not take the bot down: stay silent instead
        return IntentResult("other", 0.5, "en", None)


def _classify(text: str) -> IntentResult:
    norm = normalise(text)
    s = _IDIOM.sub("xfollow", norm.text)
    if any(guard.search(s) for _, guard in GUARDS):
        return IntentResult("other", 0.85, norm.language, None)
    decided: tuple[str, str, float] | None = None
    others = 0
    for intent in ORDER:
        if any(guard.search(s) for guard in INTENT_GUARDS[intent]):
            continue
        for name, confidence, pattern in RULES[intent]:
            if pattern.search(s):
                if decided is None:
                    decided = (intent, name, confidence)
                elif intent != decided[0] and intent not in IMPLIED[decided[0]]:
                    others += 1
                break
    if decided is None:
        confidence = 0.65 if _FOLLOW_WORDS.search(s) else 0.95
        return IntentResult("other", confidence, norm.language, None)
    intent, name, confidence = decided
    confidence *= 0.9**others * (0.9 if norm.truncated else 1.0)
    return IntentResult(intent, round(confidence, 3), norm.language, name)
