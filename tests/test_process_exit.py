"""The command's process ends without the interpreter's teardown (cli.main.end_process), and
still does all a normal exit does that anyone can see: exit code, flushed output, exit handlers,
and waiting for a thread that is still running."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from volwassenheid import __version__

VERSION = f"volwassenheid {__version__}\n"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)


def test_the_exit_code_and_the_output_are_those_of_the_command():
    done = subprocess.run([sys.executable, "-m", "volwassenheid", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, VERSION)
    failed = subprocess.run([sys.executable, "-m", "volwassenheid", "score", "/bestaat/niet"], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1 and "Fout: Map '/bestaat/niet' bestaat niet." in failed.stderr


def test_exit_handlers_run_and_buffered_output_is_written():
    done = run_python(
        """
        import atexit, sys
        atexit.register(lambda: print("opgeruimd"))
        sys.stdout.write("nog in de buffer ")
        sys.argv = ["volwassenheid", "--version"]
        from volwassenheid.cli.main import main
        main()
        """
    )
    assert (done.returncode, done.stdout) == (0, "nog in de buffer " + VERSION + "opgeruimd\n")


def test_a_thread_still_running_is_waited_for():
    done = run_python(
        """
        import sys, threading, time
        threading.Thread(target=lambda: (time.sleep(0.3), print("klaar", flush=True))).start()
        sys.argv = ["volwassenheid", "--version"]
        from volwassenheid.cli.main import main
        main()
        """
    )
    assert (done.returncode, done.stdout) == (0, VERSION + "klaar\n")


def test_a_message_as_exit_code_is_printed_with_code_1_and_a_number_is_kept():
    message = run_python("from volwassenheid.cli.main import end_process; end_process('gestopt')")
    assert (message.returncode, message.stderr) == (1, "gestopt\n")
    number = run_python("from volwassenheid.cli.main import end_process; end_process(3)")
    assert (number.returncode, number.stderr) == (3, "")


def test_the_teardown_is_skipped():
    """A module-level object's finaliser runs in the teardown, so not at all here."""
    done = run_python(
        """
        import sys
        class Noisy:
            def __del__(self):
                print("afgebroken")
        kept = Noisy()
        sys.argv = ["volwassenheid", "--version"]
        from volwassenheid.cli.main import main
        main()
        """
    )
    assert (done.returncode, done.stdout) == (0, VERSION)


def test_a_closed_output_changes_nothing_but_what_cannot_be_written():
    """Started with stdout or stderr closed (Python then has None for it): the same exit codes, no traceback."""
    shell = f"{sys.executable} -m volwassenheid"
    cases = {
        f"{shell} --version >&-": (0, ""),
        f"{shell} --version 2>&-": (0, ""),
        f"{shell} --version >&- 2>&-": (0, ""),
        f"{shell} score /bestaat/niet >&-": (1, "Fout: Map '/bestaat/niet' bestaat niet.\n"),
    }
    for command, expected in cases.items():
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stderr) == expected, command


def test_a_profiler_still_writes_its_results(tmp_path):
    """A tool watching the process writes at exit: then the normal exit."""
    results = tmp_path / "profiel.out"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(results), "-m", "volwassenheid", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, VERSION) and results.stat().st_size > 0


def test_exit_handlers_run_after_a_running_thread_ends():
    done = run_python(
        """
        import atexit, sys, threading, time
        atexit.register(lambda: print("opgeruimd"))
        threading.Thread(target=lambda: (time.sleep(0.3), print("klaar", flush=True))).start()
        sys.argv = ["volwassenheid", "--version"]
        from volwassenheid.cli.main import main
        main()
        """
    )
    assert (done.returncode, done.stdout) == (0, VERSION + "klaar\nopgeruimd\n")
