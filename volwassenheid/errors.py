"""The one exception type that carries a Dutch message for the user."""


class UserError(Exception):
    """Bad input or a refused action; the CLI prints the message and exits 1."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {d}" for d in self.details)])
