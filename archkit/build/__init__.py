"""Turning a model into files: jobs, the manifest of generated files, atomic writing, the staleness check."""
