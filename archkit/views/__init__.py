"""Views: pure functions from the Model to small typed, frozen objects (contract.py), one per diagram.

A view holds exactly what its diagram shows (and nothing else), so its hash changes only when the picture would.
No rendering library is imported here.
"""
from .catalogue_view import all_views

__all__ = ["all_views"]
