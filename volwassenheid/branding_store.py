"""Read a house-style file (huisstijl) and turn its logo into inline data.

The logo is checked before anything decodes it: a regular file inside the
folder of the file that names it, at most 2 MB, and at most MAX_LOGO_PIXELS
pixels as its header (PNG, JPEG) or its root element (SVG) states. An SVG
must stand on its own: no references to other files or addresses, no entities.
"""

from __future__ import annotations

import base64
import re
import stat
import struct
from pathlib import Path

from pydantic import ValidationError

from volwassenheid.engagement import Branding
from volwassenheid.errors import UserError
from volwassenheid.validation import key_path, pydantic_problems
from volwassenheid.yamlfile import read_yaml

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000
"""About 4000 × 4000: decoded, that is 64 MB; a logo in the report needs far less."""


def load_branding(path: Path) -> Branding:
    document = read_yaml(path)
    try:
        return Branding.model_validate(document.data if document.data is not None else {})
    except ValidationError as error:
        lines = [f"{key_path(loc, document.data)}: {message}" for loc, message in pydantic_problems(error)]
        raise UserError(f"{path}: ongeldige huisstijl:", lines) from error


def logo_data_uri(branding: Branding, relative_to: Path) -> str | None:
    """The logo as a data: URI, so rendering never has to open a file outside the templates."""
    if not branding.logo:
        return None
    path = _logo_path(branding.logo, Path(relative_to))
    kind = LOGO_TYPES[path.suffix.lower()]
    data = _read_logo(path)
    size = svg_size(data) if kind == "image/svg+xml" else raster_size(data, kind)
    if size is None:
        raise UserError(f"Logo '{path}': geen geldig {_kind_name(kind)}-bestand (de afmetingen zijn niet te lezen).")
    _check_pixels(path, size)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _logo_path(logo: str, folder: Path) -> Path:
    """The logo file: inside `folder` (symlinks and '..' resolved), of a known type."""
    if Path(logo).suffix.lower() not in LOGO_TYPES:
        raise UserError(f"Logo '{logo}': gebruik een PNG-, JPEG- of SVG-bestand.")
    root = folder.resolve()
    path = (root / logo).resolve()
    if not path.is_relative_to(root):
        raise UserError(f"Logo '{logo}': ligt buiten de map {root}; zet het logo naast het bestand dat het noemt (of in een map daaronder).")
    if Path(path).suffix.lower() not in LOGO_TYPES:  # a link that points to another kind of file
        raise UserError(f"Logo '{logo}': gebruik een PNG-, JPEG- of SVG-bestand.")
    return path


def _read_logo(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise UserError(f"Logo '{path}' bestaat niet.") from error
    except OSError as error:
        raise UserError(f"Logo '{path}' kan niet gelezen worden ({error.strerror}).") from error
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"Logo '{path}' is geen gewoon bestand.")
    if info.st_size > MAX_LOGO_BYTES:
        raise UserError(f"Logo '{path}' is groter dan 2 MB.")
    try:
        return path.read_bytes()[: MAX_LOGO_BYTES + 1]
    except OSError as error:
        raise UserError(f"Logo '{path}' kan niet gelezen worden ({error.strerror}).") from error


def _check_pixels(path: Path, size: tuple[float, float]) -> None:
    width, height = size
    if width * height > MAX_LOGO_PIXELS:
        raise UserError(
            f"Logo '{path}' is {round(width)} × {round(height)} pixels; dat is te groot voor een logo "
            f"(hoogstens {MAX_LOGO_PIXELS // 1_000_000} miljoen pixels, bijvoorbeeld 4000 × 4000). Verklein het eerst."
        )


def _kind_name(kind: str) -> str:
    return {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}[kind]


# --- sizes from headers, without decoding ------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_FRAME_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""Start-of-frame markers; C4, C8 and CC are tables and an extension, not frames."""


def raster_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR or a JPEG's start-of-frame; None if unreadable."""
    return _png_size(data) if kind == "image/png" else _jpeg_size(data)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in JPEG_FRAME_MARKERS:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return (width, height) if width and height else None
        if length < 2:
            return None
        position += 2 + length
    return None


SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_REFERENCE = re.compile(rb"""(?:href\s*=\s*["']\s*|url\(\s*["']?\s*)([^"')\s]*)""", re.IGNORECASE)
_EMBEDDED_IMAGE = re.compile(rb"data:(image/(?:png|jpeg));base64,([A-Za-z0-9+/=\s]+)")


def svg_size(data: bytes) -> tuple[float, float] | None:
    """(width, height) in CSS pixels of an SVG logo, from its root element.

    Refuses what would make WeasyPrint fetch or expand anything: references to
    other files or addresses, and entity declarations. Embedded PNG/JPEG data
    counts with its own size. None if there is no <svg> element at all; (0, 0)
    when it states no size (it is drawn at the size the template gives it).
    """
    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise UserError("Logo: een SVG met <!ENTITY ...> wordt niet gebruikt; sla het op zonder entiteiten.")
    for reference in _REFERENCE.findall(data):
        if reference and not reference.startswith((b"#", b"data:")):
            shown = reference[:60].decode("utf-8", "replace")
            raise UserError(f"Logo: de SVG verwijst naar '{shown}'; een logo moet op zichzelf staan (geen andere bestanden of internetadressen).")
    largest: tuple[float, float] = (0, 0)
    for kind, payload in _EMBEDDED_IMAGE.findall(data):
        embedded = raster_size(base64.b64decode(payload, validate=False), kind.decode())
        if embedded is None:
            raise UserError("Logo: een afbeelding in de SVG is niet te lezen.")
        largest = max(largest, embedded, key=lambda s: s[0] * s[1])
    root = _SVG_ROOT.search(data)
    if root is None:
        return None
    tag = root.group(0).decode("utf-8", "replace")
    attributes = {name.lower(): value for name, value in re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', tag)}
    size = _svg_length(attributes.get("width")), _svg_length(attributes.get("height"))
    if None in size:
        size = _viewbox_size(attributes.get("viewbox"))
    if size is None:
        return largest
    return max(size, largest, key=lambda s: s[0] * s[1])


def _svg_length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    length = float(match.group(1)) * SVG_UNITS[match.group(2) or ""]
    return length if length > 0 else None


def _viewbox_size(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", (value or "").strip())
    try:
        width, height = float(parts[2]), float(parts[3])
    except (IndexError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None
