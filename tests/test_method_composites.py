"""docs/methode.md, section 4.1, says per dimension whether it is a scale or a composite;
the shipped set's `samengesteld` flags must say the same."""

from __future__ import annotations

import re
from pathlib import Path

from volwassenheid.storage.question_sets import find_question_set

METHOD = Path(__file__).resolve().parent.parent / "docs" / "methode.md"
ROW = re.compile(r"^\| `(\w+)` \| (schaal|samengesteld) \| .+ \|$", re.MULTILINE)


def documented_kinds() -> dict[str, str]:
    text = METHOD.read_text(encoding="utf-8")
    section = text[text.index("### 4.1 Schaal of samengestelde dimensie") : text.index("## 5. Scoringsregels")]
    return dict(ROW.findall(section))


def test_every_dimension_of_the_standard_set_is_in_the_table_once():
    dimension_ids = [d.id for d in find_question_set("samenwerking").dimensies]
    text = METHOD.read_text(encoding="utf-8")
    section = text[text.index("### 4.1") : text.index("## 5. Scoringsregels")]
    assert sorted(ROW.findall(section)) == sorted(set(ROW.findall(section)))  # no repeated rows
    assert sorted(documented_kinds()) == sorted(dimension_ids)


def test_the_set_marks_exactly_the_documented_composites():
    kinds = documented_kinds()
    for name in ("samenwerking", "quickscan"):  # the quickscan inherits the dimensions
        flags = {d.id: ("samengesteld" if d.samengesteld else "schaal") for d in find_question_set(name).dimensies}
        assert flags == kinds, name


def test_the_table_is_read_and_not_empty():
    kinds = documented_kinds()
    assert kinds["middelen"] == "samengesteld" and kinds["rollen"] == "schaal"


def test_the_questions_named_not_cumulative_exist_in_the_set():
    """Section 4 lists the 1.0 questions whose options did not build on each other, and what replaced them."""
    text = METHOD.read_text(encoding="utf-8")
    named = re.findall(r"^\| (\w+) \(.+?\) \| ", text[text.index("**Opbouw van de opties") : text.index("### 4.1")], re.MULTILINE)
    assert sorted(named) == ["amb3", "mid3", "tvb3", "tvb4", "ver1", "ver3"]
    assert set(named) <= set(find_question_set("samenwerking@1.0").question_ids())


def test_the_method_states_its_validation_status():
    text = METHOD.read_text(encoding="utf-8")
    assert "nog niet statistisch gevalideerd" in text
    assert "22 factoren" in text  # the 3rd edition of the Wilder factors (Mattessich & Johnson, 2018)
