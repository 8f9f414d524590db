"""The model: catalogue, safe loading, validation and the typed Model."""
from .catalogue import load_catalogue
from .loader import load_model
from .types import Model

__all__ = ["load_catalogue", "load_model", "Model"]
