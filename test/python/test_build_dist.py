"""scripts/python/build-dist.py, the release's Python build: sdist and wheel from this environment's
setuptools, with the README as the long description, nothing left over from local builds, and the
same bytes for the same sources."""

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from support import REPO_ROOT, SCHEMA

VERSION = SCHEMA["version"]
SCRIPT = REPO_ROOT / "scripts/python/build-dist.py"


def build(out: Path, sdk: Path = REPO_ROOT / "sdk/python") -> list:
    done = subprocess.run([sys.executable, str(SCRIPT), str(out), str(sdk)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.splitlines()]


def test_it_writes_the_sdist_and_the_wheel_and_prints_their_paths(tmp_path: Path) -> None:
    assert build(tmp_path) == [tmp_path / f"pulumi_woodpecker-{VERSION}.tar.gz", tmp_path / f"pulumi_woodpecker-{VERSION}-py3-none-any.whl"]


def test_the_readme_is_the_long_description_of_both(tmp_path: Path) -> None:
    sdist, wheel = build(tmp_path)
    readme = (REPO_ROOT / "sdk/python/pulumi_woodpecker/README.md").read_text()
    metadata = zipfile.ZipFile(wheel).read(f"pulumi_woodpecker-{VERSION}.dist-info/METADATA").decode()
    assert "Description-Content-Type: text/markdown" in metadata
    assert readme.strip() in metadata
    with tarfile.open(sdist) as tar:
        assert tar.extractfile(f"pulumi_woodpecker-{VERSION}/README.md").read().decode() == readme


def test_leftovers_of_local_builds_stay_out(tmp_path: Path) -> None:
    sdk = tmp_path / "sdk"
    subprocess.run(["cp", "-R", str(REPO_ROOT / "sdk/python"), str(sdk)], check=True)
    for leftover in ["build/lib/stale.py", "stale.egg-info/PKG-INFO", "pulumi_woodpecker/__pycache__/x.cpython-311.pyc", "dist/old.whl"]:
        (sdk / leftover).parent.mkdir(parents=True, exist_ok=True)
        (sdk / leftover).write_text("stale")
    sdist, wheel = build(tmp_path / "out", sdk)
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
    names += zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if "stale" in n or "__pycache__" in n or n.endswith((".pyc", "old.whl"))] == []


def test_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    first = build(tmp_path / "a")
    second = build(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
