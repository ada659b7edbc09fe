"""The template folder: the shipped one or a consultant's own, read as data and never outside itself.

A template name or file resolves inside the folder (no `..`, no absolute paths,
no symlinks pointing out, no second names by hard link) and is read within
MAX_TEMPLATE_FILE_BYTES; anything else is a Dutch UserError naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from volwassenheid.core.errors import UserError
from volwassenheid.storage.resources import data_dir

TEMPLATE_NAME = "rapport.html.j2"


def default_template_dir() -> Path:
    return data_dir("rapport_templates") / "standaard"


def check_template_dir(folder: Path) -> Path:
    folder = Path(folder)
    if not (folder / TEMPLATE_NAME).is_file():
        raise UserError(f"Sjabloonmap '{folder}' bevat geen {TEMPLATE_NAME}.")
    return folder.resolve()


def inside_folder(root: Path, path: Path) -> Path | None:
    """`path` with every symlink and `..` resolved, if it is a regular file inside `root`.

    The one rule for templates, includes, CSS, images and fonts alike.
    """
    root = Path(root).resolve()
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None
    if resolved.is_relative_to(root) and resolved.is_file():
        return resolved
    return None


MAX_TEMPLATE_FILE_BYTES = 2 * 1024 * 1024
"""Largest template file (the standard one is some 14 kB)."""


def read_template_file(path: Path, name: str, limit: int = MAX_TEMPLATE_FILE_BYTES) -> bytes:
    """A file of the template folder: a regular file with one name, at most `limit` bytes."""
    from volwassenheid.storage.input_files import read_regular_file

    refuse_hard_link(path, name)
    return read_regular_file(path, limit)


def refuse_hard_link(path: Path, name: str) -> None:
    """A second name (hard link) can bring any file of the same disk into the folder; realpath cannot see it."""
    try:
        links = path.stat().st_nlink
    except OSError:
        return  # the read that follows names the problem
    if links > 1:
        raise UserError(
            f"Sjabloonbestand '{name}' ({path}) heeft meer dan een naam (een harde koppeling); "
            "een sjabloonmap mag alleen eigen, gewone bestanden bevatten. Kopieer het bestand in plaats daarvan."
        )


class OutsideTemplateFolder(Exception):
    """A template name that resolves outside the template folder."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def folder_loader(template_dir: Path):
    """A Jinja loader that reads only files resolving inside `template_dir`."""
    from jinja2 import BaseLoader, TemplateNotFound

    root = Path(template_dir).resolve()

    class TemplateFolderLoader(BaseLoader):
        def get_source(self, environment, template):
            parts = template.replace("\\", "/").split("/")
            if template.startswith(("/", "~")) or ".." in parts or re.match(r"^[A-Za-z]:", template):
                raise OutsideTemplateFolder(template)
            path = root.joinpath(*[part for part in parts if part not in ("", ".")])
            if not path.exists() and not path.is_symlink():
                raise TemplateNotFound(template)
            resolved = inside_folder(root, path)
            if resolved is None:
                raise OutsideTemplateFolder(template)
            source = read_template_file(resolved, template).decode("utf-8")
            mtime = resolved.stat().st_mtime
            return source, str(path), lambda: resolved.stat().st_mtime == mtime

    return TemplateFolderLoader()
