"""One session per interview: a second window or colleague resuming the same code is refused
before anything is asked, so the answers of the first are never overwritten by an older copy."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import textwrap

import pexpect
import pytest
from conftest import spawn_interview, write_engagement_folder

from volwassenheid.app.interviews import interview_session, new_interview_session, save_answer
from volwassenheid.app.traject import Traject
from volwassenheid.core.errors import UserError

TIMEOUT = 30
REFUSED = (
    "Interview R01 wordt op dit moment al afgenomen (in een ander venster of door een collega). Kies een ander interview, of wacht tot dat klaar is."
)


@pytest.fixture
def folder(tmp_path):
    folder = write_engagement_folder(tmp_path / "traject", [{"code": "R01", "antwoorden": {"v1": 1}}])
    path = folder / "interviews" / "R01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "afgerond": False}), encoding="utf-8")
    return folder


def answers(folder, code="R01"):
    data = json.loads((folder / "interviews" / f"{code}.json").read_text(encoding="utf-8"))
    return {k: v["waarde"] for k, v in data["antwoorden"].items()}


def spawn(folder, *args):
    return spawn_interview(folder, *args, timeout=TIMEOUT)


@pytest.mark.traag
def test_a_second_terminal_resuming_the_same_interview_is_refused_and_the_first_keeps_its_answers(folder):
    first = spawn(folder, "--hervat", "R01")
    first.expect_exact("Vraag v2?")
    first.send("3\r")
    first.expect_exact("Toelichting")
    first.send("\r")
    first.expect_exact("Vraag t1?")

    second = spawn(folder, "--hervat", "r01")
    second.expect(pexpect.EOF)
    second.close()
    said = " ".join(second.before.split())
    assert second.exitstatus == 1 and REFUSED in said, said
    assert "Vraag" not in said and "Traceback" not in said

    first.send("4\r")
    first.expect_exact("Toelichting")
    first.send("\r")
    first.expect_exact("Vraag t2?")
    first.send("s\r")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    assert answers(folder) == {"v1": 1, "v2": 3, "t1": 4}
    assert not (folder / "vertrouwelijk" / ".interview-R01.lock").exists()


@pytest.mark.traag
def test_choosing_a_held_interview_from_the_resume_menu_is_refused_and_it_is_not_preselected(folder):
    first = spawn(folder, "--hervat", "R01")
    first.expect_exact("Vraag v2?")

    second = spawn(folder)
    second.expect_exact("Er zijn onafgeronde interviews")
    second.expect_exact("wordt nu afgenomen")
    second.send("1\r")
    second.expect(pexpect.EOF)
    second.close()
    said = " ".join(second.before.split())
    assert second.exitstatus == 1 and REFUSED in said, said
    assert "Vraag" not in said

    first.send("3\r")
    first.expect_exact("Toelichting")
    first.send("\r")
    first.expect_exact("Vraag t1?")
    first.send("s\r")
    first.expect(pexpect.EOF)
    first.close()
    assert answers(folder) == {"v1": 1, "v2": 3}
    assert sorted(p.name for p in (folder / "interviews").iterdir()) == ["R01.json"]


def test_a_second_session_on_a_held_interview_is_refused_and_writes_nothing(folder):
    traject = Traject.open(folder)
    with interview_session(traject, "R01") as interview:
        save_answer(traject, interview, "v2", 3)
        with pytest.raises(UserError) as refused, interview_session(Traject.open(folder), "r01"):
            pytest.fail("a second session was let in")
        assert str(refused.value).startswith(REFUSED)
        save_answer(traject, interview, "t1", 4)
    assert answers(folder) == {"v1": 1, "v2": 3, "t1": 4}


def test_a_copy_saved_without_a_session_is_refused_while_a_session_holds_it(folder):
    traject = Traject.open(folder)
    from volwassenheid.app.interviews import resume_interview

    stale = resume_interview(traject, "R01")
    with interview_session(traject, "R01") as interview:
        save_answer(traject, interview, "v2", 3)
        with pytest.raises(UserError, match="Er is niets bewaard"):
            save_answer(traject, stale, "v2", 2)
        assert "v2" not in stale.antwoorden  # the copy still says what its file says
    assert answers(folder) == {"v1": 1, "v2": 3}


def test_a_session_reads_the_answers_the_session_before_it_saved(folder):
    traject = Traject.open(folder)  # opened before the first session saved anything
    with interview_session(Traject.open(folder), "R01") as interview:
        save_answer(Traject.open(folder), interview, "v2", 3)
    with interview_session(traject, "R01") as interview:
        assert {k: a.waarde for k, a in interview.antwoorden.items()} == {"v1": 1, "v2": 3}
        save_answer(traject, interview, "t1", 2)
    assert answers(folder) == {"v1": 1, "v2": 3, "t1": 2}


def test_the_interview_is_released_when_the_session_ends_also_by_an_error(folder):
    traject = Traject.open(folder)
    with pytest.raises(RuntimeError), interview_session(traject, "R01"):
        raise RuntimeError("onderbroken")
    with interview_session(traject, "R01") as interview:
        save_answer(traject, interview, "v2", 5)
    with interview_session(traject, "R01"):
        pass
    assert answers(folder)["v2"] == 5
    assert not (folder / "vertrouwelijk" / ".interview-R01.lock").exists()


def test_a_new_interview_is_held_from_the_moment_its_code_is_claimed(folder):
    traject = Traject.open(folder)
    with new_interview_session(traject, "Politie", "tactisch") as interview:
        assert interview.code == "R02"
        with pytest.raises(UserError, match="Interview R02 wordt op dit moment al afgenomen"), interview_session(Traject.open(folder), "R02"):
            pass
        save_answer(traject, interview, "v1", 2)
    with interview_session(Traject.open(folder), "R02"):
        pass
    assert answers(folder, "R02") == {"v1": 2}


def test_the_lock_of_a_killed_process_does_not_block(folder):
    holder = textwrap.dedent(
        f"""
        import sys, time
        from volwassenheid.app.interviews import interview_session
        from volwassenheid.app.traject import Traject
        with interview_session(Traject.open({str(folder)!r}), "R01"):
            print("vast", flush=True)
            time.sleep(60)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "vast"
        with pytest.raises(UserError, match=re.escape(REFUSED)), interview_session(Traject.open(folder), "R01"):
            pass
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(TIMEOUT)
    traject = Traject.open(folder)
    with interview_session(traject, "R01") as interview:
        save_answer(traject, interview, "v2", 1)
    assert answers(folder) == {"v1": 1, "v2": 1}


def test_without_flock_an_exclusively_created_file_holds_it_and_names_itself(folder, monkeypatch):
    from volwassenheid.storage import respondents

    monkeypatch.setattr(respondents, "_lock_exclusively", None)
    traject = Traject.open(folder)
    lock = folder / "vertrouwelijk" / ".interview-R01.lock"
    with interview_session(traject, "R01"):
        assert lock.is_file()
        with pytest.raises(UserError) as refused, interview_session(traject, "R01"):
            pass
        assert str(refused.value) == f"{REFUSED} Is er zeker geen ander venster of collega mee bezig, verwijder dan {lock}."
    assert not lock.exists()


def test_a_lock_path_that_is_a_link_is_refused(folder, tmp_path):
    elsewhere = tmp_path / "elders.txt"
    elsewhere.write_text("niet van ons", encoding="utf-8")
    (folder / "vertrouwelijk").mkdir()
    (folder / "vertrouwelijk" / ".interview-R01.lock").symlink_to(elsewhere)
    with pytest.raises(UserError, match="niet gebruiken om interview R01 vast te houden"), interview_session(Traject.open(folder), "R01"):
        pass
    assert elsewhere.read_text(encoding="utf-8") == "niet van ons"
