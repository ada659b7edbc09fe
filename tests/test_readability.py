"""Flesch-Douma, counted by hand, and where the tool reports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli.main import cli
from volwassenheid.core.questionset import Question
from volwassenheid.core.readability import counts, flesch_douma, question_readability, syllables

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("samenwerking", 4),  # sa-men-wer-king
        ("vertrouwen", 3),  # ver-trou-wen: "ou" is one
        ("politie", 3),  # po-li-tie: "ie" is one
        ("wijk", 1),  # "ij": the j is no vowel
        ("ideeën", 3),  # i-dee-en: the diaeresis starts a syllable
        ("coördinatie", 5),
        ("systeem", 2),
        ("RIEC", 1),
        ("st", 1),  # at least one
    ],
)
def test_syllables_are_vowel_groups(word, expected):
    assert syllables(word) == expected


def test_flesch_douma_by_hand():
    # 4 words, 9 syllables (de 1, po-li-tie 3, deelt 1, in-for-ma-tie 4), one sentence:
    # 206.84 - 77 x 9/4 - 0.93 x 4 = 29.87
    assert counts("De politie deelt informatie.") == counts("De politie deelt informatie")
    assert flesch_douma("De politie deelt informatie.") == pytest.approx(29.87)
    # six one-syllable words in two sentences: 206.84 - 77 x 6/6 - 0.93 x 3 = 127.05
    assert counts("Wij zien het. Zij doen mee!").sentences == 2
    assert flesch_douma("Wij zien het. Zij doen mee!") == pytest.approx(206.84 - 77 * 6 / 6 - 0.93 * 3)
    assert flesch_douma("3 - 4") is None


def test_a_question_reads_as_the_mean_of_its_text_and_options():
    question = Question(id="q", dimensie="d", tekst="Wij zien het.", opties=["De politie deelt informatie.", "Zij doen mee!"])
    found = question_readability(question)
    texts = ["Wij zien het.", "De politie deelt informatie.", "Zij doen mee!"]
    assert found.score == pytest.approx(sum(flesch_douma(text) for text in texts) / 3)
    assert found.lowest == "De politie deelt informatie."


def test_valideer_leesbaarheid_lists_the_questions_below_b1():
    result = CliRunner().invoke(cli, ["vragen", "valideer", "samenwerking@1.0", "--leesbaarheid"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Leesbaarheid (Flesch-Douma; B1 vanaf 60)" in result.output
    assert "Gemiddeld 49,8; 34 vragen onder B1 (60)." in result.output
    plain = CliRunner().invoke(cli, ["vragen", "valideer", "samenwerking@1.0"])
    assert "Leesbaarheid" not in plain.output


def test_the_script_writes_the_same_figures_as_csv():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "leesbaarheid.py"), "samenwerking@1.0"], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "vraag;score;moeilijkste tekst"
    assert len(lines) == 41
    assert "# gemiddeld 49.8 over 40 vragen" in done.stderr
    refused = subprocess.run([sys.executable, str(ROOT / "scripts" / "leesbaarheid.py"), "bestaatniet"], capture_output=True, text=True)
    assert refused.returncode == 1 and "niet gevonden" in refused.stderr and "Traceback" not in refused.stderr


def test_the_readme_states_the_readability_of_2_0_as_computed():
    from volwassenheid.core.readability import set_readability
    from volwassenheid.storage.question_sets import find_question_set

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for reference, phrase in (("samenwerking@2.0", "Versie 2.0 haalt gemiddeld {}"), ("quickscan@2.0", "de quickscan 2.0: {}")):
        found = set_readability(find_question_set(reference))
        mean = sum(q.score for q in found) / len(found)
        assert phrase.format(f"{mean:.1f}".replace(".", ",")) in " ".join(readme.split()), reference
