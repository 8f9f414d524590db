"""A build killed with SIGKILL at random moments leaves no half-written file, and the next run recovers."""
import random
import shutil
import signal
import subprocess
import sys
import time

from archkit.build.atomic import TEMP_SUFFIX
from conftest import MODEL, ROOT, run_generate, snapshot


def edited_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    for path in sorted(folder.glob("*.yaml")):  # touch every file so that most outputs change
        text = path.read_text()
        path.write_text(text.replace("description: ", "description: Edited. ", 3))
    return folder


def workers_left(out, seconds: float = 3.0) -> list[str]:
    """Processes still running for this output folder, after giving them a moment to exit."""
    deadline = time.monotonic() + seconds
    while True:
        found = subprocess.run(["pgrep", "-f", f"--out {out} "], capture_output=True, text=True).stdout.split()
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_sigkill_at_random_points_then_recover(tmp_path):
    old_out, new_out, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    new_model = edited_model(tmp_path)
    old_out.mkdir()
    assert run_generate("--out", str(old_out), "--quiet").returncode == 0
    started = time.perf_counter()
    assert run_generate("--model", str(new_model), "--out", str(new_out), "--quiet").returncode == 0
    build_seconds = time.perf_counter() - started
    old, new = snapshot(old_out), snapshot(new_out)
    rng = random.Random(20261125)
    for attempt in range(6):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_out, out)
        process = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "--model", str(new_model),
                                    "--out", str(out), "--quiet"], cwd=ROOT)
        time.sleep(rng.uniform(0, build_seconds))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert not workers_left(out), "render workers must die with the build"
        for path, digest in snapshot(out).items():
            if path.endswith(TEMP_SUFFIX):
                continue
            assert digest in (old.get(path), new.get(path)), f"attempt {attempt}: {path} is neither old nor new"
        result = run_generate("--model", str(new_model), "--out", str(out), "--quiet")
        assert result.returncode == 0, result.stderr
        assert run_generate("--model", str(new_model), "--out", str(out), "--check").returncode == 0
        assert snapshot(out) == new
