"""volwassenheid: maturity of collaboration between organisations."""

__version__ = "0.1.0"
