"""Guards on the shipped instrument: coverage of the seeds, enough questions and advice."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.storage.question_sets import find_question_set, shipped_set_dir

click_dutch.install()

# Themes from ../shared/seeds/, each with the dimension that must carry it.
# A theme counts as covered when its words occur in that dimension's themes,
# questions, answer options or interviewer help.
SEED_THEMES = {
    # 000: Veiligheidshuizen & Functioneel Parket
    "expertise": "professionals",
    "horizontaal leiderschap": "professionals",
    "netwerkteams": "professionals",
    "ronde tafel": "omgeving",
    "buitenwereld": "omgeving",
    "vertrouwen": "vertrouwen",
    # 001: verbinden van verschillen (operationele samenwerking Brabant)
    "maatschappelijk effect": "resultaten",
    "bestuurlijke drukte": "sturing",
    "schouder aan schouder": "tvb",
    "eigen belangen": "ambitie",
    "bevoegdheden": "tvb",
    "strategisch, tactisch en operationeel": "sturing",
    "scenario": "leren",
    "permanente ontwikkeling": "leren",
    "praktijk afgezet tegen de ambitie": "ambitie",
    # 002: ambitie strafrechtketen
    "gedragen": "ambitie",
    "ruimte voor de professional": "professionals",
    "doorlooptijden": "resultaten",
    "multiproblematiek": "resultaten",
    "digitalisering": "middelen",
    "zonder voorkennis": "omgeving",
    # 003: ondermijning Moerdijk
    "transparantie": "vertrouwen",
    "communicatie": "informatie",
    "waardering": "informatie",
    "vergunning": "informatie",
    "gezamenlijk doel": "ambitie",
    # 004: leertuinen Veiligheidshuizen
    "financiering": "middelen",
    "huisvesting": "middelen",
    "ict": "middelen",
    "professionele standaard": "professionals",
    "intervisie": "leren",
    "review": "leren",
    "escalatie": "sturing",
    "referentiebesturingsmodel": "sturing",
    "0-meting": "leren",
    "best practices": "leren",
}


@pytest.fixture(scope="module")
def main_set():
    return find_question_set("samenwerking@1.0")


@pytest.fixture(scope="module")
def quick_scan():
    return find_question_set("quickscan@1.0")


def dimension_text(question_set, dimension_id: str) -> str:
    dimension = question_set.dimension(dimension_id)
    parts = [dimension.naam, dimension.beschrijving, *dimension.themas]
    for question in question_set.questions_of(dimension_id):
        parts += [question.tekst, *question.opties]
        if question.hulp:
            parts += [question.hulp.luisteren or "", question.hulp.doorvragen or ""]
    return " ".join(parts).lower()


@pytest.mark.parametrize(("theme", "dimension_id"), sorted(SEED_THEMES.items()))
def test_every_seed_theme_maps_to_its_dimension(main_set, theme, dimension_id):
    assert theme in dimension_text(main_set, dimension_id)


def test_five_named_phases(main_set):
    assert [p.naam for p in main_set.fasen] == ["Verkennen", "Afstemmen", "Samenwerken", "Verbinden", "Transformeren"]
    assert all(len(p.beschrijving) > 150 for p in main_set.fasen)


def test_dimensions_carry_themes_and_literature(main_set):
    assert 8 <= len(main_set.dimensies) <= 10
    for dimension in main_set.dimensies:
        assert len(dimension.themas) >= 3, dimension.id
        assert len(dimension.bronnen) >= 2, dimension.id
        assert dimension.kort and len(dimension.kort) <= 24


def test_question_counts(main_set):
    per_dimension = Counter(q.dimensie for q in main_set.vragen)
    assert set(per_dimension) == {d.id for d in main_set.dimensies}
    assert all(3 <= count <= 5 for count in per_dimension.values()), per_dimension
    assert 30 <= len(main_set.vragen) <= 45


def test_questions_are_single_and_anchored(main_set):
    for question in main_set.vragen:
        assert question.tekst.endswith("?"), question.id
        assert question.tekst.count("?") == 1, question.id
        assert len(set(question.opties)) == main_set.phase_count, question.id
        assert question.hulp and question.hulp.luisteren and question.hulp.doorvragen, question.id


def test_two_to_four_recommendations_per_dimension_and_step(main_set):
    steps = Counter((r.dimensie, r.van_fase) for r in main_set.adviezen)
    for dimension in main_set.dimensies:
        for step in range(1, main_set.phase_count):
            assert 2 <= steps[(dimension.id, step)] <= 4, (dimension.id, step)
    assert {r.actor for r in main_set.adviezen} == {"bestuur", "ketenregisseur", "management", "professionals"}
    assert {r.horizon for r in main_set.adviezen} == {"kort", "middellang", "lang"}


def test_pattern_rules_refer_to_existing_dimensions(main_set):
    assert len(main_set.patronen) >= 6
    dimension_ids = {d.id for d in main_set.dimensies}
    kinds = set()
    for rule in main_set.patronen:
        for condition in rule.voorwaarden:
            kinds.add(condition.soort)
            for key in ("dimensie", "ten_opzichte_van"):
                value = getattr(condition, key, None)
                assert value is None or value in dimension_ids, (rule.id, key, value)
    # The required patterns: trust vs tasks, level gap, ambition far ahead, paper vs practice.
    ids = {rule.id for rule in main_set.patronen}
    assert {"vertrouwen_zonder_tvb", "strategisch_positiever", "ambitie_ver_vooruit", "afspraken_zonder_informatie"} <= ids
    assert {"score", "verschil", "niveauverschil", "aantal_kloven", "spreiding"} <= kinds


def test_quick_scan_scores_the_same_dimensions(main_set, quick_scan):
    assert 10 <= len(quick_scan.vragen) <= 12
    assert {q.dimensie for q in quick_scan.vragen} == {d.id for d in main_set.dimensies}
    assert quick_scan.dimensies == main_set.dimensies
    assert quick_scan.fasen == main_set.fasen
    assert quick_scan.adviezen == main_set.adviezen
    assert not set(quick_scan.question_ids()) & set(main_set.question_ids())


@pytest.mark.parametrize("name", ["samenwerking-1.0.yaml", "quickscan-1.0.yaml"])
def test_shipped_sets_validate_through_the_cli(name):
    result = CliRunner().invoke(cli, ["vragen", "valideer", str(shipped_set_dir() / name)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("In orde")


def test_method_document_covers_the_literature():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "methode.md").read_text(encoding="utf-8")
    for name in ("Himmelman", "Kaats", "Opheij", "Hardy", "Wilder", "INK", "weet niet", "grenzen van het instrument"):
        assert name.lower() in text.lower(), name
