"""End-to-end browser test helpers."""
