"""The bundled example traject (a fictitious Zorg- en Veiligheidshuis), placed in a folder of one's own."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Engagement
from volwassenheid.storage.atomic import write_text_atomic
from volwassenheid.storage.resources import data_dir
from volwassenheid.storage.traject_folder import ENGAGEMENT_FILE, read_engagement

EXAMPLE_NAME = "zorg-en-veiligheidshuis"
FOLLOW_UP_NAME = "zorg-en-veiligheidshuis-1-meting"
"""The same partnership a year later (`vorige_meting` names the example)."""


class NotTheExample(UserError):
    """The folder holds another traject than the example: nothing is written into it."""

    def __init__(self, folder: Path, partnership: str) -> None:
        super().__init__(f"In '{folder}' staat een ander traject ('{partnership}') dan het voorbeeld; daar wordt niets in geschreven.")
        self.folder = folder
        self.partnership = partnership


class FolderInUse(UserError):
    """The folder holds other files and no traject: the example is not copied over them."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"Map '{folder}' bestaat al en is geen traject; kies een lege of nieuwe map.")
        self.folder = folder


@dataclass(frozen=True)
class PlacedExample:
    folder: Path
    copied: bool
    """False when an earlier copy of the example was found there and kept as it is."""


def example_folder(name: str = EXAMPLE_NAME) -> Path:
    return data_dir("voorbeelden") / name


def follow_up_folder(folder: str | os.PathLike[str]) -> Path:
    """Where the demo puts the follow-up measurement: beside the example, 'MAP-1-meting'."""
    folder = Path(folder)
    return folder.with_name(f"{folder.name}-1-meting")


def place_follow_up(folder: str | os.PathLike[str]) -> PlacedExample:
    """The example's follow-up measurement beside the example placed in `folder`, as `place_example`
    places that (never over anything), with `vorige_meting` pointing at `folder`."""
    target = follow_up_folder(folder)
    placed = place_example(target, FOLLOW_UP_NAME)
    if placed.copied:
        engagement = (target / ENGAGEMENT_FILE).read_text(encoding="utf-8")
        linked = engagement.replace(f"vorige_meting: ../{EXAMPLE_NAME}", f"vorige_meting: ../{Path(folder).name}")
        write_text_atomic(target / ENGAGEMENT_FILE, linked)
    return placed


def place_example(folder: str | os.PathLike[str], name: str = EXAMPLE_NAME) -> PlacedExample:
    """Copy the example traject into `folder` (new or empty), or find an earlier copy there.

    Never overwrites: an earlier copy (perhaps edited) is used as it is, a folder with
    other files is refused (`FolderInUse`), and so is another traject (`NotTheExample`), so a report
    written into the example's folder never lands in a consultant's real traject.
    """
    folder = Path(folder)
    example = example_folder(name)
    if os.path.lexists(folder / ENGAGEMENT_FILE):
        found = read_engagement(folder)
        if _identity(found) != _identity(read_engagement(example)):
            raise NotTheExample(folder, found.samenwerkingsverband)
        return PlacedExample(folder, copied=False)
    if folder.exists() and any(folder.iterdir()):
        raise FolderInUse(folder)
    shutil.copytree(example, folder, dirs_exist_ok=True)
    return PlacedExample(folder, copied=True)


def _identity(engagement: Engagement) -> tuple[str, str | None, object, str]:
    return (engagement.samenwerkingsverband, engagement.opdrachtgever, engagement.datum, engagement.vragenlijst.id)
