"""The benchmark's synthetic models are valid models of the requested size."""
import subprocess
import sys

import pytest

from archkit.model import load_model
from conftest import ROOT


@pytest.mark.parametrize("size", [50, 500])
def test_synthetic_model_is_valid_and_sized(tmp_path, size):
    subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), str(size), str(tmp_path)], check=True)
    model = load_model(tmp_path)
    assert abs(len(model.components) - size) <= 5
