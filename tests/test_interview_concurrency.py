"""Interviews started at the same moment in one folder, by real processes in real terminals."""

from __future__ import annotations

import json
import os

import pexpect
import pytest
from conftest import spawn_interview, write_engagement_folder

from volwassenheid.core.models import Interview, QuestionSetRef
from volwassenheid.storage.respondents import claim_new_interview, save_name

pytestmark = pytest.mark.traag  # several processes at once, some in a real terminal

ROUNDS = int(os.environ.get("VOLWASSENHEID_CLAIM_ROUNDS", "30"))
PROCESSES = int(os.environ.get("VOLWASSENHEID_CLAIM_PROCESSES", "2"))
TIMEOUT = 30


def spawn(folder):
    child = spawn_interview(folder, timeout=TIMEOUT)
    child.delaybeforesend = None
    return child


def choose(child, expected: str, keys: str) -> None:
    child.expect_exact(expected)
    child.send(keys + "\r")


def start_together(folder, count: int) -> list[tuple[str, int, str]]:
    """`count` interviews brought to the last intake question, then all confirmed at once.
    Returns (code shown, phase given to v1, name typed) per process."""
    children = [spawn(folder) for _ in range(count)]
    for number, child in enumerate(children, start=1):
        choose(child, "Organisatie van de respondent", "1")
        choose(child, "Niveau", "t")
        choose(child, "Rol of functie", "")
        child.expect_exact("Naam (optioneel")
        child.send(f"Persoon {number}")
    for child in children:
        child.send("\r")
    results = []
    for number, child in enumerate(children, start=1):
        child.expect(r"Respondentcode (?:\x1b\[[0-9;]*m)*(\w+)")
        code = child.match.group(1)
        choose(child, "Vraag v1?", str(number))
        choose(child, "Toelichting", "")
        choose(child, "Vraag v2?", "s")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        results.append((code, number, f"Persoon {number}"))
    return results


def test_interviews_started_together_get_their_own_code_and_name(tmp_path):
    for round_number in range(ROUNDS):
        folder = write_engagement_folder(tmp_path / f"ronde{round_number}", [])
        results = start_together(folder, PROCESSES)
        codes = [code for code, _, _ in results]
        assert len(set(codes)) == PROCESSES, (round_number, codes)
        assert sorted(codes) == [f"R{n:02d}" for n in range(1, PROCESSES + 1)]
        for code, phase, name in results:
            answers = json.loads((folder / "interviews" / f"{code}.json").read_text(encoding="utf-8"))["antwoorden"]
            private = json.loads((folder / "vertrouwelijk" / f"{code}.json").read_text(encoding="utf-8"))
            assert answers == {"v1": {"waarde": phase}}, (round_number, code)
            assert private == {"code": code, "naam": name}, (round_number, code)
        assert sorted(p.name for p in (folder / "interviews").iterdir()) == [f"{c}.json" for c in sorted(codes)]


def _claim_when_released(folder, prefix, barrier, name, results):
    def make(code):
        return Interview(code=code, organisatie=name, niveau="tactisch", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))

    barrier.wait()
    interview = claim_new_interview(folder, prefix, make)
    save_name(folder, interview.code, name)
    results.put((name, interview.code))


def test_many_processes_claiming_at_once_never_share_a_code(tmp_path):
    """Eight forked processes released by one barrier, many rounds: the claim itself under heavy contention."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = 8
    for round_number in range(ROUNDS):
        folder = write_engagement_folder(tmp_path / f"ronde{round_number}", [])
        barrier, results = context.Barrier(workers), context.Queue()
        names = [f"Persoon {n}" for n in range(workers)]
        processes = [context.Process(target=_claim_when_released, args=(folder, "R", barrier, n, results)) for n in names]
        for process in processes:
            process.start()
        claimed = dict(results.get(timeout=TIMEOUT) for _ in processes)
        for process in processes:
            process.join(TIMEOUT)
            assert process.exitcode == 0
        assert sorted(claimed.values()) == [f"R{n:02d}" for n in range(1, workers + 1)], round_number
        for name, code in claimed.items():
            interview = json.loads((folder / "interviews" / f"{code}.json").read_text(encoding="utf-8"))
            private = json.loads((folder / "vertrouwelijk" / f"{code}.json").read_text(encoding="utf-8"))
            assert interview["organisatie"] == name and private == {"code": code, "naam": name}
        assert not [p for p in (folder / "interviews").iterdir() if p.name.startswith(".")]
