"""A reply names the owner's interests in its own language when the owner file gives a
wording in it (`[owner.synonyms]`, untagged: the identifier reads each wording's language),
else as written in `interests`; never machine-translated. Before, a Portuguese reply said
"trata de customer service" for an owner who had listed "atendimento ao cliente".

CONCEPTS is the list `whynot.interest_names` was chosen on (even-numbered concepts) and is
measured on (odd-numbered ones): interests in English, Spanish and Portuguese written by
hand for this test (no dataset text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import account, posts

from scoring import judge
from whynot.interest_names import interest_name
from whynot.owner_config import load_owner_config
from whynot.replies import LANGUAGES, ReplyRenderer

OWNER = """[owner]
handle = "ana_cx"
interests = {interests}
[owner.synonyms]
{synonyms}
"""
GARDEN = [f"Hoje plantei tomates e manjericão no quintal, dia {i} da horta" for i in range(20)]


def topics_said(tmp_path: Path, interests: str, synonyms: str, language: str) -> str:
    """The off_topic evidence of a reply in `language` to an asker who posts about their
    garden, for an owner file with these interests and synonyms (TOML)."""
    path = tmp_path / "owner.toml"
    path.write_text(OWNER.format(interests=interests, synonyms=synonyms), encoding="utf-8")
    verdict = judge(account("horta", posts=posts(GARDEN)), load_owner_config(path))
    assert "off_topic" in {c.id for c in verdict.failed}
    reply = ReplyRenderer().render(
        "why_not_followed", platform="discord", language=language, asker="Rui", verdict=verdict
    )
    [line] = [p for p in reply.posts[0].split("\n\n") if p.startswith("- ") and "20" in p]
    return line


CX = '"customer service" = ["atendimento ao cliente", "atención al cliente"]'


def test_a_portuguese_reply_names_the_interest_in_portuguese(tmp_path):
    said = topics_said(tmp_path, '["customer service"]', CX, "pt")
    assert said.endswith(" de atendimento ao cliente.")


def test_a_spanish_reply_names_it_in_spanish_and_an_english_one_as_written(tmp_path):
    assert topics_said(tmp_path, '["customer service"]', CX, "es").endswith(
        " atención al cliente."
    )
    assert topics_said(tmp_path, '["customer service"]', CX, "en").endswith(
        " customer service."
    )


def test_an_english_reply_names_a_spanish_owners_interest_in_english(tmp_path):
    synonyms = '"atención al cliente" = ["customer service", "atendimento ao cliente"]'
    said = topics_said(tmp_path, '["atención al cliente"]', synonyms, "en")
    assert said.endswith(" customer service.")


def test_without_a_wording_in_the_language_the_owners_words_stay(tmp_path):
    # Only a Spanish wording: the Portuguese reply keeps "customer service", it does not
    # borrow the Spanish one nor translate.
    synonyms = '"customer service" = ["atención al cliente"]'
    said = topics_said(tmp_path, '["customer service", "community"]', synonyms, "pt")
    assert said.endswith(" de customer service ou community.")


def test_a_wording_in_a_language_without_templates_is_not_taken_for_ours(tmp_path):
    # "réseaux sociaux" reads as Spanish (0.56) among en/es/pt alone; it is French.
    synonyms = '"social media" = ["réseaux sociaux"]'
    assert topics_said(tmp_path, '["social media"]', synonyms, "es").endswith(" toca social media.")


CONCEPTS = [
    ("customer service", "atención al cliente", "atendimento ao cliente"),
    ("social media", "redes sociales", "redes sociais"),
    ("community", "comunidad", "comunidade"),
    ("specialty coffee", "café de especialidad", "café especial"),
    ("photography", "fotografía", "fotografia"),
    ("music", "música", "música"),
    ("football", "fútbol", "futebol"),
    ("artificial intelligence", "inteligencia artificial", "inteligência artificial"),
    ("travel", "viajes", "viagens"),
    ("politics", "política", "política"),
    ("economics", "economía", "economia"),
    ("cooking", "cocina", "culinária"),
    ("entrepreneurship", "emprendimiento", "empreendedorismo"),
    ("education", "educación", "educação"),
    ("digital marketing", "marketing digital", "marketing digital"),
    ("personal finance", "finanzas personales", "finanças pessoais"),
    ("mental health", "salud mental", "saúde mental"),
    ("renewable energy", "energías renovables", "energias renováveis"),
    ("climate change", "cambio climático", "mudanças climáticas"),
    ("video games", "videojuegos", "videogames"),
    ("books", "libros", "livros"),
    ("gardening", "jardinería", "jardinagem"),
    ("fitness", "entrenamiento", "treino"),
    ("web development", "desarrollo web", "desenvolvimento web"),
    ("data science", "ciencia de datos", "ciência de dados"),
    ("fashion", "moda", "moda"),
    ("real estate", "bienes raíces", "imóveis"),
    ("public health", "salud pública", "saúde pública"),
    ("human resources", "recursos humanos", "recursos humanos"),
    ("small business", "pequeñas empresas", "pequenas empresas"),
    ("wine", "vino", "vinho"),
    ("cycling", "ciclismo", "ciclismo"),
    ("history", "historia", "história"),
    ("science", "ciencia", "ciência"),
    ("movies", "cine", "cinema"),
    ("design", "diseño", "design"),
    ("open source", "código abierto", "código aberto"),
    ("online sales", "ventas en línea", "vendas online"),
    ("user experience", "experiencia de usuario", "experiência do usuário"),
    ("sustainability", "sostenibilidad", "sustentabilidade"),
    ("customer support", "soporte al cliente", "suporte ao cliente"),
    ("local news", "noticias locales", "notícias locais"),
]
ORDER = ("en", "es", "pt")


def measure(part: int) -> tuple[int, int, int, int]:
    """(named in the reply's language, kept as written, named in another language, named
    in the reply's language by always keeping the interest as written) over every concept
    of `part` (0 even, 1 odd), each written in one language with the other two as wordings,
    and each reply language."""
    from scoring.owner import Interest

    right = kept = wrong = baseline = 0
    for number, concept in enumerate(CONCEPTS):
        if number % 2 != part:
            continue
        for written in range(3):
            others = [concept[i] for i in range(3) if i != written]
            label = Interest(concept[written], others)
            for i, language in enumerate(ORDER):
                name = interest_name(label, language, LANGUAGES)
                baseline += label == concept[i]
                if name == concept[i]:
                    right += 1
                elif name == label:
                    kept += 1
                else:
                    wrong += 1
    return right, kept, wrong, baseline


@pytest.mark.parametrize(("part", "figures"), [(0, (148, 41, 0, 67)), (1, (149, 39, 1, 73))])
def test_the_measured_figures_hold(part, figures):
    # Chosen on part 0, reported on part 1 (whynot/interest_names.py's docstring).
    assert LANGUAGES[:3] == ORDER
    assert measure(part) == figures
