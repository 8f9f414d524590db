#!/usr/bin/env python3
"""Build every output (diagrams, docs pages, CloudFormation) from the model in model/. See --help."""
import sys
from pathlib import Path

from archkit.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
