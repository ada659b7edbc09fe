"""The same traject gives byte-identical JSON, however its interviews are named or ordered,
and however often it runs: the bootstrap's seed comes from the answers, not from chance."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from volwassenheid.cli.main import cli


def scores(folder) -> bytes:
    result = CliRunner().invoke(cli, ["score", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_renamed_interviews_give_the_same_bytes(tmp_path):
    example = tmp_path / "voorbeeld"
    shutil.copytree(Path(__file__).parent / "fixtures" / "traject-1.0", example)
    before = scores(example)
    # New codes in the reverse order: the respondents are read in another order.
    files = sorted((example / "interviews").glob("*.json"))
    for number, path in enumerate(reversed(files), start=1):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["code"] = f"X{number:02d}"
        path.unlink()
        (example / "interviews" / f"X{number:02d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert scores(example) == before
    assert json.loads(before)["dimensies"][0]["interval"] is not None


def test_another_process_with_another_hash_seed_gives_the_same_bytes():
    example = Path(__file__).parent / "fixtures" / "traject-1.0"
    runs = {
        subprocess.run(
            [sys.executable, "-m", "volwassenheid", "score", str(example), "--json"],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert runs == {scores(example)}


def test_a_score_at_the_ambition_with_a_lower_phase_is_below_it(make_engagement):
    # tvb: three answer (4, 4, 2) and two (2, 2, 4), all Politie: score (10/3 * 3 + 8/3 * 2) / 5 = 3.07;
    # share at phase 3 or higher: (2/3 * 3 + 1/3 * 2) / 5 = 8/15 = 53% < 75%: phase 2. The ambition (a phase)
    # is 3, so tvb is below it although its score is above: ranked, with step advice, and no "bereikt".
    interviews = [{"code": f"A{i}", "antwoorden": {"t1": 4, "t2": 4, "t3": 2, "v1": 3, "v2": 3}} for i in range(3)]
    interviews += [{"code": f"B{i}", "antwoorden": {"t1": 2, "t2": 2, "t3": 4, "v1": 3, "v2": 3}} for i in range(2)]
    folder = make_engagement(interviews, ambition={"vertrouwen": 3, "tvb": 3, "informatie": 3})
    advice = json.loads(CliRunner().invoke(cli, ["advies", str(folder), "--json"]).output)
    (tvb,) = [gap for gap in advice["kloven"] if gap["dimensie"] == "tvb"]
    assert (tvb["score"], tvb["fase"], tvb["doelfase"], tvb["verschil"]) == (3.07, 2, 3, -0.07)
    assert tvb["rang"] == 1 and [step["dimensie"] for step in advice["stapadviezen"]] == ["tvb"]
    (vertrouwen,) = [gap for gap in advice["kloven"] if gap["dimensie"] == "vertrouwen"]
    assert vertrouwen["rang"] is None  # phase 3, ambition 3: reached
    table = CliRunner().invoke(cli, ["score", str(folder)], env={"COLUMNS": "100"}).output
    line = next(line for line in table.splitlines() if line.lstrip().startswith("Taken en"))  # the table row
    assert "bereikt" not in line and "-0,1" in line
