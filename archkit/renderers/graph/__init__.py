"""Diagrams (SVG for the site, PNG for everything else) drawn with the `diagrams` library and Graphviz.

Named `graph`, not `diagrams`, so that it never shadows the library. Listing jobs (producer.jobs) imports
neither diagrams nor graphviz; rendering does, once per worker process.
"""
