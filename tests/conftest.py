from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI_SET = FIXTURES / "mini.yaml"


@pytest.fixture
def mini_set_path() -> Path:
    return MINI_SET


@pytest.fixture(scope="session")
def mini_set():
    """Immutable (frozen models), so one copy serves every test."""
    from volwassenheid.storage.question_sets import load_question_set

    return load_question_set(MINI_SET)


def write_engagement_folder(folder: Path, interviews: list[dict], ambition: dict | None = None, extra: str = "") -> Path:
    """A traject folder on disk that uses the mini set (copied beside traject.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI_SET, folder / "mini.yaml")
    ambition = ambition if ambition is not None else {"vertrouwen": 4, "tvb": 4, "informatie": 3}
    lines = [
        "samenwerkingsverband: Veiligheidshuis Testland",
        "opdrachtgever: Stuurgroep Testland",
        "adviseur: A. Adviseur",
        "datum: 2026-10-01",
        "vragenlijst: {id: mini, versie: '0.1', pad: mini.yaml}",
        "organisaties: [Politie, Gemeente, OM]",
        "ambitie:",
        *[f"  {k}: {v}" for k, v in ambition.items()],
    ]
    (folder / "traject.yaml").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    (folder / "interviews").mkdir(exist_ok=True)
    for interview in interviews:
        data = {
            "code": interview["code"],
            "organisatie": interview.get("organisatie", "Politie"),
            "niveau": interview.get("niveau", "operationeel"),
            "vragenlijst": {"id": "mini", "versie": "0.1"},
            "afgerond": True,
            "antwoorden": {qid: {"waarde": value} for qid, value in interview["antwoorden"].items()},
        }
        (folder / "interviews" / f"{interview['code']}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture
def make_engagement(tmp_path):
    def make(interviews, ambition=None, name="traject", extra=""):
        return write_engagement_folder(tmp_path / name, interviews, ambition, extra)

    return make


def spawn_interview(folder: Path, *args: str, timeout: float = 20):
    """`volwassenheid interview FOLDER ...` in a real terminal of 100 x 40.

    No cursor-position requests: a test terminal never answers them, and prompt_toolkit would wait."""
    import os
    import sys

    import pexpect

    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        sys.executable, ["-m", "volwassenheid", "interview", str(folder), *args], env=env, encoding="utf-8", dimensions=(40, 100), timeout=timeout
    )
