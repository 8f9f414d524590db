"""Renderers: views -> files. Each subpackage turns view payloads into one kind of output."""
