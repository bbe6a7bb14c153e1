""" "About the poster" (scoring/about_poster.py) and the `meformer` criterion built on it.

Every cue and every veto has a post here that changes its answer without it. The
labelled real posts are read in place from the shared datasets (never copied here) and
those tests skip when the folder is absent; the Portuguese posts written for the set and
the hand-made posts below always run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from factories import NOW, account, posts

from scoring import build_owner_index
from scoring.about_poster import explain, is_about_poster
from scoring.criteria import CRITERIA
from scoring.criteria.self_focus import CLEAR_CUES, snippet
from scoring.features import account_facts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from labelled_posts import datasets_available, own_posts, real_posts

MEFORMER = next(c.check for c in CRITERIA if c.id == "meformer")
NO_OWNER = build_owner_index(None)


def meformer(texts: list[str]):
    return MEFORMER(account_facts(account(posts=posts(texts)), NOW), NO_OWNER)


# The issue's own examples.
def test_a_state_without_i_is_about_the_poster():
    assert is_about_poster("So tired today 😴")
    assert is_about_poster("Gym done 💪")


def test_first_person_alone_is_not_enough():
    assert not is_about_poster("I think the new API pricing is wrong")
    assert not is_about_poster("@ana I had the same problem", "reply")
    assert not is_about_poster("@ana I had the same problem")  # kind unknown: the @ tells


@pytest.mark.parametrize(
    "text",
    [
        # me now, anecdotes, random thoughts: first-person words in three languages
        "just woke up, need coffee",
        "my car broke down again",
        "Odio cuando manejo de noche",
        "Mis lecturas de este mes",
        "Ganhei meu primeiro salário hoje!",
        "Tô com uma dor de cabeça horrível",
        # a state or doing without "I"
        "Cansada de tanto estudiar",
        "Academia feita 💪",
        # presence
        "Good morning everyone!",
        "buen domingo! ♥",
        "Bom dia pessoal",
        # self-promotion: the old patterns and the plural of a brand
        "Check out my new album!",
        "Sígueme en Instagram",
        "Our newest amenity is the poolside boutique",
        "Join me tonight on the evening show at 6pm",
        "3 new followers, 1 unfollower this week",
        # excitement about one's own plans
        "Can't wait to see Coldplay tomorrow",
        # a check-in
        "Sunday walk @ Central Park https://t.co/x",
        "Hermoso — en Posadas https://t.co/x",
        # a post that opens with the doing, no subject
        "Eating pizza right now",
        "Comendo pizza agora com a galera",
        "Made a little package for the editor: https://t.co/x",
        # a day the poster is having
        "Lindo día en la playa",
        "Dia de praia com a família",
    ],
)
def test_about_the_poster(text):
    assert is_about_poster(text)


@pytest.mark.parametrize(
    "text",
    [
        # information and opinions about the world, headlines
        "The council votes on the new bike lanes on Thursday",
        "Creo que el gobierno miente sobre la inflación",
        "Acho que o novo preço da API está errado",
        "In my opinion the film is overrated",
        "National Prayer Breakfast Features The President And Guests",
        # quotations, however they are marked
        "Flesh and blood needs flesh and blood, and you're the one I need - Johnny Cash",
        "We suffer more in imagination than in reality. #quote",
        'La madre del joven: "Tenía lágrimas en los ojos"',
        # talk with others
        "Thanks @bob for the tip, I owe you one",
        "Feliz cumpleaños @ana, te quiero mucho",
        "Te quiero así, imperfecta como eres",
        "Jacquelyn: your nomination means the world to me. Thank you",
        # questions to others
        "Es mi tele o el audio está mal???",
        # shares of another's content
        "I liked a @YouTube video https://t.co/x",
        "This is the wildest story I have heard, watch this https://t.co/x",
        "#Repost @pastor with repostapp: ayer pude ver el fruto",
        # a job ad speaks of "our team" and "you"
        "Engineer: join our team. Location: Austin. Job description: you will build my app",
        # memes, and abbreviations that look like first-person words
        "me irl https://t.co/x",
        "Obama: the EU considers the reforms",
        "Job fair in Novi, MI on Monday",
        # a gerund that is a noun, and a title before a colon
        "Marketing idea of the day: listen before you post",
        "Shocking foods that burn belly fat",
        "Supporting Students: parents and teachers working together",
    ],
)
def test_not_about_the_poster(text):
    assert not is_about_poster(text)


# Round 1 of issue 13's precision work (each post below changes its answer without the
# pattern named beside it; the sentences are written here, not taken from the datasets).
@pytest.mark.parametrize(
    "text",
    [
        "Grateful for a quiet morning and a hot coffee",  # grateful: a state word
        "Thankful, finally home after a long week",
        "Cansadaaaa de todo hoy",  # lengthened letters: "cansada"
        "Usa mi código PEDRO10 y te regalo el envío",  # a referral code of one's own
        "We updated our opening hours for the holidays https://t.co/x",  # a brand's own news
        "Heading to the beach, finally",  # a comma, but no other doer after it
        "My new video is up, ten tips for sleep https://t.co/x",  # a new video, owned
        "I should go to bed, early start tomorrow",  # "should" of the poster's own plan
        "Coffee at the market @ Mercado Central https://t.co/x",  # a check-in still counts
    ],
)
def test_about_the_poster_round_one(text):
    assert is_about_poster(text)


@pytest.mark.parametrize(
    "text",
    [
        # an opinion on what others ought to do, though it names the poster's street
        "The city should fix my street before the festival",
        "Los bancos deberían devolverme mi dinero",
        # scripture verses, by the reference before or after
        "12:2 Be not conformed to this world, and renew my mind",
        "The Lord is my shepherd, I shall not want. Psalm 23:1",
        # the neuter "this" beside a link reacts to what is shown
        "Esto me pone de buen humor https://t.co/x",
        "Isso me deixou sem palavras https://t.co/x",
        # "New video" names no owner: a bare headline
        "New video: ten tips for better sleep https://t.co/x",
        # lengthened letters hide a "you": words to someone
        "Me gustas tuuuu https://t.co/x",
        # a state word deep in a text about something else
        "Otra vez la crisis: desempleo, inflación y hambre en las calles",
        # praise of a named person anywhere in the post: talk with others
        "So proud of my sister @ana for finishing the marathon",
        # the opening clause's doer is the next clause's subject
        "Leaving the past behind, Adele's new record is her bravest yet",
        # "@ 12:34" in a dispatch feed is a time, not a check-in
        "CALL: Structure fire D/T: 03/02/19 @ 14:05 Elm Street",
    ],
)
def test_not_about_the_poster_round_one(text):
    assert not is_about_poster(text)


# Round 2 (tune part of both draws).
@pytest.mark.parametrize(
    "text",
    [
        "Just landed in Lisbon, so sleepy",  # "just" + a verb of the past
        "I hope I get the job",  # a hope about oneself
        "In a bad mood today",  # mood: a state word
    ],
)
def test_about_the_poster_round_two(text):
    assert is_about_poster(text)


@pytest.mark.parametrize(
    "text",
    [
        # a quotation signed by a bare name after its last sentence
        "I have not failed, I have just found ten thousand ways that won't work. Thomas Edison",
        # "just" before no verb is no doing
        "Just another manic Monday for the markets",
        # hopes about the world
        "I hope the council listens to the residents",
        "Ojalá mi equipo gane la liga",
        # the meme's name, whatever joins its two words
        "me_irl https://t.co/x",
        # "MI." with a full stop is still Michigan
        "Job fair in Novi, MI. on Monday",
        # "via @name": the words are someone else's
        "Drink more water, even when I don't run via @coach",
        # a song line or what is playing
        "Pero a mí los años no me hicieron feliz 🎶",
        "#NowPlaying My Way by Frank Sinatra",
        # "vos" is a "you" too
        "Yo voy con vos",
        # a job ad's words: manager, position
        "Store manager position open, send me your CV",
    ],
)
def test_not_about_the_poster_round_two(text):
    assert not is_about_poster(text)


# Round 3: patterns seen on unlabelled pan19 posts (outside the labelled set), checked on
# the tune part for no change.
@pytest.mark.parametrize(
    "text",
    [
        # a quotation signed with initials, or with the topic after the name
        "I never lose. I either win or learn. N. Mandela",
        "It's the hardest job I have ever had. Jane Smith, on parenting",
        # a closing "-Name (Source)"
        "You will always be my favourite chapter. –Anna (Winter Tales)",
        # a hashtag naming quotations
        "#Hermione: I have been reading about you all week #HPQuotes",
        # a joke told in dialogue turns
        "—Mamá, estoy aburrido. —Pues ponte a estudiar.",
        # a game's automatic score line
        "I scored 1,250 points in Tile Dash, can you beat it? https://t.co/x",
        # the Roman numeral of a job title
        "Data Analyst I: Acme Corp is hiring in Leeds https://t.co/x",
        # opinions with an adverb or a negation before "think"
        "I honestly think the referee got it wrong",
        "I don't think this law will pass",
        # a gerund that is the subject of a statement, and an -ing adjective
        "Watching the finals is pure joy",
        "Fascinating history of the old harbour https://t.co/x",
    ],
)
def test_not_about_the_poster_round_three(text):
    assert not is_about_poster(text)


def test_birthday_wishes_in_indian_english_are_talk_with_others():
    """"Many happy returns (of the day)" is how a real account (twibot-20's, read by hand)
    wished its friends a happy birthday: "to my friend" names the poster's friend, not the
    poster's state, and the @name says who is spoken to."""
    assert not is_about_poster("Many many happy returns of the day to my brother @ram . Love you")
    assert not is_about_poster("many happy returns @harish garu! spoke to u for an hour, I miss")
    assert is_about_poster("many happy returns to me, I turned 30 today")  # no one addressed


def test_a_roman_numeral_leaves_a_real_i_alone():
    assert is_about_poster("Finished Part I: I am so relieved")


def test_a_repost_is_never_about_the_poster():
    assert is_about_poster("so tired today")
    assert not is_about_poster("so tired today", "repost")


def test_a_state_word_outweighs_an_opinion_verb():
    assert not is_about_poster("I think the new pricing is wrong")
    assert is_about_poster("I think I'm getting sick")


def precision_recall(labelled) -> tuple[float, float]:
    said = [(p.label, is_about_poster(p.text, p.kind)) for p in labelled]
    tp = sum(1 for truth, guess in said if truth and guess)
    return tp / max(1, sum(g for _, g in said)), tp / max(1, sum(t for t, _ in said))


def test_portuguese_posts_written_for_the_set():
    """48 posts of our own (24 about the poster), all of them, both parts."""
    precision, recall = precision_recall(own_posts())
    assert precision >= 0.9 and recall >= 0.85, (precision, recall)


needs_datasets = pytest.mark.skipif(
    not datasets_available(),
    reason="shared datasets folder not found (set WHYNOT_DATASETS); the labelled real posts "
    "are read there in place, never copied into the repository",
)

# Floors a little under what bench/criteria_eval.py measured on the held-out test part of
# both draws after round 3 (en 23 of 43 said, 23 of 34 positives: 0.53 / 0.68; es 17 of
# 25, 17 of 22: 0.68 / 0.77), so that a regression fails; they are far from the issue's
# targets (0.90 / 0.85), which these rules do not reach on real posts.
# The third draw, labelled blind after those rounds (the "fresh" part), read with the
# rules as they were: en 0.41 / 0.57 (42 positives of 407), es 0.60 / 0.52 (29 of 229).
# Test es was raised after one test label that contradicted the guideline was corrected
# (44e3ccd: es 18 of 25 said, 18 of 23 positives, 0.72 / 0.78; floors 0.62 / 0.70 before).
PART_FLOORS = {
    "test": {"en": (0.48, 0.62), "es": (0.66, 0.72)},
    "fresh": {"en": (0.36, 0.5), "es": (0.54, 0.45)},
}


@pytest.mark.heldout  # reads the held-out parts: `pytest -m "not heldout"` while tuning
@needs_datasets
@pytest.mark.parametrize(
    ("part_name", "lang"), [(part, lang) for part in PART_FLOORS for lang in PART_FLOORS[part]]
)
def test_held_out_parts_of_the_real_posts(part_name, lang):
    part = [p for p in real_posts() if p.part == part_name and p.lang == lang]
    assert len(part) > 100 and sum(p.label for p in part) >= 10
    precision, recall = precision_recall(part)
    floor_p, floor_r = PART_FLOORS[part_name][lang]
    assert precision >= floor_p and recall >= floor_r, (precision, recall)


# meformer: the judgement per account.
ME_NOW = [
    "So tired today",
    "Just woke up, need coffee",
    "Eating pizza right now",
    "Gym done",
    "Good morning everyone, I'm back",
    "My car broke down again",
    "At the airport waiting for my flight",
    "I need a vacation",
    "Can't sleep again",
    "Finally finished my thesis",
]


def test_an_account_all_about_its_poster_fails_meformer():
    """The issue: 40 plain posts about the poster scored "4 to 9 of 40" and passed."""
    texts = [f"{t} ({i})" for i in range(4) for t in ME_NOW]
    result = meformer(texts)
    assert not result.passed
    assert result.facts[0].values["count"] >= 36, result.evidence


def test_talk_with_others_counts_in_favour():
    texts = [f"@friend{i} I had the same problem, so tired of it" for i in range(30)]
    texts += ME_NOW[:5]
    result = meformer(texts)
    assert result.passed and result.confidence == 1.0
    assert result.facts[0].values["count"] == 5


def test_meformer_on_accounts_composed_of_our_own_posts():
    """20 posts of known share: none about the poster passes, 40% fails."""
    mine = [p.text for p in own_posts() if p.label]
    others = [p.text for p in own_posts() if not p.label]
    rng = random.Random(13)
    assert meformer(rng.sample(others, 20)).passed
    assert not meformer(rng.sample(mine, 8) + rng.sample(others, 12)).passed


def test_the_example_quoted_back_is_the_clearest_post_counted():
    """A bare "I" is the cue most often wrong (opinions, jokes, quoted speech say it too):
    the evidence quotes the newest post counted for a clearer cue when there is one."""
    clear = "Good morning everyone, I'm back"
    texts = [clear] + ["Some news about the city council"] * 10
    texts += ["Warning: the virus emails your co-workers to say 'I've got your back'"]
    result = meformer(texts)
    assert result.facts[0].values["count"] == 2
    assert result.facts[0].values["example"] == clear


CLEAR_POSTS = {
    "presence": "Good morning everyone, I'm back",
    "self-promotion": "Check out my new video",
    "check-in": "Lunch with the team @ Blue Bottle Coffee",
    "brand promotion": "Our new collection is out now",
    "self-promotion (referral)": "Use mi código ABC123 para descuento",
    "brand's own news": "We updated our app today",
}


@pytest.mark.parametrize("cue", sorted(CLEAR_POSTS))
def test_each_clear_cue_is_preferred_as_the_example(cue):
    """Every name in CLEAR_CUES is one about_poster gives, and wins over a newer bare "I"."""
    assert explain(CLEAR_POSTS[cue]) == (True, cue)
    texts = [CLEAR_POSTS[cue], "I think the new pricing is fine, honestly I do"]
    texts += ["Weather report for Monday"] * 8 + ["I painted a lion after reading the news"]
    assert meformer(texts).facts[0].values["example"] == CLEAR_POSTS[cue]


def test_clear_cues_are_all_tested():
    assert frozenset(CLEAR_POSTS) == CLEAR_CUES


def test_the_example_is_the_newest_post_counted_when_all_say_only_i():
    texts = ["I painted a tiger today (1)", "Weather report for Monday"] * 3
    texts += ["I painted a lion after reading the news"]
    result = meformer(texts)
    assert result.facts[0].values["example"] == "I painted a lion after reading the news"


def test_a_question_is_quoted_only_when_every_post_counted_asks_one():
    """A question to others is the weaker case (12 of 42 right among the rules' "yes" with
    a "?" on the tune and check parts): an older statement counted is quoted instead."""
    statement = "Mi gato otra vez durmiendo sobre el teclado 🐱"
    question = "¿Alguien sabe de un buen editor de vectores? Inkscape me está fallando"
    texts = [statement] + ["Noticias del ayuntamiento"] * 8 + [question]
    result = meformer(texts)
    assert explain(question)[0] and result.facts[0].values["count"] == 2
    assert result.facts[0].values["example"] == statement
    assert meformer([question] + ["Noticias del ayuntamiento"] * 9).facts[0].values[
        "example"
    ] == snippet(question)
