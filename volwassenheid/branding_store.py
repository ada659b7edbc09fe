"""Read a house-style file (huisstijl) and turn its logo into inline data."""

from __future__ import annotations

import base64
from pathlib import Path

from pydantic import ValidationError

from volwassenheid.engagement import Branding
from volwassenheid.errors import UserError
from volwassenheid.validation import key_path, pydantic_problems
from volwassenheid.yamlfile import read_yaml

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
MAX_LOGO_BYTES = 2 * 1024 * 1024


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
    path = (Path(relative_to) / branding.logo).resolve()
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise UserError(f"Logo '{branding.logo}': gebruik een PNG-, JPEG- of SVG-bestand.")
    if not path.is_file():
        raise UserError(f"Logo '{path}' bestaat niet.")
    data = path.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(f"Logo '{path}' is groter dan 2 MB.")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
