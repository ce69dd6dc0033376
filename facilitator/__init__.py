"""Conference Facilitator: run hybrid child protection conferences."""

__version__ = "0.1.0"
