"""Read a traject template (`batch --traject-sjabloon`): the keys of traject.yaml that hold for
every partnership of a batch, and its logo, read and checked once.

The logo follows the rules of every house style (storage.branding): a path relative to the
template's folder, inside that folder, of a known type and size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from volwassenheid.core.errors import UserError
from volwassenheid.core.models import PER_PARTNERSHIP_KEYS, EngagementTemplate
from volwassenheid.storage.branding import logo_data_uri
from volwassenheid.storage.yamlfile import invalid_file, read_model

KNOWN_KEYS = ", ".join(EngagementTemplate.model_fields)
INVALID = "ongeldig trajectsjabloon"


@dataclass(frozen=True)
class LoadedTemplate:
    """A traject template as read: its keys, and its logo as a data: URI (None without one)."""

    path: Path
    template: EngagementTemplate
    logo: str | None = None


def load_engagement_template(path: Path) -> LoadedTemplate:
    """The template at `path`; every problem is a UserError naming the file (and the line and key)."""
    path = Path(path)
    template, document = read_model(path, EngagementTemplate, INVALID, f"verwacht sleutels als {KNOWN_KEYS}", _explained)
    if template.huisstijl is None:
        return LoadedTemplate(path, template)
    try:
        logo = logo_data_uri(template.huisstijl, path.parent)
    except UserError as error:
        raise invalid_file(path, document, INVALID, [(("huisstijl", "logo"), error.message)]) from error
    return LoadedTemplate(path, template, logo)


def _explained(loc: tuple, message: str) -> tuple[tuple, str]:
    """A key of traject.yaml that a template does not take is said so, with the reason, not as a typing error."""
    if len(loc) == 1 and loc[0] in PER_PARTNERSHIP_KEYS:
        return loc, f"hoort niet in een trajectsjabloon: {PER_PARTNERSHIP_KEYS[loc[0]]}; laat deze sleutel weg"
    if len(loc) == 1 and message.startswith("onbekende sleutel"):
        return loc, f"{message}; een trajectsjabloon kent {KNOWN_KEYS}"
    return loc, message
