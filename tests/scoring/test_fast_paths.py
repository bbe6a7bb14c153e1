"""Every shortcut the scorer takes for speed agrees with the plain way it stands for: the
word and link scans, fingerprints, the pick of undated posts, and the per-account topic
search. Each test compares with a reference written the obvious way."""

from __future__ import annotations

import re
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import AccountError, OwnerContext, build_owner_index, parse_account
from scoring import about_poster as ap
from scoring import text as tx
from scoring.criteria.relevance import _touching
from scoring.features import account_facts
from scoring.models import ParsedPosts
from scoring.parse import _checked_posts, _common_posts, parse_posts
from scoring.selection import _pick_by_text_hash, newest_posts

# How links were found before scoring read them from lower-cased text.
ORIGINAL_CASE_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'\)\]]+", re.IGNORECASE)

# Pieces where the fast scans could part from the reference one: link and mention starts,
# "_", digits, accented and non-Latin letters, spaces only Unicode counts as spaces, and a
# lone surrogate (read from a JSON escape).
TRICKY = "htps:/w.@_ aé1Z#\x1c\x1f\xa0\u2009\u3000ñß²五—…😀İ\n\ud800"
PIECES = st.sampled_from(["http://", "https://", "www.", "@", "_", "#", *TRICKY])
tricky_text = st.lists(PIECES, max_size=24).map("".join)


@settings(max_examples=800, deadline=None)
@given(tricky_text)
def test_fast_word_scans_agree_with_the_reference_pattern(text):
    lowered = text.lower()
    assert tx.word_scan(lowered) == tx._WORDS_RE.findall(lowered)


@settings(max_examples=600, deadline=None)
@given(st.one_of(tricky_text, tricky_text.filter(str.isascii)))
def test_words_are_the_reference_scans_words(text):
    lowered = text.lower()
    assert tx.words_of(lowered) == [w for w in tx._WORDS_RE.findall(lowered) if w]


# Words of the self-promotion phrases, and what may stand before, after or between them.
PROMO_WORDS = st.sampled_from(
    "check checking out listen to watch buy pre-order preorder vote for my new video link in"
    " bio i'm im i am live me on mi nuevo meu novo minha nova síganme sígueme en sigam read get"
    " grab download subscribe support stream follow at latest e-book ebook loja siganme".split()
)
PROMO_GLUE = st.sampled_from([" ", " ", "", "_", "-", "@", "é", "1", "\n", "x"])
promo_text = st.lists(st.tuples(PROMO_WORDS, PROMO_GLUE).map("".join), max_size=6).map("".join)


@settings(max_examples=600, deadline=None)
@given(promo_text)
def test_self_promotion_found_as_the_pattern_finds_it(text):
    assert tx.is_self_promo(text) == (tx.SELF_PROMO_RE.search(text) is not None)


def test_self_promotion_needs_the_word_boundary_before_each_phrase():
    for phrase in ("check out my", "my album", "link in bio", "i'm live", "síganme"):
        assert tx.is_self_promo(phrase)
        assert tx.is_self_promo("so " + phrase)
        for glued in ("_" + phrase, "x" + phrase, "é" + phrase):  # a word character before
            assert tx.SELF_PROMO_RE.search(glued) is None
            assert tx.is_self_promo(glued) is False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=TRICKY, max_size=12), max_size=8))
def test_fingerprints_drop_exactly_the_ascii_digits(words):
    core = "".join(words).translate(str.maketrans("", "", "0123456789"))
    expected = core if len(core) >= tx.FINGERPRINT_MIN_CHARS else None
    assert tx.fingerprint_of(words) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.sampled_from(["HTTP://", "WWW.", "X"]), max_size=24).map("".join))
def test_links_found_in_lower_case_have_the_same_hosts(text):
    """Scoring reads links from lower-cased text; hosts must match what the original
    text's links give. (One known, wanted difference is left out of the alphabet:
    IGNORECASE lets "httpſ://" with a long s count as a link; no browser agrees.)"""
    original = [tx.domain_of(u) for u in ORIGINAL_CASE_URL_RE.findall(text)]
    lowered = [tx.domain_of(u) for u in tx.LOWER_URL_RE.findall(text.lower())]
    assert original == lowered


# Two different texts with the same CRC-32 (found by the review): a tie the pick must
# break by text, not by the order the posts arrive in.
COLLIDING = (
    "Huge discount, buy now! https://shop.example.com/item/195642",
    "lovely walk in the park with my dog today 46720000",
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "c", "a b", "ñ", "😀", "rt @x: a", *COLLIDING]), max_size=40
    ),
    st.integers(min_value=1, max_value=30),
)
def test_the_pick_is_the_highest_text_hashes(texts, room):
    """Reference: sort by (CRC-32 of the text, text, input position), keep the last `room`."""
    account = parse_account(
        {
            "id": "1",
            "handle": "a",
            "posts": [{"text": t, "id": str(i)} for i, t in enumerate(texts)],
        }
    )
    posts = list(account.posts)
    room = min(room, len(posts))
    ranked = sorted(
        range(len(posts)),
        key=lambda i: (zlib.crc32(posts[i].text.encode("utf-8")), posts[i].text, i),
    )
    expected = [posts[i] for i in ranked[len(posts) - room :]] if room else []
    assert _pick_by_text_hash(posts, room) == expected


def test_texts_sharing_a_hash_are_picked_whatever_their_order():
    assert zlib.crc32(COLLIDING[0].encode()) == zlib.crc32(COLLIDING[1].encode())
    dated = [
        {"text": f"hour {i}", "created_at": f"2020-01-{1 + i // 24:02d}T{i % 24:02d}:00:00Z"}
        for i in range(49)
    ]
    picks = []
    for texts in (COLLIDING, COLLIDING[::-1]):
        account = parse_account(
            {"id": "1", "handle": "a", "posts": dated + [{"text": t} for t in texts]}
        )
        picks.append(newest_posts(account.posts, 50)[0].text)
    assert picks[0] == picks[1] == max(COLLIDING)


TOPIC_WORDS = ["social", "media", "socialmedia", "marketing", "market", "#marketing", "servic"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*TOPIC_WORDS, "the", "news", "😀", "x"]), max_size=6).map(
            " ".join
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from(["social media", "marketing", "customer service"]), max_size=3),
)
def test_topics_found_per_account_match_the_per_post_definition(texts, interests):
    """Reference: a post touches a topic when it carries the topic's hashtag, or when every
    stem of the topic is among the post's word stems."""
    owner = build_owner_index(
        OwnerContext(
            handle="owner",
            interests=tuple(interests),
            own_posts=tuple(
                parse_account(
                    {
                        "id": "o",
                        "handle": "o",
                        "posts": [{"text": "#marketing"}, {"text": "#marketing"}],
                    }
                ).posts
            ),
        )
    )
    facts = account_facts(
        parse_account({"id": "1", "handle": "a", "posts": [{"text": t} for t in texts]})
    )

    def touches(post) -> bool:
        for topic in owner.topics:
            if topic.hashtag is not None:
                if topic.hashtag in post.hashtags:
                    return True
            elif topic.stems <= post.terms:
                return True
        return False

    assert _touching(facts.posts, owner) == sum(1 for p in facts.posts if touches(p))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "2020-01-01T00:00:00Z",
                    "2020-01-01T00:00:00+00:00",
                    "2020-01-01T02:00:00+02:00",
                    "2020-01-02T00:00:00Z",
                    "2019-12-31T23:59:59Z",
                ]
            ),
            st.sampled_from([None, "1", "2"]),
            st.sampled_from(["a", "b"]),
        ),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=12),
)
def test_dated_posts_are_ordered_as_by_time_id_and_text(rows, limit):
    """Reference: sort by (time, id or '', text), keep the newest `limit`. The fast path
    sorts by time alone and falls back when two posts share a time (the same instant
    written in different zones counts as shared)."""
    account = parse_account(
        {
            "id": "1",
            "handle": "a",
            "posts": [{"created_at": t, "id": i, "text": x} for t, i, x in rows],
        }
    )
    expected = sorted(account.posts, key=lambda p: (p.created_at, p.id or "", p.text))[-limit:]
    assert newest_posts(account.posts, limit) == expected


# Post objects in every shape `parse_posts`' shortcut takes or must refuse: the common
# three keys (dated, undated, naive or zoned, mixed), a fourth key, a missing one, and
# wrong values where each check sits.
_TIMES = st.sampled_from(
    [None, "2020-01-02T03:04:05Z", "2020-01-02T03:04:05", "2020-01-02 03:04:05+02:00", "", "x", 7]
)
_KINDS = st.sampled_from(["post", "reply", "repost", "quote", None, "Post", 1, ["post"]])
_TEXTS = st.sampled_from(["hello", "", "a b", 5, None])
_POST = st.fixed_dictionaries(
    {"text": _TEXTS, "kind": _KINDS, "created_at": _TIMES},
    optional={"id": st.sampled_from(["1", 2, None]), "source": st.just("web")},
)
_COMMON = st.fixed_dictionaries(
    {"text": st.text(max_size=5), "kind": _KINDS.filter(lambda k: isinstance(k, str))},
)


def _parsed(posts: list) -> tuple | str:
    try:
        return parse_posts(posts)
    except AccountError as exc:
        return str(exc)


def _checked(posts: list) -> tuple | str:
    try:
        return _checked_posts(posts)
    except AccountError as exc:
        return str(exc)


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.lists(_POST, max_size=6),
        # all in the common shape, all dated alike or all undated: the shortcut's own case
        st.tuples(st.lists(_COMMON, min_size=1, max_size=6), _TIMES).map(
            lambda pair: [{**p, "created_at": pair[1]} for p in pair[0]]
        ),
    )
)
def test_bulk_post_parse_agrees_with_the_post_by_post_check(posts):
    assert _parsed(posts) == _checked(posts)


def test_bulk_post_parse_takes_the_common_shape():
    posts = [{"text": "hi", "kind": "reply", "created_at": "2020-01-02T03:04:05"}] * 2
    assert _common_posts(posts) == _checked_posts(posts)
    assert _common_posts([{"text": "hi", "kind": "post", "created_at": None}]) is not None


# Posts in the common shape, as crawls give them: texts repeating and sharing a hash,
# every kind, times shared (the same instant in two zones too), all dated or all undated.
_WINDOW_TEXTS = st.sampled_from(["a", "b", "c", "a b", "ñ", "😀", "rt @x: a", "\ud800", *COLLIDING])
_WINDOW_KINDS = st.sampled_from(["post", "reply", "repost", "quote"])
_WINDOW_TIMES = st.sampled_from(
    [
        "2020-01-02T03:04:05Z",
        "2020-01-02T03:04:05",
        "2020-01-02 05:04:05+02:00",
        "2020-01-02T03:04:06Z",
        "2019-12-31T23:59:59Z",
    ]
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.tuples(_WINDOW_TEXTS, _WINDOW_KINDS, _WINDOW_TIMES), min_size=1, max_size=40),
    st.booleans(),
    st.integers(min_value=0, max_value=45),
)
def test_the_window_of_posts_kept_as_parsed_is_the_window_of_the_built_posts(rows, dated, limit):
    """Scoring picks the newest posts of a parsed account from its texts and dates and
    builds only those: the same posts, in the same order, as picked from every post built."""
    posts = [{"text": t, "kind": k, "created_at": when if dated else None} for t, k, when in rows]
    kept, built = parse_posts(posts), parse_posts(posts)
    assert isinstance(kept, ParsedPosts)
    assert isinstance(built, ParsedPosts)
    expected = newest_posts(built.built(), limit)
    assert newest_posts(kept, limit) == expected
    assert not kept.is_built  # (picked without building every post)


# Words whose lengthened letters decide (a state, "I"), digits beside letters, and glue.
_LENGTHENED = st.sampled_from(
    ["so", "tiiired", "tired", "iii", "i", "yooo", "mee", "e", "1", "a1aa", "gym", "ok", "ña"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_LENGTHENED, PROMO_GLUE).map("".join), max_size=8).map("".join))
def test_lengthened_words_are_found_from_the_fingerprint_as_from_the_words(text):
    """meformer looks for a tripled character in the post's fingerprint (else its words),
    for all posts at once, and hands about_poster the answer: the same judgement as when
    about_poster looks in the words itself."""
    lowered = text.lower()
    words = tx.words_of(lowered)
    core = "".join(words).translate(str.maketrans("", "", "0123456789"))
    cores = [core, tx.fingerprint_of(words) or " ".join(words)]
    for kind in ("post", "quote"):
        plain = ap.judge_post(text, lowered, words, kind, False)
        for tripled in tx.tripled_each(cores):
            assert ap.judge_post(text, lowered, words, kind, False, tripled) == plain


@settings(max_examples=150, deadline=None)  # a 7-character alphabet: few shapes
@given(st.lists(st.text(alphabet="aab \n\0é😂", max_size=9), max_size=7))
def test_tripled_characters_are_found_in_every_text_at_once(texts):
    """`tripled_each` (the ASCII texts joined, looked at byte by byte) finds what
    TRIPLED_RE finds in each text: texts holding line breaks or NULs, non-ASCII ones, empty
    ones, and three in a row across two texts (which is none)."""
    assert tx.tripled_each(texts) == [tx.TRIPLED_RE.search(t) is not None for t in texts]


def test_judge_keeps_every_word_it_asks_about():
    """`_judge` keeps only the post's words in `JUDGED_WORDS`: every word or word set it
    (and `_first_person`, and `quotations.quotation` it calls) tests against those words
    must be in it."""
    import ast
    import inspect

    from scoring import quotations

    asked: set[str] = set()
    for function, module in (
        (ap._judge, ap), (ap._first_person, ap), (quotations.quotation, quotations)
    ):  # fmt: skip
        for node in ast.walk(ast.parse(inspect.getsource(function))):
            operands: list[ast.expr] = []
            if isinstance(node, ast.Compare):
                operands += [node.left, *node.comparators]
            elif isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Sub):
                operands += [node.left, node.right]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                operands += [node.func.value, *node.args]
            if not any(isinstance(o, ast.Name) and o.id == "words" for o in operands):
                continue
            for o in operands:
                if isinstance(o, ast.Constant) and isinstance(o.value, str):
                    asked.add(o.value)
                elif isinstance(o, ast.Name) and isinstance(getattr(module, o.id, None), frozenset):
                    asked |= getattr(module, o.id)
    assert {"you", "código", "i", "tired", "quote"} <= asked  # the walk finds them
    assert asked <= ap.JUDGED_WORDS


_CUE_TEXT = st.lists(
    st.tuples(
        _LENGTHENED | PROMO_WORDS | st.sampled_from(["think", "quote", "you", "job"]), PROMO_GLUE
    ).map("".join),
    max_size=10,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_CUE_TEXT, st.sampled_from(["post", "quote"]))
def test_a_posts_cues_judge_it_as_its_words_do(text, kind):
    """meformer hands about_poster the post's words in features.WATCHED (its cues): the
    same judgement as from the words themselves."""
    from scoring.fake_signals import FIRST_PERSON
    from scoring.features import WATCHED

    assert ap.ANY_CUE | ap.JUDGED_WORDS | tx.ANY_TRIGGER | FIRST_PERSON <= WATCHED
    lowered = text.lower()
    words = tx.words_of(lowered)
    promo = tx.is_self_promo(lowered)
    plain = ap.judge_post(text, lowered, words, kind, promo)
    assert (
        ap.judge_post(text, lowered, words, kind, promo, None, WATCHED.intersection(words)) == plain
    )


_BIO_WORDS = st.sampled_from(
    "bot bots Bot BOTS automated Automatic automatically auto-generated autogenerated beep boop"
    " tweet Tweets tweeting post posts posting a every Every hourly HOURLY x é day".split()
)


@settings(max_examples=200, deadline=None)  # about 30 words: few shapes
@given(st.lists(st.tuples(_BIO_WORDS, PROMO_GLUE).map("".join), max_size=6).map("".join))
def test_a_bio_says_bot_as_the_pattern_finds_it(bio):
    from scoring.fake_signals import BIO_BOT_RE, says_bot

    assert says_bot(bio) == (BIO_BOT_RE.search(bio) is not None)


def test_results_and_facts_made_slot_by_slot_are_the_ones_init_makes():
    """criterion_result and Fact.of set the slots directly: every field, in order."""
    from dataclasses import fields

    from scoring.models import CriterionResult, Fact, criterion_result

    values = ("meformer", False, 0.7, 0.9, ("e",), (("s", 0.7),), (Fact.of("k", n=1),))
    assert [f.name for f in fields(CriterionResult)] == [
        "id", "passed", "score", "confidence", "evidence", "signals", "facts"
    ]  # fmt: skip
    made = criterion_result(*values)
    assert made == CriterionResult(*values)
    assert repr(made) == repr(CriterionResult(*values))
    assert hash(made) == hash(CriterionResult(*values))
    fact = Fact.of("k", n=1, m="x")
    assert [f.name for f in fields(Fact)] == ["key", "params"]
    assert (fact, repr(fact), hash(fact)) == (
        (f := Fact("k", (("n", 1), ("m", "x")))),
        repr(f),
        hash(f),
    )
