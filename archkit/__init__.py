"""archkit: architecture as code for AWS serverless systems.

The package folders follow the flow of a build: model -> layout -> views -> renderers -> site (layout places a
diagram's elements; views build the typed objects the renderers draw, views/contract.py).
"""

__version__ = "0.1.0"
