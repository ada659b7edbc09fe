"""Where the shipped data folders are: inside the wheel, or at the repository root."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The shipped folder `name` (vragen, rapport_templates, voorbeelden)."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name
