"""platform.thread_of: our reply's posts under a message, found among our own posts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from whynot.platform import thread_of


def test_a_thread_listed_newest_first_is_found_parents_first():
    posts = [("4", "3"), ("9", "elsewhere"), ("3", "2"), ("2", "root")]
    assert thread_of(posts, "root") == ("2", "3", "4")
    assert thread_of(posts, "other") == ()
    assert thread_of([("5", None)], "root") == ()


@given(st.lists(st.integers(0, 30), max_size=40), st.randoms(use_true_random=False))
def test_exactly_the_posts_under_the_root_each_after_its_parent(parents, rnd):
    # post i+1 replies to parents[i] (clamped to an earlier post; 0 is the root)
    posts = [(str(i + 1), str(min(p, i))) for i, p in enumerate(parents)]
    under = {"0"}
    for post, parent in posts:
        if parent in under:
            under.add(post)
    shuffled = posts[:]
    rnd.shuffle(shuffled)  # whatever order the platform lists them in
    found = thread_of(shuffled, "0")
    assert set(found) == under - {"0"} and len(found) == len(set(found))
    place = {post: i for i, post in enumerate(found)}
    assert all(place.get(parent, -1) < place[post] for post, parent in posts if post in place)
