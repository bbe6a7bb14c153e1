"""The sixth intent, `review_request`: the asker wants a person to look at the bot's answer.

This module owns what tells such a request apart, for `whynot.intents` to combine with the
other intents (named rules where they are sure, the shared model everywhere else):
- the *gate*: a review request is about our answer, so the intent may only be given to a
  message that replies to one of our answers (the platform says so: `about_answer`) or
  that names the bot's answer in its own words (`NAMES_ANSWER`: "your bot said", "tu bot",
  "a resposta do bot"). Everywhere else the intent is masked out: "can a human review my
  pull request?" in a mention is `other`, whatever the model thinks;
- the named rules (`REVIEW_RULES`), tried before the follow-back rules when the gate is
  open: a person asked to look ("can a human look at this?", "¿puede revisarlo una
  persona?", "pode revisar, por favor?") and, in a reply only, the offer taken up
  ("yes please", "sí, por favor"): every reply ends with that offer, so the context makes
  a bare yes clear;
- the cues the model reads (`REVIEW_CUES`): the context itself, a reviewing verb, a
  person, a yes, a no-thanks.
Patterns read the string `whynot.intents.prepare` gives (lower case, no accents, "por
favor" read as "please").

Measured (`python bench/intents_eval.py`, families held out whole, nested fit): 173
review requests in 33 families (en/es/pt, in `bench/data/intents_families_*.txt` under
`## review_request LANG reply`) and the replies that ask nothing: precision 0.983, recall
0.994 (en 0.971/0.985, es 1.000/1.000, pt 0.982/1.000); on that part the rules alone reach
macro-F1 0.952 and the keyword baseline 0.660. Given to 14 of 6,249 held-out messages that
do not reply to our answer, all 14 rightly (they name the answer). On real text (d): of
12,000 posts not about following (pan19, twibot-20, never in the corpus) read as if each
replied to our answer, 20 (0.17%) were read as review requests, 14 of them a bare "yes",
"yep" or "do it" (which under our offer does accept it), against 207 (1.73%) for the
keyword baseline, and none read as plain mentions. The person-and-look rule was limited to
short messages after seeing (d) (27 before), so (d) no longer holds that rule out. The
rules were written looking at the families, so the held-out figure flatters them; on 11
phrasings written afterwards for tests/test_review_intent.py it found 10 (the miss reads
as `other`, the safe side).

Rule written 2026-12-02 15:12 (sixteenth session), before any figure of it is read: a named
rule `review.talk_to_person`, a message that asks to talk, speak or chat to or with a human,
a (real) person, someone, a moderator or the team ("I want to talk to a human", "hablar
con una persona", "posso falar com alguém da equipe?"; the eighth walkthrough's misses), is
kept iff the model refitted with it (seed 14) gives, against the shipped one: on (d) at most
1 more real post read as a review request (of 12,000); on each of (e), (f), (h), (i) no
more wrong answers; at seeds 14 and 15, (a') macro-F1 no lower by more than 0.005 and on
(b) no more real posts asking nothing answered.
Kept under it (15:20): the refitted model file is byte-identical (no training message
reads differently), and every figure is unchanged: (d) 28 and 28; wrong answers on (e),
(f), (h), (i) 7, 14, 10, 24 both; (a') 0.916 and 0.892 at seeds 14 and 15 both; (b) 25
and 20 both. It changes only messages like the walkthrough's, read as review requests.
"""

from __future__ import annotations

from whynot.prefilter import Group, Hinted

GATE_FEATURE = "x:reply_to_answer"

# The message names the bot's answer itself (it need not be a reply to it).
NAMES_ANSWER = Hinted.compile(
    r"\b(?:your|the|ur|this|that) (?:bot|bots|auto ?reply|automatic reply|robot)\b"
    r"(?: \S+){0,2}? (?:said|says|told|answer|answered|reply|replied|verdict|thinks|decided"
    r"|message|response)\b"
    r"|\b(?:your|the|ur) (?:bots|bot s) (?:answer|reply|verdict|message|response)\b"
    r"|\b(?:tu|el|su) bot\b|\b(?:la )?respuesta (?:del|de tu) bot\b"
    r"|\b(?:seu|o|teu) bot\b|\b(?:a )?resposta do (?:seu )?bot\b"
)

_PERSON = (
    r"(?:person|persons|people on your team|human|humans|someone|somebody|anyone|a mod|mods"
    r"|moderator|moderators|your team|team member|staff|real person|actual person|you yourself"
    r"|persona|personas|humano|humana|humanos|alguien|moderador|moderadores|tu equipo|equipo"
    r"|pessoa|pessoas|alguem|sua equipe|equipe|voce mesmo)"
)
_REVIEW = (
    r"(?:review|reviews|reviewed|reviewing|recheck|re check|double check|look|looks|check"
    r"|checks|reconsider|second look|second opinion|verify|appeal|escalate|see this|read this"
    r"|revis\w*|mire|mirar|mirarlo|miren|chequear|chequee|verificar|verifique|vistazo"
    r"|reconsiderar|apelar|rever|reveja|revejam|analis\w*|olhar|olhe|olhada|conferir|confira"
    r"|reavali\w*)"
)
_NO_THANKS = (
    r"\b(?:no need|dont need|do not need|not necessary|no hace falta|no necesito|no es necesario"
    r"|nao precisa|nao preciso|nah|no thanks|no thank you|no gracias|nao obrigad[oa]"
    r"|dont bother|no se moleste|nao se incomode)\b"
)
NO_THANKS = Hinted.compile(_NO_THANKS)

REVIEW_RULES: tuple[tuple[str, float, Hinted], ...] = tuple(
    (name, confidence, Hinted.compile(pattern))
    for name, confidence, pattern in (
        ("review.person_look", 0.9,  # a person and a look, in a short message
         rf"^(?!(?:\S+ ){{30}})(?=.*\b{_PERSON}\b)(?=.*\b{_REVIEW}\b)"),
        ("review.review_it", 0.9,
         r"\b(?:please |pls |can you |could you |would you |can your team )?"
         r"(?:review|recheck|re check|double check|reconsider) (?:it|this|that|me|my account"
         r"|my profile|please|again)\b"
         r"|\b(?:human|manual|personal|real|second|proper) (?:review|look|check|opinion)\b"
         r"|\b(?:i|id) (?:want|would like|d like|like|ask for|request|need)(?: \S+){0,2}?"
         r" (?:review|second look|recheck)\b"),
        ("review.es_revisar", 0.9,
         r"\b(?:puede|pueden|podria|podrian|puedes|podrias|quiero que|me gustaria que|please)"
         r"(?: \S+){0,2}? (?:revis\w*|mirarlo|mirar|chequear|reconsider\w*)\b"
         r"|\b(?:revisalo|revisala|revisen|revisenlo|reviselo|revisa esto|revisen mi|revisar mi)\b"
         r"|\b(?:una|la) revision\b|\bque (?:alguien|una persona|un humano) (?:lo |la )?\S+\b"),
        ("review.pt_rever", 0.9,
         r"\b(?:pode|podem|poderia|poderiam|consegue|quero que|gostaria que|please)"
         r"(?: \S+){0,2}? (?:revis\w*|rever|analis\w*|olhar|reavali\w*|conferir)\b"
         r"|\b(?:revisa|reveja|revejam|analisa|analisem|revisem|confere|confiram) (?:ai|isso|isto"
         r"|please|minha|a minha|de novo)\b|\b(?:uma|a) (?:revisao|analise)\b"),
        ("review.talk_to_person", 0.9,  # asked for: a modal or request word before the verb
         r"\b(?:want to|wanna|like to|can i|could i|may i|let me|need to|can we|could we"
         r"|is there|get to|please|pls|plz)(?: \S+){0,2}? (?:talk|speak|chat)(?: to| with)"
         r"(?: a| an| some| one of)?(?: (?:real|actual|live))? (?:human|humans|person|people"
         r"|someone|somebody|moderator|mod|staff|team member|your team|the team)\b"
         r"|\b(?:quiero|quisiera|puedo|podria|me gustaria|necesito|dejame|por favor|please)"
         r"(?: \S+){0,2}? hablar con (?:una persona|un humano|una humana|alguien|un moderador"
         r"|tu equipo|el equipo)\b"
         r"|\b(?:quero|queria|posso|poderia|gostaria de|preciso|deixa eu|please)"
         r"(?: \S+){0,2}? falar com (?:um humano|uma humana|uma pessoa|alguem|um moderador"
         r"|a equipe|sua equipe)\b"),
        ("review.accept_offer", 0.88,
         r"^(?:[.!?] )*(?:yes|yeah|yep|yup|sure|si|sim|claro)(?: (?:please|pls|do it|go ahead"
         r"|thanks|thank you|gracias|obrigad[oa]|i would|id like that|quero|quiero|have them"
         r"|absolutely|definitely))*(?: [.!?])*$"
         r"|^(?:ok|okay) (?:please|do it|go ahead|yes)\b"
         r"|^(?:please do|go ahead|do it|yes i do|yes i want|quero sim|quiero si|si quiero"
         r"|sim quero|claro que si|claro que sim)\b"),
    )
)  # fmt: skip
# Rules that need the reply context: a bare "yes please" means nothing elsewhere.
REPLY_ONLY = frozenset({"review.accept_offer"})

REVIEW_CUES: tuple[tuple[str, Hinted], ...] = tuple(
    (name, Hinted.compile(pattern))
    for name, pattern in (
        ("person", rf"\b{_PERSON}\b"),
        ("review_verb", rf"\b{_REVIEW}\b"),
        ("yes", r"^(?:yes|yeah|yep|yup|sure|si|sim|claro|ok|okay|please|go ahead)\b"),
        ("no_thanks", _NO_THANKS),
        ("names_answer", NAMES_ANSWER.pattern.pattern),
    )
)  # fmt: skip


_CUE_GROUP = Group(pattern for _, pattern in REVIEW_CUES)
_CUE_FEATURES = tuple((f"x:{name}", pattern.search_candidate) for name, pattern in REVIEW_CUES)


def gate_open(s: str, about_answer: bool) -> bool:
    """Whether `review_request` may be given to the prepared string `s`."""
    return about_answer or NAMES_ANSWER.search(s) is not None


def match_review(s: str, about_answer: bool) -> tuple[str, float] | None:
    """The review rule that matches `s` (name, confidence), when the gate is open and the
    message does not decline a review."""
    if not gate_open(s, about_answer) or NO_THANKS.search(s):
        return None
    for name, confidence, pattern in REVIEW_RULES:
        if name in REPLY_ONLY and not about_answer:
            continue
        if pattern.search(s):
            return name, confidence
    return None


def review_features(s: str, about_answer: bool) -> list[str]:
    """`x:NAME` cue features for the model (the context first)."""
    out = [GATE_FEATURE] if about_answer else []
    cues = _CUE_FEATURES  # those whose literals `s` holds, tried in order (`whynot.prefilter`)
    out += [cues[i][0] for i in _CUE_GROUP.may_match(s) if cues[i][1](s)]
    return out
