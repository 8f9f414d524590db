"""The architecture site: Markdown pages generated from the model (see pages.py), and the MkDocs hook."""
