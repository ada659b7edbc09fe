"""Read a house-style file (huisstijl) and turn its logo into inline data.

The logo is checked before anything decodes it: a regular file inside the
folder of the file that names it, at most 2 MB, and at most MAX_LOGO_PIXELS
pixels as its header (PNG, JPEG) or its root element (SVG) states. An SVG
must stand on its own: no references to other files or addresses, no entities.
"""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

from pydantic import ValidationError

from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.models import Branding
from volwassenheid.core.validation import key_path, pydantic_problems
from volwassenheid.storage.input_files import FileWording, read_regular_file
from volwassenheid.storage.yamlfile import read_yaml

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
    what = f"Logo '{path}'"
    if kind == "image/svg+xml":
        size = svg_size(data, what)
    else:
        size = raster_size(data, kind) if _header_size(data, kind) is not None else None
    if size is None:
        raise UserError(f"{what}: geen geldig {_kind_name(kind)}-bestand (de afmetingen zijn niet te lezen).")
    check_pixels(what, size, "een logo")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _logo_path(logo: str, folder: Path) -> Path:
    """The logo file: inside `folder` (symlinks and '..' resolved), of a known type."""
    if "\x00" in logo:
        raise UserError(f"Logo {logo!r}: de bestandsnaam bevat een nul-teken; geef een gewone bestandsnaam.")
    if Path(logo).suffix.lower() not in LOGO_TYPES:
        raise UserError(f"Logo '{logo}': gebruik een PNG-, JPEG- of SVG-bestand.")
    root = folder.resolve()
    path = (root / logo).resolve()
    if not path.is_relative_to(root):
        raise UserError(f"Logo '{logo}': ligt buiten de map {root}; zet het logo naast het bestand dat het noemt (of in een map daaronder).")
    if Path(path).suffix.lower() not in LOGO_TYPES:  # a link that points to another kind of file
        raise UserError(f"Logo '{logo}': gebruik een PNG-, JPEG- of SVG-bestand.")
    return path


LOGO_WORDING = FileWording(
    missing=lambda path, error: f"Logo '{path}' bestaat niet.",
    unreadable=lambda path, error: f"Logo '{path}' kan niet gelezen worden ({os_error_reason(error)}).",
    not_regular=lambda path, mode: f"Logo '{path}' is geen gewoon bestand.",
    too_large=lambda path, size, limit: f"Logo '{path}' is groter dan {limit // (1024 * 1024)} MB.",
    more_than_one_name=lambda path: f"Logo '{path}' heeft meer dan een naam (een harde koppeling); kopieer het bestand in plaats daarvan.",
)


def _read_logo(path: Path) -> bytes:
    """The logo's bytes: a regular file with one name only (a hard link could bring in any file)."""
    return read_regular_file(path, MAX_LOGO_BYTES, LOGO_WORDING)


def check_pixels(what: str, size: tuple[float, float], purpose: str = "een afbeelding in het rapport") -> None:
    """Refuse an image larger than MAX_LOGO_PIXELS; `what` names it ("Logo '…'")."""
    width, height = size
    if width * height > MAX_LOGO_PIXELS:
        raise UserError(
            f"{what} is {round(width)} × {round(height)} pixels; dat is te groot voor {purpose} "
            f"(hoogstens {MAX_LOGO_PIXELS // 1_000_000} miljoen pixels, bijvoorbeeld 4000 × 4000). Verklein het eerst."
        )


def _kind_name(kind: str) -> str:
    return {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}[kind]


def check_resource(data: bytes, what: str) -> None:
    """Refuse a file the report would use (image, CSS, font) that is too large to draw.

    The one check for the logo's inner images and every file or data: URL the
    report fetches: every raster Pillow can open is sized from its header,
    whatever it claims to be; anything that parses as XML is checked as an SVG.
    """
    if len(data) > MAX_RESOURCE_BYTES:
        raise UserError(f"{what} is groter dan {MAX_RESOURCE_BYTES // (1024 * 1024)} MB; dat wordt niet gebruikt.")
    size: tuple[float, float] | None = raster_size(data)
    if size is not None:
        check_pixels(what, size)
    else:  # WeasyPrint tries as SVG whatever Pillow cannot open, in any encoding XML allows
        size = svg_size(data, what=what, standalone=False)
        if size is not None:
            check_pixels(what, size)


def _looks_like_xml(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff")) or b"<svg" in data[:4096].lower()


# --- sizes from headers, without decoding ------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_FRAME_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""Start-of-frame markers; C4, C8 and CC are tables and an extension, not frames."""
JPEG_START_OF_SCAN = 0xDA
MAX_RESOURCE_BYTES = 32 * 1024 * 1024
"""Largest file (image, font, CSS) a report may use; a large font is some 20 MB."""
MAX_SVG_ELEMENTS = 10_000
"""Elements an SVG may draw, with every <use> counted as the elements it repeats."""
MAX_SVG_DEPTH = 64


def _area(size: tuple[float, float]) -> float:
    return size[0] * size[1]


def raster_size(data: bytes, kind: str | None = None) -> tuple[int, int] | None:
    """(width, height) of a raster image from its header, whatever its name or declared type says.

    PNG and JPEG are read by our own parser; every format is also opened by
    Pillow without decoding (what WeasyPrint would draw), and the larger of the
    two counts, so a header that fools one reader does not get through.
    None if neither recognises an image.
    """
    sizes = [size for size in (_header_size(data, kind), _pillow_size(data)) if size is not None]
    return max(sizes, key=_area) if sizes else None


def _header_size(data: bytes, kind: str | None = None) -> tuple[int, int] | None:
    if kind == "image/png" or (kind is None and data.startswith(PNG_SIGNATURE)):
        return _png_size(data)
    if kind == "image/jpeg" or (kind is None and data.startswith(b"\xff\xd8")):
        return _jpeg_size(data)
    return None


def _pillow_size(data: bytes) -> tuple[int, int] | None:
    """The size Pillow reads from the header (Image.open decodes nothing), without its English bomb warning."""
    import io
    import warnings

    from PIL import Image

    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # we judge the size ourselves, in Dutch
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Exception:  # not an image Pillow knows, or a broken one: Pillow raises anything
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The largest start-of-frame before the first scan: a small fake frame first does not hide a big one."""
    if not data.startswith(b"\xff\xd8"):
        return None
    frames = []
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
        if marker in (JPEG_START_OF_SCAN, 0xD9):
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in JPEG_FRAME_MARKERS:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            if not (width and height):
                return None
            frames.append((width, height))
        if length < 2:
            return None
        position += 2 + length
    return max(frames, key=_area) if frames else None


SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_REFERENCE = re.compile(rb"""(?:href\s*=\s*["']\s*|url\(\s*["']?\s*)([^"')\s]*)""", re.IGNORECASE)
_URL_IN_STYLE = re.compile(r"""url\(\s*["']?\s*([^"')]*)""", re.IGNORECASE)


def svg_size(data: bytes, what: str = "Logo", standalone: bool = True) -> tuple[float, float] | None:
    """(width, height) in CSS pixels of an SVG, from its root element and the images inside.

    Refuses what would make WeasyPrint fetch or expand anything: references to
    other files or addresses, entity declarations, more than MAX_SVG_ELEMENTS
    elements once every <use> is expanded (a <use> bomb). A `standalone` SVG (a
    logo) may not refer to files nor hold SVG data: every data: URL in it must
    be a raster image, whatever type it declares, and its size counts. An SVG
    from the template folder may refer to files and data there: the URL fetcher
    checks each of those itself. None if it is no SVG at all; (0, 0) when it
    states no size.
    """
    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise UserError(f"{what}: een SVG met <!ENTITY ...> wordt niet gebruikt; sla het op zonder entiteiten.")
    for reference in _REFERENCE.findall(data) if standalone else ():
        if reference and not reference.lower().startswith((b"#", b"data:")):
            shown = reference[:60].decode("utf-8", "replace")
            raise UserError(f"{what}: de SVG verwijst naar '{shown}'; een logo moet op zichzelf staan (geen andere bestanden of internetadressen).")
    tree = _parse_svg(data, what)
    if tree is None:
        return None
    _check_element_count(tree, what)
    if _local_name(tree.tag) != "svg":
        return None
    largest: tuple[float, float] = (0, 0)
    for url in _urls_in(tree) if standalone else ():
        embedded = _embedded_image_size(url, what)
        if embedded is not None:
            largest = max(largest, embedded, key=_area)
    attributes = {_local_name(name).lower(): value for name, value in tree.attrib.items()}
    width, height = _svg_length(attributes.get("width")), _svg_length(attributes.get("height"))
    size = (width, height) if width is not None and height is not None else _viewbox_size(attributes.get("viewbox"))
    if size is None:
        return largest
    return max(size, largest, key=_area)


def _parse_svg(data: bytes, what: str):
    """The element tree, or None if it is no XML; an entity declaration in any encoding is refused."""
    import pyexpat
    from xml.etree import ElementTree

    def refuse_entity(*_):
        raise UserError(f"{what}: een SVG met <!ENTITY ...> wordt niet gebruikt; sla het op zonder entiteiten.")

    checker = pyexpat.ParserCreate()
    checker.EntityDeclHandler = refuse_entity
    try:
        checker.Parse(data, True)
        return ElementTree.fromstring(data)
    except (pyexpat.ExpatError, ElementTree.ParseError):
        return None


def _local_name(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _check_element_count(root, what: str) -> None:
    """Count the elements WeasyPrint would draw, each <use> as the elements it repeats."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    counted: dict[int, int] = {}

    def count(element, depth: int, chain: frozenset) -> int:
        if depth > MAX_SVG_DEPTH or id(element) in chain:
            raise UserError(f"{what}: de SVG is te diep genest of verwijst in een kring naar zichzelf (via <use>); dat wordt niet gebruikt.")
        if id(element) in counted:
            return counted[id(element)]
        chain = chain | {id(element)}
        total = 1
        for child in element:
            total += count(child, depth + 1, chain)
            if total > MAX_SVG_ELEMENTS:
                break
        if _local_name(element.tag) == "use":
            target = by_id.get(_use_target(element))
            if target is not None:
                total += count(target, depth + 1, chain)
        counted[id(element)] = total
        if total > MAX_SVG_ELEMENTS:
            raise UserError(
                f"{what}: de SVG tekent meer dan {MAX_SVG_ELEMENTS} elementen (<use> meegeteld); "
                "dat is te veel voor een afbeelding in het rapport. Vereenvoudig de tekening."
            )
        return total

    count(root, 0, frozenset())


def _use_target(element) -> str | None:
    for name, value in element.attrib.items():
        if _local_name(name) == "href" and value.strip().startswith("#"):
            return value.strip()[1:]
    return None


def _urls_in(root):
    """Every URL in the SVG: whole attribute values that are data: URLs, and url(...) in attributes and <style>."""
    for element in root.iter():
        yield from (value for name, value in element.attrib.items() if _local_name(name) == "href")
        texts = list(element.attrib.values())
        if _local_name(element.tag) == "style":
            texts.append(element.text or "")
        for text in texts:
            if text.strip().lower().startswith("data:"):
                yield text.strip()
            yield from _URL_IN_STYLE.findall(text)


def _embedded_image_size(url: str, what: str) -> tuple[int, int] | None:
    url = url.strip()
    if not url.lower().startswith("data:"):
        if url and not url.startswith("#"):
            raise UserError(
                f"{what}: de SVG verwijst naar '{url[:60]}'; een logo moet op zichzelf staan (geen andere bestanden of internetadressen)."
            )
        return None
    payload = _decode_data_url(url)
    size = raster_size(payload) if payload is not None else None
    if size is not None:
        return size
    if payload is not None and _looks_like_xml(payload):
        raise UserError(f"{what}: de SVG bevat zelf weer een SVG (als data:-adres); dat wordt niet gebruikt. Sla de tekening op als een enkele SVG.")
    raise UserError(f"{what}: een afbeelding in de SVG is niet te lezen (alleen PNG, JPEG, GIF en WebP worden gebruikt).")


def _decode_data_url(url: str) -> bytes | None:
    """The bytes of a data: URL, base64 or percent-encoded; None if it is malformed."""
    from urllib.parse import unquote_to_bytes

    header, comma, body = url[5:].partition(",")
    if not comma:
        return None
    if header.lower().replace(" ", "").endswith(";base64"):
        try:
            return base64.b64decode(re.sub(r"\s+", "", unquote_to_bytes(body).decode("ascii", "replace")), validate=False)
        except ValueError:
            return None
    return unquote_to_bytes(body)


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
