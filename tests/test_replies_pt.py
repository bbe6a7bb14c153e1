"""Portuguese facts agree in number: every evidence fact worded in Portuguese, for none,
one, some and all of the posts, and the line naming the reasons not shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_replies import failed

from scoring import Verdict
from scoring.criteria import CRITERION_IDS
from scoring.models import Fact
from whynot.replies import ReplyRenderer

# One for every case: a renderer builds the Portuguese templates once (a new one per case
# built them again); it keeps nothing else, so the texts are the same.
RENDERER = ReplyRenderer()


def _pt_fact(fact: Fact, cid: str = "automated_promo") -> str:
    """One fact as a Portuguese reply words it (the reason's evidence after the headline)."""
    verdict = Verdict("1", "h", 0.9, False, (failed(cid, 0.9, fact),))
    text = RENDERER.render(
        "why_not_followed", platform="discord", language="pt", asker="Ana", verdict=verdict
    ).text
    bullet = next(line for line in text.splitlines() if line.startswith("- "))
    return bullet.split(": ", 1)[1].removesuffix(".")


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (0, 20, "nenhuma das suas últimas 20 publicações traz um link"),
        (1, 20, "1 das suas últimas 20 publicações traz um link"),
        (2, 20, "2 das suas últimas 20 publicações trazem um link"),
        (20, 20, "todas as suas últimas 20 publicações trazem um link"),
        (2, 2, "as suas 2 últimas publicações trazem um link"),
        (1, 2, "1 das suas últimas 2 publicações traz um link"),
        (1, 1, "a sua única publicação recente traz um link"),
        (0, 1, "a sua única publicação recente não traz um link"),
    ],
)
def test_portuguese_counts_of_posts_agree(count, total, expected):
    assert _pt_fact(Fact.of("links_in_most_posts", count=count, total=total)) == expected


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        (
            Fact.of("links_to_one_site", count=1, total=1, site="a.example"),
            "a sua única publicação recente com link aponta para a.example",
        ),
        (
            Fact.of("links_to_one_site", count=0, total=1, site="a.example"),
            "a sua única publicação recente com link não aponta para a.example",
        ),
        (
            Fact.of("automation_client", count=1, total=20, client="IFTTT"),
            "1 das suas últimas 20 publicações foi enviada por IFTTT, um publicador automático",
        ),
        (
            Fact.of("automation_client", count=2, total=20, client="IFTTT"),
            "2 das suas últimas 20 publicações foram enviadas por IFTTT, um publicador automático",
        ),
        (Fact.of("long_silence", days=1.2), "a sua última publicação foi há 1 dia"),
        (Fact.of("long_silence", days=2.4), "a sua última publicação foi há 2 dias"),
        (
            Fact.of("rarely_posts", count=1, weeks=1.0, per_week=1.0),
            "1 publicação em 1 semana (1,0 por semana)",
        ),
        (
            Fact.of("rarely_posts", count=2, weeks=0.2, per_week=10.0),
            "2 publicações em menos de uma semana (10,0 por semana)",
        ),
        (
            Fact.of("barely_used", count=1, age="2 years", days=730.5),
            "1 publicação em 2 anos desde que a conta foi criada",
        ),
        (
            Fact.of("barely_used", count=1200, age="1 months", days=30.4),
            "1.200 publicações em 1 mês desde que a conta foi criada",
        ),
        (
            Fact.of("on_and_off", longest="12 days", usual="1 hours"),
            "um silêncio de 12 dias entre publicações, quando o intervalo habitual é de 1 hora",
        ),
        (
            Fact.of("on_and_off", longest="2 days", usual="0 hours"),
            "um silêncio de 2 dias entre publicações, quando o intervalo habitual é de "
            "menos de uma hora",
        ),
        (
            Fact.of("clockwork_schedule", interval="1.0 minutes", seconds=60.0, variation=0.05),
            "as suas publicações saem a cada 1 minuto, como um relógio (os intervalos variam "
            "só 5%)",
        ),
        (
            Fact.of("bursts", count=5, total=20, bursts=1, size=5, window=10, largest=5, minutes=1),
            "5 das suas últimas 20 publicações vieram em 1 rajada de 5 ou mais em até 10 minutos "
            "(a maior: 5 publicações em 1 minuto)",
        ),
        (
            Fact.of(
                "bursts", count=12, total=20, bursts=2, size=5, window=10, largest=7, minutes=2
            ),
            "12 das suas últimas 20 publicações vieram em 2 rajadas de 5 ou mais em até 10 "
            "minutos (a maior: 7 publicações em 2 minutos)",
        ),
        (
            Fact.of("mass_following", following=1, followers=0),
            "você segue 1 conta, mas ninguém segue você",
        ),
        (
            Fact.of("mass_following", following=5000, followers=1),
            "você segue 5.000 contas, mas só 1 segue você",
        ),
        (
            Fact.of("mass_following", following=5000, followers=2),
            "você segue 5.000 contas, mas só 2 seguem você",
        ),
        (
            Fact.of("unlisted_audience", followers=1, listed=0),
            "1 seguidor, mas nenhuma lista inclui você",
        ),
        (
            Fact.of("unlisted_audience", followers=2, listed=1),
            "2 seguidores, mas só 1 lista inclui você",
        ),
        (
            Fact.of("unlisted_audience", followers=20000, listed=2),
            "20.000 seguidores, mas só 2 listas incluem você",
        ),
        (
            Fact.of("silent_audience", followers=9000, count=1, average=1.0, rate=0.0001),
            "9.000 seguidores, mas a sua última publicação tem em média 1,0 interação "
            "(0,010% do seu público)",
        ),
        (
            Fact.of("silent_audience", followers=9000, count=20, average=2.0, rate=0.0002),
            "9.000 seguidores, mas as suas últimas 20 publicações têm em média 2,0 interações "
            "(0,020% do seu público)",
        ),
        (
            Fact.of("follower_jump", before=10, after=5000, days=1 / 24),
            "os seus seguidores saltaram de 10 para 5.000 em 60 minutos",
        ),
        (
            Fact.of("follower_jump", before=10, after=5000, days=3.0),
            "os seus seguidores saltaram de 10 para 5.000 em 3 dias",
        ),
        (
            Fact.of("one_subject", subject="crypto", count=1, total=1),
            "crypto aparece em a sua única publicação recente",
        ),
        (
            Fact.of(
                "few_shared_topics",
                count=0,
                total=20,
                topics="social media",
                topic_list=("social media",),
            ),
            "nenhuma das suas últimas 20 publicações trata de social media",
        ),
        (
            Fact.of("follow_churn", path="5,000 → 200 → 5,100"),
            "o número de contas que você segue sobe e desce entre as verificações "
            "(5.000 → 200 → 5.100)",
        ),
    ],
)
def test_portuguese_facts_agree_in_number(fact, expected):
    assert _pt_fact(fact) == expected


def test_every_fact_has_portuguese_words():
    """A fact key missing from templates/pt/facts.j2 would be printed as its bare key."""
    from scoring.evidence import PHRASES

    source = (Path(__file__).resolve().parent.parent / "templates/pt/facts.j2").read_text()
    missing = [key for key in PHRASES if f'f.key == "{key}"' not in source]
    assert not missing


def test_portuguese_replies_name_the_reasons_they_do_not_show():
    # six reasons do not fit one X post: those not shown are named in a "Também:" line
    fact = Fact.of("links_in_most_posts", count=18, total=20)
    reasons = tuple(failed(cid, 0.9 - i / 100, fact) for i, cid in enumerate(CRITERION_IDS[:6]))
    verdict = Verdict("1", "h", 0.9, False, reasons)
    text = RENDERER.render(
        "why_not_followed", platform="x", language="pt", asker="Ana", verdict=verdict
    ).text
    also = next(line for line in text.splitlines() if line.startswith("Também: "))
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    named = also.removeprefix("Também: ").removesuffix(".").split("; ")
    assert len(bullets) + len(named) == 6, text
    assert "temas que não acompanho" in named or "Temas que não acompanho" in text
