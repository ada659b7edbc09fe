"""The report cases of issue 15, built from the shipped example traject in a folder of their own.

Not a test file: tests/test_report_layout.py renders each case once and checks its layout.

    folder = build_case("b2", tmp_path)      # tmp_path / "b2", a traject folder
    data = report_data(folder)               # ReportData, house style and logo included

Every case is deterministic (fixed seeds, fixed texts), so a failure names the same page next time.
"""

from __future__ import annotations

import json
import random
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from volwassenheid.app.demo import example_folder

EXAMPLE = "voorbeeld"
CASES = (EXAMPLE, "b2", "b8", "c200", "d-lang", "e-huisstijl")
"""The example as shipped; 2 and 8 respondents; 200 generated respondents; long texts; a house style."""

LONG_NAME = "Regionaal Samenwerkingsverband Zorg- en Veiligheidshuis Waalmonde, Rivierland en Betuwe voor Jeugd, Gezin en Nazorg 2026"
HOUSE_COLOUR = "#1f4e79"
ORGANISATIONS = (
    "Politie",
    "Openbaar Ministerie",
    "Gemeente Waalmonde",
    "Reclassering",
    "Jeugdbescherming",
    "GGZ Rivierland",
    "Raad voor de Kinderbescherming",
)
REMARKS = (
    "We weten elkaar te vinden als het moet.",
    "Het overleg is te vrijblijvend.",
    "Informatie delen blijft lastig door de privacyregels.",
    "De afspraken staan op papier maar worden niet altijd nageleefd.",
    "Er is te weinig capaciteit om alles op te pakken.",
)


def build_case(name: str, parent: Path) -> Path:
    """The traject folder of case `name` in `parent` (replaced if it exists)."""
    folder = Path(parent) / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(example_folder(), folder)
    BUILDERS[name](folder)
    return folder


def report_data(folder: Path):
    """The ReportData of a traject folder, with its house style (logo relative to the folder), as `rapport` makes it."""
    from volwassenheid.app.traject import Traject
    from volwassenheid.report.data import build_report
    from volwassenheid.storage.branding import logo_data_uri

    traject = Traject.open(folder)
    branding = traject.engagement.huisstijl
    logo = logo_data_uri(branding, Path(folder)) if branding else None
    return build_report(traject.assess(), branding, logo)


def _example(folder: Path) -> None:
    """The example as shipped: 16 respondents from 7 organisations."""


def _keep(folder: Path, codes: set[str]) -> None:
    for path in (folder / "interviews").glob("*.json"):
        if path.stem not in codes:
            path.unlink()


def _two(folder: Path) -> None:
    _keep(folder, {"R01", "R08"})


def _eight(folder: Path) -> None:
    _keep(folder, {f"R0{i}" for i in range(1, 9)})


def _two_hundred(folder: Path) -> None:
    """200 respondents with seeded random answers, biased per organisation and dimension, a few remarks."""
    interviews = folder / "interviews"
    template = json.loads((interviews / "R01.json").read_text(encoding="utf-8"))
    for path in interviews.glob("*.json"):
        path.unlink()
    rng = random.Random(15)
    bias = {organisation: rng.uniform(-0.8, 0.8) for organisation in ORGANISATIONS}
    levels = ("strategisch", "tactisch", "operationeel")
    for i in range(1, 201):
        organisation = rng.choices(ORGANISATIONS, weights=[9, 5, 7, 5, 5, 6, 3])[0]
        interview = json.loads(json.dumps(template))
        interview.update(code=f"R{i:03d}", organisatie=organisation, niveau=rng.choices(levels, weights=[1, 2, 4])[0], rol="medewerker")
        for question in interview["antwoorden"]:
            base = 3.0 + bias[organisation] + (0.5 if question.startswith("rel") else 0) - (0.6 if question.startswith("mid") else 0)
            if rng.random() < 0.05:
                answer: dict = {"waarde": "weet_niet"}
            else:
                answer = {"waarde": max(1, min(5, round(rng.gauss(base, 0.9))))}
            if rng.random() < 0.01:
                answer["toelichting"] = rng.choice(REMARKS)
            interview["antwoorden"][question] = answer
        (interviews / f"R{i:03d}.json").write_text(json.dumps(interview, indent=2, ensure_ascii=False), encoding="utf-8")
    _edit_yaml(folder, lambda text: text.split("uitgenodigd:")[0] + "uitgenodigd:\n" + "".join(f"  {o}: 40\n" for o in ORGANISATIONS))


def long_remark() -> str:
    """1,500 characters in numbered paragraphs, each on a line of its own."""
    paragraph = (
        "In de casusoverleggen merken we dat de partners elkaar wel kennen, maar dat de afspraken over wie wat doet "
        "na afloop van het overleg niet worden vastgelegd. Daardoor schuift een zaak soms weken door zonder dat iemand regie neemt. "
    )
    text, k = "", 0
    while len(text) < 1500:
        k += 1
        text += f"Punt {k}: {paragraph}\n"
    return text[:1500]


def unbroken_url() -> str:
    """A 210-character address without a space or hyphen to break at."""
    return ("https://intranet.waalmonde.example/zorg-en-veiligheid/" + "casusregie_" * 14 + "x" * 210)[:210]


def _long_texts(folder: Path) -> None:
    """A 120-character partnership name, a 1,500-character remark with line breaks, a 210-character URL."""
    _edit_yaml(folder, lambda text: text.replace("Zorg- en Veiligheidshuis Waalmonde", LONG_NAME, 1))
    path = folder / "interviews" / "R02.json"
    interview = json.loads(path.read_text(encoding="utf-8"))
    questions = list(interview["antwoorden"])
    interview["antwoorden"][questions[5]]["toelichting"] = long_remark()
    interview["antwoorden"][questions[6]]["toelichting"] = f"Zie {unbroken_url()} voor het protocol."
    path.write_text(json.dumps(interview, indent=2, ensure_ascii=False), encoding="utf-8")


def _house_style(folder: Path) -> None:
    """A consultancy's house style in traject.yaml, with a logo in the house colour (a plain PNG)."""
    colour = bytes.fromhex(HOUSE_COLOUR[1:])
    (folder / "logo.png").write_bytes(solid_png(240, 80, (colour[0], colour[1], colour[2])))
    style = f'huisstijl:\n  bureau: Adviesbureau Brug & Co\n  logo: logo.png\n  kleuren: {{primair: "{HOUSE_COLOUR}", accent: "#c0504d"}}\n'
    _edit_yaml(folder, lambda text: text + style)


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A PNG of one colour, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _edit_yaml(folder: Path, change: Callable[[str], str]) -> None:
    path = folder / "traject.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


BUILDERS: dict[str, Callable[[Path], None]] = {
    EXAMPLE: _example,
    "b2": _two,
    "b8": _eight,
    "c200": _two_hundred,
    "d-lang": _long_texts,
    "e-huisstijl": _house_style,
}
