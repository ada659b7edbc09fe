"""Guard tests for instrument 2.0 (issue 14): how the options are written, what the set covers,
the advice, the language. Each rule is checked on samenwerking 2.0 and quickscan 2.0."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from volwassenheid.core.glossary import terms_in
from volwassenheid.core.readability import B1_FROM, set_readability
from volwassenheid.storage.question_sets import find_question_set

COVERAGE = Path(__file__).parent / "fixtures" / "dekking-2.0.yaml"
SETS = ("samenwerking@2.0", "quickscan@2.0")

VALUE_WORDS = (
    "vanzelfsprekend",
    "doorlopend",
    "flexibel",
    "aantoonbaar",
    "actief",
    "bewust",
    "structureel",
    "stelselmatig",
    "volledig",
    "altijd",
    "echt",
    "optimaal",
    "volwaardig",
    "intensief",
    "proactief",
    "integraal",
    "naadloos",
    "goed",
    "sterk",
    "volop",
    "snel",
    "uit zichzelf",
    "vanzelf",
)
"""Words that tell a respondent which option is 'best'; the issue names the first four."""
ABSENCE = re.compile(r"^(er (is|zijn|wordt|worden) )?(geen|niet|niemand|nooit|nergens)\b", re.IGNORECASE)
JARGON = (
    "ZSM",
    "RIEC",
    "regie",
    "mandaat",
    "Bibob",
    "convenant",
    "casuïstiekbespreking",
    "intervisie",
    "escalatie",
    "opschalen",
    "proportionaliteit",
    "subsidiariteit",
    "ondermijning",
    "reclassering",
)
"""Words a police officer or a social worker may not know: used only when the begrippenlijst explains them."""
BANNED = ("ontschot", "verdeelsleutel", "prestatie-indicator", "regiehouder", "ronde tafelgesprek")
"""Jargon and spellings the issue names, replaced by plain words."""
GAPS = (
    "besluitvorming en conflicten",
    "opbrengst tegenover inbreng",
    "machtsbalans en gelijkwaardigheid",
    "casusselectie en op- en afschalen",
    "rechtsstatelijke waarborgen",
    "perspectief van de cliënt",
    "zorgkant van het Zorg- en Veiligheidshuis",
)


@pytest.fixture(scope="module", params=SETS)
def question_set(request):
    return find_question_set(request.param)


@pytest.fixture(scope="module")
def full_set():
    return find_question_set("samenwerking@2.0")


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(e|er|ere|st|ste|en)?(?!\w)", re.IGNORECASE)


def test_options_of_a_question_are_of_similar_length(question_set):
    for question in question_set.vragen:
        lengths = [len(option) for option in question.opties]
        assert max(lengths) <= 1.3 * min(lengths), (question.id, lengths)


def test_an_option_joins_no_clauses_with_a_semicolon(question_set):
    for question in question_set.vragen:
        for option in question.opties:
            assert option.count(";") <= 1, (question.id, option)
            assert ";" not in option, (question.id, option)  # 2.0 goes further than the issue: none at all


def test_option_one_describes_a_practice_not_an_absence(question_set):
    for question in question_set.vragen:
        assert not ABSENCE.search(question.opties[0]), (question.id, question.opties[0])


def test_value_words_are_spread_evenly_over_the_phases_or_left_out(question_set):
    """Per word: its count at any option position differs by at most one from its count at any other."""
    per_word: dict[str, Counter] = {word: Counter() for word in VALUE_WORDS}
    for question in question_set.vragen:
        for position, option in enumerate(question.opties, start=1):
            for word in VALUE_WORDS:
                if _word(word).search(option):
                    per_word[word][position] += 1
    for word, positions in per_word.items():
        counts = [positions[p] for p in range(1, question_set.phase_count + 1)]
        assert max(counts) - min(counts) <= 1, (word, counts)


def test_every_question_reads_at_b1(question_set):
    found = set_readability(question_set)
    assert len(found) == len(question_set.vragen)
    below = [(q.id, round(q.score, 1), q.lowest) for q in found if q.score < B1_FROM]
    assert below == []


def test_jargon_is_explained_and_the_named_jargon_is_gone(question_set):
    texts = [text for q in question_set.vragen for text in (q.tekst, *q.opties, q.nvt_als or "")]
    texts += [text for a in question_set.adviezen for text in (a.titel, a.toelichting)]
    joined = "\n".join(texts)
    explained = {t.term.casefold() for t in question_set.begrippen}
    for word in JARGON:
        if _word(word).search(joined):
            assert word.casefold() in explained, f"'{word}' wordt gebruikt maar staat niet in begrippen"
    for word in BANNED:
        assert word.casefold() not in joined.casefold(), word
    # and each term of the list is found where it is used, so the interview's help box shows it
    assert terms_in(question_set.begrippen, texts)


def test_phase_names_clash_with_nothing(question_set):
    dimension_words = {word.casefold() for d in question_set.dimensies for word in re.findall(r"\w+", f"{d.naam} {d.label}")}
    for phase in question_set.fasen:
        assert phase.naam.casefold() not in dimension_words, phase.naam
        assert "samenwerk" not in phase.naam.casefold()
        assert phase.naam.casefold() not in ("ambitie", "doelfase")


def test_the_top_phase_is_not_maximal_integration(full_set):
    """The rule-of-law counterweight: a dimension of safeguards in the core, and the top phase names them."""
    core = [d for d in full_set.dimensies if d.module is None]
    assert any(d.id == "waarborgen" for d in core)
    assert 8 <= len(core) <= 10
    core_questions = [q for q in full_set.vragen if full_set.dimension(q.dimensie).module is None]
    assert 40 <= len(core_questions) <= 48
    top = full_set.fasen[-1].beschrijving.casefold()
    assert "rol" in top or "grens" in top or "waarborg" in top


def test_modules_add_one_dimension_each_and_say_when_nvt_applies(full_set):
    assert full_set.module_ids() == ["ondermijning", "zorg-en-veiligheid", "strafrechtketen"]
    for module in full_set.modules:
        dimensions = [d for d in full_set.dimensies if d.module == module.id]
        assert len(dimensions) == 1
        assert 4 <= len(full_set.questions_of(dimensions[0].id)) <= 6
    with_rule = [q.id for q in full_set.vragen if q.nvt_als]
    assert len(with_rule) >= 5


def test_every_seed_theme_and_every_gap_maps_to_a_question(full_set):
    coverage = yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))
    old = find_question_set("samenwerking@1.0")
    themes = {theme for d in old.dimensies for theme in d.themas}
    assert themes <= set(coverage), sorted(themes - set(coverage))
    assert set(GAPS) <= set(coverage), sorted(set(GAPS) - set(coverage))
    ids = set(full_set.question_ids())
    for theme, questions in coverage.items():
        assert questions, theme
        assert set(questions) <= ids, (theme, sorted(set(questions) - ids))


def test_advice_covers_every_step_of_every_dimension_and_every_actor(full_set):
    items = full_set.adviezen
    for dimension in full_set.dimensies:
        for step in range(1, full_set.phase_count):
            found = [a for a in items if a.dimensie == dimension.id and a.van_fase == step]
            assert len(found) >= 2, (dimension.id, step, len(found))
    actors = Counter(a.actor for a in items)
    assert set(actors) == {"bestuur", "ketenregisseur", "management", "professionals"}
    assert actors["professionals"] >= len(items) / 4, actors
    assert all(a.vraag for a in items), [a.titel for a in items if not a.vraag]


def test_no_advice_is_written_twice(full_set):
    titles = Counter(a.titel.casefold() for a in full_set.adviezen)
    assert [title for title, count in titles.items() if count > 1] == []


def test_the_target_level_is_never_called_ambitie(question_set):
    texts = [question_set.beschrijving or ""] + [p.uitleg for p in question_set.patronen] + [p.advies.toelichting for p in question_set.patronen]
    assert not any(re.search(r"\bde ambitie\b", text, re.IGNORECASE) for text in texts)


def test_version_1_0_still_loads_unchanged():
    old = find_question_set("samenwerking@1.0")
    assert (len(old.dimensies), len(old.vragen), old.fasen[0].naam) == (10, 40, "Verkennen")
    assert len(find_question_set("quickscan@1.0").vragen) == 11
