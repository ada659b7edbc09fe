"""Reading a traject folder as a user and an attacker would fill it: lax types,
byte-order marks, special files, oversized files, broken YAML and dates."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Answer
from volwassenheid.storage.input_files import MAX_TEXT_BYTES
from volwassenheid.storage.traject_folder import load_engagement, read_engagement
from volwassenheid.storage.yamlfile import MAX_YAML_BYTES, parse_yaml

click_dutch.install()
GOOD = {"code": "R01", "antwoorden": {"v1": 4, "v2": 3, "t1": 2}}
ENGLISH = ("expected", "found", "while", "allowed", "could not", "Input should", "Errno", "No such", "Permission")


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def set_interview_key(folder, change):
    path = folder / "interviews" / "R01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- lax types -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False, "3", 4.0, 0, 10, None, [3], {"fase": 3}, "Weet niet"])
def test_only_documented_answer_values_are_accepted(make_engagement, value):
    folder = make_engagement([GOOD])
    path = set_interview_key(folder, lambda data: data["antwoorden"]["v1"].update(waarde=value))
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert str(path) in error.value.message
    (line,) = error.value.details
    assert line.startswith("antwoorden.v1.waarde: moet een fasenummer zijn")
    assert "'weet_niet' of 'nvt'" in line


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("afgerond", "ja", "afgerond: moet ja of nee (true/false) zijn"),
        ("afgerond", 1, "afgerond: moet ja of nee (true/false) zijn"),
        ("gestart", 1760000000, "gestart: moet een tijdstip zijn"),
        ("code", 1, "code: moet tekst zijn"),
    ],
)
def test_interview_fields_are_strict(make_engagement, key, value, expected):
    folder = make_engagement([GOOD])
    set_interview_key(folder, lambda data: data.update({key: value}))
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert any(line.startswith(expected) for line in error.value.details), error.value.details


def test_documented_answer_values_and_text_timestamps_load(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 5, "v2": "weet_niet", "t1": "nvt"}}])
    set_interview_key(folder, lambda data: data.update(gestart="2026-10-01T10:00:00+02:00"))
    (interview,) = load_engagement(folder).interviews
    assert {q: a.waarde for q, a in interview.antwoorden.items()} == {"v1": 5, "v2": "weet_niet", "t1": "nvt"}
    assert interview.gestart.isoformat() == "2026-10-01T10:00:00+02:00"


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("ambitie: {vertrouwen: true}", "ambitie.vertrouwen: moet een geheel getal zijn"),
        ("ambitie: {vertrouwen: '4'}", "ambitie.vertrouwen: moet een geheel getal zijn"),
        ("ambitie: {vertrouwen: 4.0}", "ambitie.vertrouwen: moet een geheel getal zijn"),
        ("ambitie: {vertrouwen: 12}", "ambitie.vertrouwen: moet hoogstens 9 zijn"),
        ("instellingen: {minimaal_aandeel: .nan}", "instellingen.minimaal_aandeel: moet een gewoon getal zijn"),
        ("instellingen: {minimaal_aandeel: .inf}", "instellingen.minimaal_aandeel: moet een gewoon getal zijn"),
        ("instellingen: {minimaal_aandeel: '0.5'}", "instellingen.minimaal_aandeel: moet een getal zijn"),
        ("instellingen: {minimaal_aandeel: true}", "instellingen.minimaal_aandeel: moet een getal zijn"),
        ("instellingen: {minimale_groep: true}", "instellingen.minimale_groep: moet een geheel getal zijn"),
        ("instellingen: {minimale_groep: 2.5}", "instellingen.minimale_groep: moet een geheel getal zijn"),
        ("instellingen: {minimale_groep: 1e400}", "instellingen.minimale_groep: moet een geheel getal zijn"),
        ("instellingen: {minimale_groep: 100000000000}", "instellingen.minimale_groep: moet hoogstens 1000 zijn"),
        ("datum: 1850-01-01", "datum: de datum moet tussen 01-01-1990 en 31-12-2099 liggen (gegeven: 01-01-1850)"),
        ("datum: 20261012", "datum: moet een datum zijn, geschreven als 2026-10-12"),
        ("datum: 2026-10-12 10:00:00", "datum: moet een datum zijn, geschreven als 2026-10-12"),
        ("vragenlijst: {id: mini, versie: 0.1, pad: mini.yaml}", "vragenlijst.versie: moet tekst zijn"),
    ],
)
def test_traject_values_are_checked_where_they_enter(make_engagement, yaml_text, expected):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(("ambitie", "  "))]
    key = yaml_text.split(":")[0]
    lines = [line for line in lines if not line.startswith(f"{key}:")] + [yaml_text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    assert str(path) in error.value.message
    assert any(expected in line for line in error.value.details), error.value.details


def test_old_date_stops_rapport_before_any_work(make_engagement, tmp_path):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("datum: 2026-10-01", "datum: 1899-12-31"), encoding="utf-8")
    result = run("rapport", folder, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1, result.output
    assert "de datum moet tussen 01-01-1990 en 31-12-2099 liggen" in result.output
    assert "onverwachte fout" not in result.output
    assert not (tmp_path / "r.pdf").exists()


# --- byte-order marks ----------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_interview_and_traject_with_a_byte_order_mark_load(make_engagement, encoding, bom):
    folder = make_engagement([GOOD])
    for path in (folder / "interviews" / "R01.json", folder / "traject.yaml"):
        path.write_bytes(bom + path.read_text(encoding="utf-8").encode(encoding))
    loaded = load_engagement(folder)
    assert loaded.interviews[0].antwoorden["v1"].waarde == 4
    assert loaded.engagement.samenwerkingsverband == "Veiligheidshuis Testland"


# --- special and oversized files -----------------------------------------------------------------


def run_cli_with_limits(*args, cwd=None):
    """The real program in a child process, with a memory cap and a timeout: a hang or an
    endless read fails the test instead of the machine."""

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "volwassenheid", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=cap_memory,
        cwd=cwd,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_fifo_in_interviews_is_named_not_waited_on(make_engagement):
    folder = make_engagement([GOOD])
    fifo = folder / "interviews" / "R02.json"
    os.mkfifo(fifo)
    result = run_cli_with_limits("score", folder)
    assert result.returncode == 1, result.stderr
    assert f"{fifo}: is geen gewoon bestand maar een named pipe (FIFO)" in result.stderr
    assert "Traceback" not in result.stderr


def test_symlink_to_dev_zero_in_interviews_is_named_not_read(make_engagement):
    folder = make_engagement([GOOD])
    link = folder / "interviews" / "R02.json"
    link.symlink_to("/dev/zero")
    result = run_cli_with_limits("score", folder)
    assert result.returncode == 1, result.stderr
    assert f"{link}: is geen gewoon bestand maar een apparaat (zoals /dev/zero) via een symbolische koppeling" in result.stderr


def test_fifo_as_traject_yaml_is_named(make_engagement):
    folder = make_engagement([GOOD])
    (folder / "traject.yaml").unlink()
    os.mkfifo(folder / "traject.yaml")
    result = run_cli_with_limits("score", folder)
    assert result.returncode == 1, result.stderr
    assert "traject.yaml: is geen gewoon bestand maar een named pipe (FIFO)" in result.stderr


def test_special_file_in_vertrouwelijk_is_named_on_import(make_engagement, tmp_path):
    folder = make_engagement([GOOD])
    (folder / "vertrouwelijk").mkdir()
    os.mkfifo(folder / "vertrouwelijk" / "E01.json")
    survey = tmp_path / "enquete.csv"
    survey.write_text("respondent;organisatie;niveau;v1\nr1;Politie;tactisch;3\n", encoding="utf-8")
    result = run_cli_with_limits("importeer", folder, survey)
    assert result.returncode == 1, result.stderr
    assert "E01.json: is geen gewoon bestand maar een named pipe (FIFO)" in result.stderr


def test_symlink_to_a_regular_file_is_read(make_engagement, tmp_path):
    folder = make_engagement([GOOD])
    elsewhere = tmp_path / "R01-kopie.json"
    (folder / "interviews" / "R01.json").rename(elsewhere)
    (folder / "interviews" / "R01.json").symlink_to(elsewhere)
    assert [i.code for i in load_engagement(folder).interviews] == ["R01"]


def test_folder_named_like_an_interview_is_named(make_engagement):
    folder = make_engagement([GOOD])
    (folder / "interviews" / "R02.json").mkdir()
    with pytest.raises(UserError, match=r"R02\.json: is een map, geen bestand"):
        load_engagement(folder)


def test_dangling_symlink_is_named(make_engagement):
    folder = make_engagement([GOOD])
    (folder / "interviews" / "R02.json").symlink_to(folder / "weg.json")
    with pytest.raises(UserError, match=r"R02\.json: bestaat niet"):
        load_engagement(folder)


def test_interview_file_with_an_upper_case_extension_is_not_dropped(make_engagement):
    folder = make_engagement([GOOD, {**GOOD, "code": "R02"}])
    (folder / "interviews" / "R02.json").rename(folder / "interviews" / "R02.JSON")
    assert [i.code for i in load_engagement(folder).interviews] == ["R01", "R02"]


def test_interviews_that_is_not_a_folder_is_named(make_engagement):
    folder = make_engagement([GOOD])
    for path in (folder / "interviews").iterdir():
        path.unlink()
    (folder / "interviews").rmdir()
    os.mkfifo(folder / "interviews")
    with pytest.raises(UserError, match=r"interviews: is geen map"):
        load_engagement(folder)


def test_oversized_interview_and_traject_are_refused_before_parsing(make_engagement):
    folder = make_engagement([GOOD])
    big = folder / "interviews" / "R02.json"
    big.write_bytes(b" " * (MAX_TEXT_BYTES + 1))
    with pytest.raises(UserError, match=r"R02\.json: het bestand is groter dan 1 MB"):
        load_engagement(folder)
    big.unlink()
    path = folder / "traject.yaml"
    path.write_bytes(path.read_bytes() + b"#" * MAX_YAML_BYTES)
    with pytest.raises(UserError, match=r"traject\.yaml: het bestand is groter dan 5 MB"):
        load_engagement(folder)


def test_interview_just_under_the_limit_is_read(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "interviews" / "R01.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + " " * (MAX_TEXT_BYTES - len(text.encode())), encoding="utf-8")
    assert load_engagement(folder).interviews[0].code == "R01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"code": "R01", "code": "R02"}', "de sleutel 'code' staat twee keer in hetzelfde object"),
        ('{"code": ' + "9" * 5000 + "}", "beschadigd interviewbestand"),
        ("[" * 100000 + "]" * 100000, "beschadigd interviewbestand"),
    ],
)
def test_interview_json_that_hides_or_crashes_is_refused(make_engagement, text, expected):
    folder = make_engagement([GOOD])
    (folder / "interviews" / "R01.json").write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=expected):
        load_engagement(folder)


# --- YAML messages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "expected"),
    [
        ("a:\n  - [1, 2\nb: 3\n", 3, 2, "niet goed afgesloten: er mist een ']'"),
        ("a: [,]\n", 1, 5, "hier wordt een waarde verwacht"),
        ("tekst: dit is: fout\n", 1, 14, "een dubbele punt op een plek waar die niet mag"),
        ("a:\n\tb: 1\n", 2, 1, "een tab; spring in met spaties"),
        ("a: @b\n", 1, 4, "een teken waarmee een waarde niet mag beginnen"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "de inspringing klopt hier niet"),
        ("a: 'abc\nb: 2\n", 3, 1, "het aanhalingsteken op regel 1, kolom 4 wordt nooit gesloten"),
        ("a: {b: 1\nc: 2\n", 2, 2, "er mist een '}'"),
        ("- a\nb: 1\n", 2, 1, "elk item met '- ' beginnen"),
        ("a: - b\n", 1, 4, "een lijstitem ('- ') op een plek waar dat niet mag"),
        ("a:\n - b\n-c\n", 4, 1, "de dubbele punt ontbreekt"),
        ('a: "\\q"\n', 1, 5, "onbekende code na een backslash"),
        ("a: *x\n", 1, 4, "een verwijzing (*naam) naar een anker (&naam) dat niet bestaat"),
        ("a: !!python/object:os.system x\n", 1, 4, "tags worden nooit uitgevoerd"),
        ("a: 1\n---\nb: 2\n", 2, 1, "meer dan één document"),
        ("? [1]\n: 2\n", 1, 3, "een lijst of verzameling als sleutel"),
        ("a: " + "[" * 1001 + "]" * 1001 + "\n", 1, 1003, "te diep genest"),
        ("a: 1\nb: 2\na: 3\n", 3, 1, "deze sleutel staat al eerder in dezelfde verzameling (op regel 1)"),
        ("datum: 2026-13-45\n", 1, 8, "geen bestaande datum"),
        ("a: !!int abc\n", 1, 4, "geen getal van het aangegeven soort"),
        ("a: b\x07\n", 1, 5, "een onzichtbaar stuurteken"),
    ],
)
def test_yaml_errors_are_dutch_with_line_and_column(text, line, column, expected):
    with pytest.raises(UserError) as error:
        parse_yaml(text, "lijst.yaml")
    message = error.value.message
    assert message.startswith(f"lijst.yaml, regel {line}, kolom {column}: geen geldige YAML: ")
    assert expected in message
    assert not any(word in message for word in ENGLISH), message


def test_yaml_message_both_loaders_agree(monkeypatch):
    """The pure-Python loader words problems differently from libyaml; both come out Dutch."""
    from volwassenheid.storage import yamlfile

    monkeypatch.setattr(yamlfile, "_SAFE_LOADER", yaml.SafeLoader)
    for text, expected in [
        ("a:\n  b: 1\n c: 2\n", "de inspringing klopt hier niet"),
        ("a: [1, 2\nb: 3\n", "er mist een ']'"),
        ("a:\n\tb: 1\n", "een tab"),
        ("a: [,]\n", "hier wordt een waarde verwacht"),
    ]:
        with pytest.raises(UserError) as error:
            parse_yaml(text, "x.yaml")
        assert expected in error.value.message
        assert not any(word in error.value.message for word in ENGLISH)


def test_yaml_merge_keys_are_not_duplicates():
    assert parse_yaml("a: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "x.yaml").data == {"a": {"x": 1}, "c": {"x": 1, "y": 2}}


def test_broken_traject_yaml_and_question_set_in_the_cli(make_engagement, tmp_path):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "organisaties: [Politie, OM\n", encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 1
    assert f"{path}, regel " in result.output and "geen geldige YAML: " in result.output
    assert not any(word in result.output for word in ENGLISH), result.output
    own_set = tmp_path / "eigen.yaml"
    own_set.write_text("id: eigen\nnaam: x\n  versie: '1'\n", encoding="utf-8")
    result = run("vragen", "valideer", own_set)
    assert result.exit_code == 1
    assert f"{own_set}, regel 3, kolom 9: geen geldige YAML: een dubbele punt" in result.output


def test_yaml_references_that_expand_to_billions_are_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    # a0 is 11 values, a(i) is 1 + 10 * a(i-1): a4 = 111,111, a5 (line 6) = 1,111,111, the first above the limit.
    started = time.perf_counter()
    with pytest.raises(UserError) as error:
        parse_yaml("\n".join(lines) + "\n", "bom.yaml")
    assert time.perf_counter() - started < 2
    assert "bom.yaml, regel 6, kolom 5: geen geldige YAML: meer dan 1.000.000 waarden" in error.value.message


def test_yaml_reference_to_itself_is_refused():
    with pytest.raises(UserError, match="regel 1, kolom 4: geen geldige YAML: een verwijzing .* waar ze zelf in staat"):
        parse_yaml("a: &a [1, *a]\n", "x.yaml")


def test_yaml_references_within_bounds_are_fine():
    assert parse_yaml("a: &x [1, 2]\nb: [*x, *x]\n", "x.yaml").data == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


# --- properties ----------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["weet_niet", "nvt", "3", "Weet_niet", "nvt "]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


def documented_answer(value) -> bool:
    """The README's rule, written out plainly: a phase 1-9 as a whole number, or one of two words."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= 9
    return value in ("weet_niet", "nvt")


@given(json_values)
def test_an_answer_is_accepted_exactly_when_it_is_documented(value):
    try:
        Answer.model_validate({"waarde": value})
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == documented_answer(value)


yaml_like_text = st.lists(st.sampled_from(list("ab1:-[]{},'\"&*!?|>#%@` \t\n\\\x07") + ["---", "  ", "\n  ", "\n- ", ": "]), max_size=25).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_like_text)
def test_any_text_parses_or_gives_a_dutch_message_with_its_place(text):
    try:
        parse_yaml(text, "x.yaml")
    except UserError as error:
        assert error.message.startswith("x.yaml")
        assert "geen geldige YAML" in error.message
        assert not any(word in error.message for word in ENGLISH), error.message
