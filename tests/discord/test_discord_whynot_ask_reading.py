"""`/whynot` asks the desk in the member's language when the desk answers that question,
read as it reads every message (the classifier, then the language identifier), as "why
didn't you follow me back?" in that very language; else in English. Before, the check read
the classifier's language alone: a French question the desk would answer in French
("pourquoi tu ne me suis pas en retour ? why no follow back?": the classifier's Spanish,
the identifier's French) was refused, and French members were answered in English though
templates/fr/ has replies; and a question the desk would answer in another language than
the member's was taken (a Spanish member answered in Italian)."""

from __future__ import annotations

import shutil

from harness import slash
from test_discord_whynot_languages import french, templates_with, use

from whynot.replies import TEMPLATES

FRENCH_ASK = "pourquoi tu ne me suis pas en retour ? why no follow back?"


async def test_a_french_question_the_desk_answers_in_french_is_asked(world, tmp_path):
    templates = french(tmp_path, ask=FRENCH_ASK)
    answer = templates / "fr" / "replies" / "why_not_followed.j2"
    answer.write_text(
        answer.read_text(encoding="utf-8").replace("Thanks for asking", "Merci de demander"),
        encoding="utf-8",
    )
    use(world, templates)
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    [row] = await world.store.messages.rows()
    assert (row.mention.text, row.intent, row.state) == (FRENCH_ASK, "why_not_followed", "sent")
    assert world.responses.last()["content"].startswith("Merci de demander")


async def test_a_question_the_desk_would_answer_in_another_language_is_asked_in_english(
    world, tmp_path, caplog
):
    # The classifier reads it as Spanish, the identifier is sure it is Italian: a Spanish
    # member would be answered in Italian (templates/it/ exists here).
    italian = "perché non mi hai seguito di ritorno? why no follow back?"
    templates = templates_with(tmp_path, {"es/discord/ask.j2": italian})
    shutil.copytree(TEMPLATES / "en" / "replies", templates / "it" / "replies")
    use(world, templates)
    await slash(world.bot, world.ana, world.general, "whynot", locale="es-ES")
    [row] = await world.store.messages.rows()
    assert row.mention.text == "why didn't you follow me back?"
    assert "templates/es/discord/ask.j2 reads as why_not_followed in it" in caplog.text
