"""triage: propose RAG ratings for MASH notifications, explain them, and learn from decisions."""

__version__ = "0.1.0"
