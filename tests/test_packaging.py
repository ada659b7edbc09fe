"""The wheel carries vragen/ and rapport_templates/; heavy imports stay out of light commands."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.traag  # builds a wheel and a virtual environment
def test_wheel_installed_in_fresh_venv_finds_shipped_sets(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True,
    )
    (wheel,) = wheel_dir.glob("volwassenheid-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)], check=True)
    # Dependencies come from the test environment; the package itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    workdir = tmp_path / "elders"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [str(python), "-c", "import volwassenheid.storage.resources as r; print(r.__file__); print(r.data_dir('vragen'))"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    assert all(str(env_dir) in line for line in where), where

    listing = subprocess.run(
        [str(env_dir / "bin" / "volwassenheid"), "vragen", "lijst"],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
    )
    assert listing.returncode == 0, listing.stderr
    assert "samenwerking" in listing.stdout and "quickscan" in listing.stdout
    templates = Path(where[1]).parent / "rapport_templates" / "standaard"
    assert templates.is_dir()
    # the shipped font travels with its licence (OFL 1.1 requires it)
    assert (templates / "fonts" / "SourceSans3-Variable.ttf").stat().st_size > 100_000
    assert "SIL Open Font License" in (templates / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert (Path(where[1]).parent / "voorbeelden" / "zorg-en-veiligheidshuis" / "traject.yaml").is_file()


def imported_modules(*args: str, cwd: Path = ROOT) -> str:
    """Names of modules imported while running the CLI (python -X importtime)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "volwassenheid", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    return "\n".join(line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line)


def test_help_imports_no_pydantic_rich_or_weasyprint():
    modules = imported_modules("--help").split()
    assert "click" in modules
    for heavy in ("weasyprint", "pydantic", "rich", "questionary"):
        assert heavy not in modules


def test_score_and_vragen_never_import_weasyprint(tmp_path):
    from conftest import write_engagement_folder

    folder = write_engagement_folder(tmp_path / "t", [{"code": "R01", "antwoorden": {"v1": 3}}])
    for args in (("score", str(folder)), ("score", str(folder), "--json"), ("vragen", "lijst"), ("vragen", "toon", "--json")):
        modules = imported_modules(*args).split()
        assert "pydantic" in modules, args  # proves the command really ran
        assert "weasyprint" not in modules, args
