"""The building blocks of the intent rules and the cues the intent model reads.

This module owns the pattern fragments shared by `whynot.intents`' rules (`rule_pattern`:
"follow" in its forms, negations, "why"), the two patterns that say who did what to whom
(`NOT_FOLLOWED`: the owner did not follow the writer; `I_UNFOLLOWED`: the writer
unfollowed), and the features the model reads besides words and character n-grams
(`model_features`): which cue patterns match (`CUES`, `x:NAME`), the review cues of
`whynot.intent_review`, the rule that matched (`r:`, `i:`) and what only the raw text
shows (`marks`): its language-telling letters (`o:LETTER`) and its hashtag shape
(`o:tags3`, `o:tag_list`: follow trains and hashtag lists, whose tags normalisation turns
into plain words). Patterns read the string
`whynot.intents.prepare` gives. Every pattern carries the literals it needs
(`whynot.prefilter`), and the cues are tried only where those are present (`Group`): the
features are those of trying every cue.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whynot.intent_review import review_features
from whynot.prefilter import Group, Hinted
from whynot.textnorm import MAX_CHARS

if TYPE_CHECKING:
    from whynot.intent_rules import RuleMatch

# Fragments shared by the rule and cue patterns, written <NAME> inside them.
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


def rule_pattern(pattern: str) -> Hinted:
    """A pattern with its <NAME> fragments filled in, compiled with its literal hints."""
    for name, fragment in _FRAGMENTS.items():
        pattern = pattern.replace(f"<{name}>", fragment)
    return Hinted.compile(pattern)


# The owner did not follow the writer: "you never followed me back", "no me sigues".
NOT_FOLLOWED = (
    r"(?:\b<NEG><FILL> (?:<FOLLOW>|return(?:ed)? (?:the|my) follow)\b"
    r"|\b(?:no|nunca|sin|ni)(?: me| tu| el| mi| de)* (?:sigues|seguis|sigas|seguiste|seguias"
    r"|has seguido|devuelves|devolviste|follow)\b"
    r"|\b(?:nao|nunca|sem)(?: me| voce| de)* (?:segue|seguiu|seguia|seguir|segues|siga"
    r"|follow)\b|\bignor\w* my follow|\b(?:quien|quem) (?:no|nao) me (?:sigue|segue)\b)"
)
# The writer unfollowed: "I unfollowed", "te dejé de seguir", "deixei de te seguir".
I_UNFOLLOWED = (
    r"(?:\b(?:i|we)(?: (?!you\b)\S+){0,2}? (?:<UNFOLLOW>|stopped following|removed|dropped"
    r"|hit unfollow)\b|^(?:\S+ )?(?:unfollowed|unfollowing)\b"
    r"|\bi (?:\S+ )?(?:no longer follow you|dont follow you anymore)|\bya no te sigo\b"
    r"|\bnao te sigo mais\b|\b(?:then|so) (?:i )?unfollow|= unfollow"
    r"|\bte (?:deje|dejo|he dejado) de seguir|\bdeje de seguir|\bdejo de seguir"
    r"|\b(?:te |le )?di (?:un )?unfollow|\b(?:deixei|parei|deixo|paro) de (?:te )?seguir"
    r"|\b(?:te )?dei (?:um )?unfollow)"
)


# Cues the model reads besides words and character n-grams (`x:NAME` features): the
# building blocks of the rules, which say who did what to whom in all three languages.
CUES: tuple[tuple[str, Hinted], ...] = tuple(
    (name, rule_pattern(pattern))
    for name, pattern in (
        ("not_followed", NOT_FOLLOWED),
        ("i_unfollowed", I_UNFOLLOWED),
        ("why", r"\b<WHY>\b"),
        ("question", r"\?"),
        ("follow_me", r"\b(?:follow me|follow back|sigueme|seguime|siganme|me sigas|me sigues"
         r"|me segue|me siga|me seguir|me seguisse|me siguieras|seguirme|sdv|f4f"
         r"|de vuelta|de volta)\b"),
        ("i_follow_you", r"\b(?:i|eu|yo|ya|ja)\b(?: \S+){0,2} (?:<FOLLOW>|sigo|segui|te sigo"
         r"|te segui)\b(?: you| te| u)?|\bte (?:sigo|segui)\b"),
        ("you_unfollowed", r"\byou(?: \S+)? (?:<UNFOLLOW>|stopped following|removed|dropped)"
         r" me\b|\b(?:me|te) (?:dejaste|deixou|deu|diste)\b|\bparou de me\b"),
        ("third_person", r"\b(?:she|he|they|her|him|his|ela|ele|ella|el|ellos|eles|boss|jefe"
         r"|chefe|crush|mom|sister|friend|people|gente|pessoas|pessoal|everyone|todos)\b"),
        ("no_need", r"\b(?:no need|dont have to|not asking|no hace falta|nao precisa"
         r"|nao preciso|no necesito|no te pido|nao to pedindo)\b"),
        ("contact", r"\b(?:dm|dms|mensaje|mensagem|privado|message|email|correo|chat)\b"),
        ("broadcast", r"^rt\b|\bretweet|\b(?:rt|da rt|de rt)\b|\bgiveaway|\bsorteo|\bsorteio"
         r"|\bwin\b|\bgana\b|\bganhe\b|\bfollowers\b|\bseguidores\b"),
        ("negated_future", r"\b(?:wont|never|would never|not going to|no voy a|nunca)\b"
         r"(?: \S+){0,2} (?:unfollow|deixaria|dejaria|dejar de|deixar de)"),
        ("conditional", r"\b(?:if|when|even if|in case|si|se|aunque|mesmo que|caso)"
         r" (?:you|u|ya|people|someone|me|voce|vc|tu|no|nao|algun|um)\b"),
        ("accident", r"\b(?:by accident|by mistake|accidentally|sin querer|por error|sem querer"
         r"|por engano|por accidente)\b"),
        # issue 14: what held-out families missed, said in words no rule reads
        ("purge", r"\b(?:purge|purges|purged|purging|clean ?up|cleaned|cleaning|clean out"
         r"|trim|trimmed|trimming|prune|pruned|pruning|sweep|limpieza|limpio|limpie|faxina"
         r"|limpa|limpei|limpo|elimino|elimine|non ?followers|non ?mutuals)\b"),
        ("one_way", r"\b(?:one ?way|one ?sided|unilateral|un solo lado|mao unica"
         r"|(?:um|de um) lado so|so de um lado|de una sola via|nao e mutuo|no es mutuo)\b"),
        ("removed_you", r"\b(?:removed|dropped|cut|took) you\b|\byou(?: are|re)? (?:out|gone)\b"
         r"|\bte (?:tire|tirei|quite|saque|borre|elimine|removi|exclui)\b"),
        ("you_should_follow", r"\b(?:you|ya)(?: \S+)? (?:should|gotta|could|can|would|will|must"
         r"|need to|have to|mind)(?: \S+)? (?:follow|following) (?:me|us|my|our)\b"),
        ("a_follow", r"\b(?:a|one|your|um|un|tu|teu|seu|su|el|o) (?:follow|follow back|follows)\b"
         r"(?! (?:up|the)\b)"),
        ("give_follow", r"\b(?:get|have|give|drop|send|spare|gimme|dame|da|dar|manda|regala"
         r"|regalas|ganhar|dale|devolve|devuelve|retribui|retribuir|regresas|regresame"
         r"|return|returning)\b(?: \S+){0,2} (?:follow|favor|favour)\b"),
        ("my_followers", r"\b(?:my|mis|meus|nos meus|among my) (?:followers|seguidores)\b"
         r"|\bas (?:a|my) follower\b"),
        ("except_me", r"\b(?:except me|but not me|but me|and not me|menos a mi|menos yo|menos eu"
         r"|menos a mim|excepto a mi|exceto eu|y a mi no|e eu nao|not me \?)"),
        ("everyone", r"\b(?:everyone|everybody|todo el mundo|todo mundo|todos|all of them"
         r"|literally everyone)\b"),
        ("self_worth", r"\b(?:good enough|worthy|invisible|invisivel|suficiente|bom o bastante"
         r"|boa o bastante|not cool enough|am i not)\b"),
        ("platform", r"\b(?:instagram|insta|ig|tiktok|youtube|twitch|linkedin|facebook|snapchat"
         r"|snap|spotify|discord|onlyfans|threads|bluesky)\b"),
        ("gave_up", r"\b(?:gave up|give up|giving up|tired of|done waiting|cansei|me canse"
         r"|harto|harta|cansado|cansada|waited)\b"),
    )
)  # fmt: skip


_CUE_GROUP = Group(pattern for _, pattern in CUES)
_CUE_FEATURES = tuple((f"x:{name}", pattern.search_candidate) for name, pattern in CUES)


# Letters only one of the languages writes (read on the raw text, before accents go).
_MARKS = {"ñ": "es", "¿": "es", "¡": "es", "ã": "pt", "õ": "pt", "ç": "pt", "ê": "pt", "ô": "pt",
          "à": "pt", "á": "es/pt", "é": "es/pt", "í": "es/pt", "ó": "es/pt", "ú": "es/pt",
          "â": "pt"}  # fmt: skip
# `_MARKS` in either case, spelled out: a caseless class costs far more a character (the
# same code points: tests/test_intents_speed.py tries every one)
_MARKED = re.compile(f"[{''.join(sorted({*_MARKS, *(m.upper() for m in _MARKS)}))}]")
# Hashtags, and what is not a word said to someone: hashtags, handles and links.
_TAG = re.compile(r"#\w")
_NOT_SAID = re.compile(r"#\w+|@\w+|\S*(?:://|www\.)\S*")
_LETTER = re.compile(r"[^\W\d_]")


def _tag_shape(raw: str) -> tuple[str, ...]:
    """`o:tags3` for three hashtags or more, `o:tag_list` for two or more with no word
    outside hashtags, handles and links: the shape of follow trains and hashtag lists
    (`#siguemeytesigo #smile <link>`), which normalisation turns into plain words."""
    tags = len(_TAG.findall(raw))
    if tags < 2:
        return ()
    shape: tuple[str, ...] = ("o:tags3",) if tags >= 3 else ()
    if not _LETTER.search(_NOT_SAID.sub(" ", raw)):
        shape += ("o:tag_list",)
    return shape


def marks(raw: str) -> tuple[str, ...]:
    """Features of the raw text: `o:LETTER` for its language-telling letters (none in ASCII
    text: every one of them, in either case, is outside ASCII) and its hashtag shape
    (`_tag_shape`)."""
    raw = raw[:MAX_CHARS]
    shape = _tag_shape(raw) if "#" in raw else ()
    if raw.isascii():
        return shape
    return shape + tuple(sorted({f"o:{m.lower()}" for m in _MARKED.findall(raw)}))


def model_features(
    s: str, matched: RuleMatch | None, raw_marks: tuple[str, ...] = (), about_answer: bool = False
) -> tuple[str, ...]:
    """The features the model reads besides `intent_model.features(s)`: cues (and the
    context: a reply to our answer), the rule that matched (if any) and the
    language-telling letters of the raw text."""
    extra = []
    if s:  # the cues whose literals `s` holds, tried in order
        cues = _CUE_FEATURES
        extra += [cues[i][0] for i in _CUE_GROUP.may_match(s) if cues[i][1](s)]
    extra += review_features(s, about_answer)
    extra += raw_marks
    if matched is not None:
        extra += [f"r:{matched.rule}", f"i:{matched.intent}"]
    return tuple(extra)
