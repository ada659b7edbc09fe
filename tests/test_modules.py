"""Context modules, n.v.t. rules, the begrippenlijst and advice aimed at the weakest questions (issue 14).

The set is tests/fixtures/mini-modules.yaml: a core of two dimensions (rollen r1-r3,
casus c1-c2) and one module `ondermijning` (o1-o2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid import Traject
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.modules import with_modules
from volwassenheid.storage.question_sets import load_question_set

MODULE_SET = Path(__file__).parent / "fixtures" / "mini-modules.yaml"
CORE = ["r1", "r2", "r3", "c1", "c2"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def traject(folder: Path, answers: dict[str, list], modules: list[str] | None = None, target_key: str = "doelfase") -> Path:
    """A traject on the module set; answers[question] holds one value per respondent (R01, R02, ...)."""
    folder.mkdir(parents=True)
    (folder / "interviews").mkdir()
    shutil.copy(MODULE_SET, folder / "set.yaml")
    data = {
        "samenwerkingsverband": "Testland",
        "datum": "2026-10-01",
        "vragenlijst": {"id": "minimod", "versie": "0.2", "pad": "set.yaml"},
        "organisaties": ["Politie", "Gemeente", "OM"],
        target_key: {"rollen": 4, "casus": 4},
    }
    if modules is not None:
        data["modules"] = modules
    (folder / "traject.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    people = max(len(values) for values in answers.values())
    for index in range(people):
        code = f"R{index + 1:02d}"
        interview = {
            "code": code,
            "organisatie": ["Politie", "Gemeente", "OM"][index % 3],
            "niveau": "operationeel",
            "vragenlijst": {"id": "minimod", "versie": "0.2"},
            "afgerond": True,
            "antwoorden": {qid: {"waarde": values[index]} for qid, values in answers.items() if index < len(values)},
        }
        (folder / "interviews" / f"{code}.json").write_text(json.dumps(interview), encoding="utf-8")
    return folder


# --- the set and its checks -----------------------------------------------------


def test_with_modules_keeps_the_core_and_only_the_chosen_modules():
    full = load_question_set(MODULE_SET)
    core = with_modules(full, [])
    assert core.question_ids() == CORE
    assert [d.id for d in core.dimensies] == ["rollen", "casus"]
    assert core.modules == []
    assert all(a.dimensie != "ondermijning" for a in core.adviezen)
    assert [p.id for p in core.patronen] == ["rollen_laag"]  # the pattern that looks at the module is gone
    chosen = with_modules(full, ["ondermijning"])
    assert chosen.question_ids() == [*CORE, "o1", "o2"]
    assert [p.id for p in chosen.patronen] == ["ondermijning_achter", "rollen_laag"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["dimensies"][2].update(module="onbekend"),
            "dimensies[2] (id 'ondermijning').module: onbekende module 'onbekend'; bekend zijn: ondermijning",
        ),
        (lambda d: d["modules"].append({"id": "keten", "naam": "Keten", "beschrijving": "x"}), "module 'keten' heeft geen dimensie"),
        (lambda d: d["adviezen"][0].update(vraag="c1"), "adviezen[0].vraag: vraag 'c1' hoort bij dimensie 'casus', niet bij 'rollen'"),
        (lambda d: d["adviezen"][0].update(vraag="x9"), "adviezen[0].vraag: onbekende vraag 'x9'"),
        (lambda d: d["begrippen"].append({"term": "riec", "uitleg": "dubbel"}), "begrip 'riec' komt dubbel voor (ook bij begrippen[0])"),
        (lambda d: d["modules"][0].update(id="Onder_mijning"), "moet een module-id zijn"),
    ],
)
def test_a_broken_module_set_is_refused_naming_the_key(tmp_path, change, expected):
    data = yaml.safe_load(MODULE_SET.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_question_set(path)
    assert expected in "\n".join(raised.value.details)


# --- the traject chooses its modules ------------------------------------------------


def test_a_traject_without_modules_scores_only_the_core(tmp_path):
    folder = traject(tmp_path / "t", {q: [3, 3, 3] for q in CORE})
    scores = Traject.open(folder).score_document()
    assert [d["id"] for d in scores["dimensies"]] == ["rollen", "casus"]


def test_a_traject_with_a_module_scores_it_and_asks_its_questions(tmp_path):
    folder = traject(tmp_path / "t", {q: [3, 3, 3] for q in [*CORE, "o1", "o2"]}, modules=["ondermijning"])
    opened = Traject.open(folder)
    assert [d["id"] for d in opened.score_document()["dimensies"]] == ["rollen", "casus", "ondermijning"]
    assert opened.question_set.question_ids() == [*CORE, "o1", "o2"]


def test_an_unknown_module_in_traject_yaml_names_the_file_and_the_choices(tmp_path):
    folder = traject(tmp_path / "t", {q: [3, 3, 3] for q in CORE}, modules=["ondermijnig"])
    result = run("score", folder)
    assert result.exit_code == 1
    assert "traject.yaml: modules: onbekende module 'ondermijnig'; kies uit ondermijning (Aanpak ondermijning)." in result.output
    assert "Traceback" not in result.output


def test_nieuw_with_a_module_writes_it_and_refuses_an_unknown_one(tmp_path):
    shutil.copy(MODULE_SET, tmp_path / "set.yaml")
    base = ["nieuw", "--samenwerkingsverband", "X", "--vragenlijst", tmp_path / "set.yaml", "--niet-interactief"]
    good = run(*base[:1], tmp_path / "a", *base[1:], "--module", "ondermijning", "--doelfase", "ondermijning=3")
    assert good.exit_code == 0, good.output
    assert "met module ondermijning." in good.output
    written = yaml.safe_load((tmp_path / "a" / "traject.yaml").read_text(encoding="utf-8"))
    assert written["modules"] == ["ondermijning"] and written["doelfase"] == {"ondermijning": 3}
    bad = run(*base[:1], tmp_path / "b", *base[1:], "--module", "keten")
    assert bad.exit_code == 1 and "--module: onbekende module 'keten'" in bad.output
    assert not (tmp_path / "b" / "traject.yaml").exists()
    # a doelfase for a module the traject did not choose is an unknown dimension
    without = run(*base[:1], tmp_path / "c", *base[1:], "--doelfase", "ondermijning=3")
    assert without.exit_code == 1 and "onbekende dimensie" in without.output


def test_batch_and_the_template_take_the_module_columns_only_when_asked(tmp_path):
    header = run("vragen", "sjabloon", "--vragenlijst", MODULE_SET, "--module", "ondermijning").output
    assert header == "respondent;organisatie;niveau;r1;r2;r3;c1;c2;o1;o2\n"
    rows = [header.strip(), *[f"R{i};Politie;operationeel;3;3;3;3;3;2;2" for i in range(1, 6)]]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with_module = run("batch", export, "-o", tmp_path / "met", "--vragenlijst", MODULE_SET, "--module", "ondermijning", "--samenwerkingsverband", "X")
    assert with_module.exit_code == 0, with_module.output
    scores = json.loads(next((tmp_path / "met").glob("*/scores.json")).read_text(encoding="utf-8"))
    assert [d["id"] for d in scores["dimensies"]] == ["rollen", "casus", "ondermijning"]
    without = run("batch", export, "-o", tmp_path / "zonder", "--vragenlijst", MODULE_SET, "--samenwerkingsverband", "X")
    assert without.exit_code == 0, without.output
    said = " ".join(without.output.split())
    assert "2 kolommen van module ondermijning niet gelezen, want die module is niet gekozen: o1, o2. Tel ze mee met --module ondermijning." in said
    assert "genegeerd" not in said


# --- doelfase, and the old key ambitie ------------------------------------------------


def test_the_old_key_ambitie_is_read_as_doelfase_and_named_as_written(tmp_path):
    old = traject(tmp_path / "oud", {q: [2, 2, 2] for q in CORE}, target_key="ambitie")
    new = traject(tmp_path / "nieuw", {q: [2, 2, 2] for q in CORE})
    assert Traject.open(old).score_document() == Traject.open(new).score_document()
    assert Traject.open(old).engagement.doelfase == {"rollen": 4, "casus": 4}
    text = (old / "traject.yaml").read_text(encoding="utf-8").replace("rollen: 4", "rollen: 9")
    (old / "traject.yaml").write_text(text, encoding="utf-8")
    result = run("score", old)
    assert result.exit_code == 1 and "ongeldige ambitie:" in result.output and "ambitie.rollen: fase 9 bestaat niet" in result.output


def test_doelfase_and_ambitie_together_are_refused(tmp_path):
    folder = traject(tmp_path / "t", {q: [2, 2, 2] for q in CORE})
    with open(folder / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("ambitie: {rollen: 3}\n")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "geef 'doelfase' of de oude naam 'ambitie', niet allebei" in result.output


# --- step advice from the weakest questions ---------------------------------------------


def test_step_advice_is_the_step_of_the_weakest_questions(tmp_path):
    # rollen: r1 = 1,1,2 (mean 1.33), r2 = 3,3,3, r3 = 2,2,2; 7 of 9 answers at 2 or higher, so
    # phase 2 by the 0.75 threshold, doelfase 4: the step from 2 to 3. Its items name r1, r2 and r3;
    # r2 is at the next phase already, so its item is left out; r1 (1.33) before r3 (2.0), each
    # towards its option 3. Items of other steps ("R1 van 1", "R3 van 3") never come under this step.
    # casus ties no advice to questions: the whole step.
    answers = {"r1": [1, 1, 2], "r2": [3, 3, 3], "r3": [2, 2, 2], "c1": [2, 2, 2], "c2": [2, 2, 2]}
    steps = {s["dimensie"]: s for s in Traject.open(traject(tmp_path / "t", answers)).advice_document()["stapadviezen"]}
    assert steps["rollen"]["van_fase"] == 2
    assert [(a["titel"], a["vraag"], a["volgende_optie"]) for a in steps["rollen"]["adviezen"]] == [
        ("R1 van 2", "r1", "r1-c"),
        ("R3 van 2", "r3", "r3-c"),
    ]
    assert [(a["titel"], a["vraag"]) for a in steps["casus"]["adviezen"]] == [("Casus van 2", None)]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # r2 = 3.0 sits at the next phase already and r3 = 3.33 above it: only r1 is weak
        ({"r1": [1, 1, 2], "r2": [3, 3, 3], "r3": [3, 3, 4]}, [("R1 van 2", "r1-c")]),
        # all three below the next phase: weakest first (r1 1.33, r3 2.0, r2 2.33), not the set's order
        ({"r1": [1, 1, 2], "r2": [2, 2, 3], "r3": [2, 2, 2]}, [("R1 van 2", "r1-c"), ("R3 van 2", "r3-c"), ("R2 van 2", "r2-c")]),
    ],
)
def test_only_the_weakest_questions_below_the_next_phase_count(tmp_path, answers, expected):
    answers = {**answers, "c1": [2, 2, 2], "c2": [2, 2, 2]}
    steps = {s["dimensie"]: s for s in Traject.open(traject(tmp_path / "t", answers)).advice_document()["stapadviezen"]}
    assert steps["rollen"]["van_fase"] == 2
    assert [(a["titel"], a["volgende_optie"]) for a in steps["rollen"]["adviezen"]] == expected


def test_without_shown_question_scores_the_step_is_the_whole_step(tmp_path):
    # two respondents: below minimale_groep 3 no question score is shown, so nothing points at a question
    answers = {"r1": [1, 2], "r2": [3, 3], "r3": [2, 2], "c1": [2, 2], "c2": [2, 2]}
    steps = {s["dimensie"]: s for s in Traject.open(traject(tmp_path / "t", answers)).advice_document()["stapadviezen"]}
    assert [a["titel"] for a in steps["rollen"]["adviezen"]] == ["R1 van 2", "R2 van 2", "R3 van 2"]
    assert all(a["vraag"] is None for a in steps["rollen"]["adviezen"])


def test_advies_prints_the_question_and_its_next_option(tmp_path):
    answers = {"r1": [1, 1, 2], "r2": [3, 3, 3], "r3": [2, 2, 2], "c1": [2, 2, 2], "c2": [2, 2, 2]}
    result = run("advies", traject(tmp_path / "t", answers))
    assert result.exit_code == 0
    assert "Gericht op vraag r1, volgende stap: r1-c" in result.output


# --- help box and report appendix ---------------------------------------------------------


def test_the_help_box_says_when_nvt_is_right_and_explains_the_terms_used():
    from volwassenheid.core.interview_flow import InterviewFlow

    full = load_question_set(MODULE_SET)
    question = {q.id: q for q in full.vragen}
    help_text = InterviewFlow.help_text.__get__(type("S", (), {"question_set": full})())
    assert help_text(question["c1"]) == (
        "Luister naar: Let op criteria.\n"
        "Niet van toepassing als: De samenwerking pakt geen zaken van personen aan.\n"
        "Begrip casus: Een zaak die partners samen aanpakken."  # "casussen" in the question text
    )
    assert (
        help_text(question["o1"]) == "Niet van toepassing als: Er is geen RIEC in de regio.\nBegrip RIEC: Regionaal Informatie- en Expertisecentrum."
    )
    assert help_text(question["r1"]) is None


def test_the_report_lists_the_terms_its_questions_use(tmp_path):
    from volwassenheid.report.data import build_report

    folder = traject(tmp_path / "t", {q: [3, 3, 3] for q in CORE})
    report = build_report(Traject.open(folder).assess())
    assert [t.term for t in report.begrippen] == ["casus"]  # RIEC only in the module, which is not chosen
    folder = traject(tmp_path / "m", {q: [3, 3, 3] for q in [*CORE, "o1", "o2"]}, modules=["ondermijning"])
    report = build_report(Traject.open(folder).assess())
    assert [t.term for t in report.begrippen] == ["casus", "RIEC"]
    assert report.modules == ["Aanpak ondermijning"]


def test_open_question_set_gives_the_whole_set_or_the_core_with_chosen_modules():
    from volwassenheid import open_question_set

    assert open_question_set(MODULE_SET).question_ids() == [*CORE, "o1", "o2"]
    assert open_question_set(MODULE_SET, modules=[]).question_ids() == CORE
    assert open_question_set(MODULE_SET, modules=["ondermijning"]).question_ids() == [*CORE, "o1", "o2"]
    with pytest.raises(UserError, match=r"^Onbekende module 'keten'; kies uit ondermijning \(Aanpak ondermijning\)\.$"):
        open_question_set(MODULE_SET, modules=["keten"])


def test_a_term_with_capitals_matches_only_as_written():
    from volwassenheid.core.glossary import terms_in
    from volwassenheid.core.questionset import Term

    terms = [Term(term="OM", uitleg="Openbaar Ministerie."), Term(term="casus", uitleg="Een zaak.")]
    assert terms_in(terms, ["Partners vragen om advies."]) == []  # "om" is not the OM
    assert [t.term for t in terms_in(terms, ["Het OM beslist."])] == ["OM"]
    assert [t.term for t in terms_in(terms, ["Casussen komen op tafel."])] == ["casus"]  # lower case: at a sentence start too


def test_answers_and_a_doelfase_of_a_module_left_out_say_so(tmp_path):
    folder = traject(tmp_path / "t", {q: [3, 3, 3] for q in [*CORE, "o1"]})  # answers to o1, no module chosen
    result = run("score", folder)
    assert result.exit_code == 1
    assert "antwoorden.o1: onbekende vraag-id; die hoort bij module ondermijning, die niet gekozen is" in " ".join(result.output.split())
    shutil.copy(MODULE_SET, tmp_path / "set.yaml")
    new = run(
        "nieuw",
        tmp_path / "n",
        "--samenwerkingsverband",
        "X",
        "--vragenlijst",
        tmp_path / "set.yaml",
        "--niet-interactief",
        "--doelfase",
        "ondermijning=3",
    )
    assert new.exit_code == 1
    assert "onbekende dimensie 'ondermijning'; die hoort bij module ondermijning, die niet gekozen is" in " ".join(new.output.split())


def test_ambitie_bron_is_read_as_doelfase_bron_and_not_together_with_it(tmp_path):
    folder = traject(tmp_path / "t", {q: [2, 2, 2] for q in CORE})
    original = (folder / "traject.yaml").read_text(encoding="utf-8")
    (folder / "traject.yaml").write_text(original + "ambitie_bron: Gekozen door de stuurgroep.\n", encoding="utf-8")
    assert Traject.open(folder).engagement.doelfase_bron == "Gekozen door de stuurgroep."
    with open(folder / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("doelfase_bron: Ook gekozen.\n")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "geef 'doelfase_bron' of de oude naam 'ambitie_bron', niet allebei" in result.output


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["OM", "casus", "RIEC", "zorg- en veiligheidshuis", "Landelijk Kader", "om"]), min_size=1, max_size=4, unique=True),
    st.lists(st.text(alphabet="omOMcasuRIECzrg- enviliLdKk.İ\n", max_size=40), max_size=4),
)
def test_terms_in_finds_what_a_plain_search_of_each_pattern_finds(names, texts):
    import re

    from volwassenheid.core.glossary import terms_in
    from volwassenheid.core.questionset import Term

    terms = [Term(term=name, uitleg="x") for name in names]

    def plain(term: str) -> bool:  # the rule, searched through the whole text
        flags = 0 if any(c.isupper() for c in term) else re.IGNORECASE
        return bool(re.search(rf"(?<![\w-]){re.escape(term)}(?:s|en|sen|n)?(?![\w-])", "\n".join(texts), flags))

    assert [t.term for t in terms_in(terms, texts)] == [name for name in names if plain(name)]
