"""archkit: architecture as code for AWS serverless systems.

The package folders follow the flow of a build: model -> views -> renderers -> site.
"""

__version__ = "0.1.0"
