"""Synthetic data for triage: records index, daily batches and a labelled corpus (see training.generate)."""
