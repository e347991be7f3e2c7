"""Build the sdist and the wheel of sdk/python with the setuptools of the running environment.

    <repo>/.venv/bin/python scripts/python/build-dist.py <out-dir> [<sdk-dir>]

Run it with the interpreter scripts/python/venv.sh prints: setuptools is pinned there
(scripts/python/requirements.txt), so the build downloads nothing and needs no build isolation.
It calls the PEP 517 hooks of setuptools.build_meta (pyproject.toml's build-backend) directly, on a
copy of the SDK without the artefacts of earlier local builds, with README.md at the copy's root
(where pyproject.toml's `readme` looks; the generator writes it inside the package). Archive
timestamps come from SOURCE_DATE_EPOCH (default: 1980-01-01), and the sdist is rewritten with sorted
entries and no owner or local mode bits, so the same sources give the same files byte for byte.
Prints the paths written, one a line.
"""

import gzip
import io
import os
import shutil
import tarfile
import sys
import tempfile
from pathlib import Path

# what local builds and tests leave in sdk/python (its .gitignore), never part of a release
LEFTOVERS = ("*.pyc", "__pycache__", ".mypy_cache", "dist", "build", "*.egg-info", ".gitignore", ".gitattributes")
ZIP_EPOCH = "315532800"  # 1980-01-01, the earliest time a zip entry can hold


def normalize_sdist(path: Path, epoch: int) -> None:
    """setuptools stamps the sdist with the build's time, owner and umask: make it reproducible."""
    with tarfile.open(path) as tar:
        entries = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for member, data in sorted(entries, key=lambda entry: entry[0].name):
                member.mtime, member.uid, member.gid, member.uname, member.gname = epoch, 0, 0, "", ""
                member.mode = 0o755 if member.isdir() else 0o644
                member.pax_headers = {}  # the build's own mtime and owner may hide there too
                tar.addfile(member, io.BytesIO(data) if data is not None else None)


def main(argv: list) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1]).resolve()
    sdk = Path(argv[2] if len(argv) == 3 else Path(__file__).resolve().parents[2] / "sdk" / "python").resolve()
    if not (sdk / "pyproject.toml").is_file():
        print(f"build-dist: {sdk} has no pyproject.toml", file=sys.stderr)
        return 1
    os.environ.setdefault("SOURCE_DATE_EPOCH", ZIP_EPOCH)
    import setuptools
    from setuptools import build_meta

    print(f"build-dist: setuptools {setuptools.__version__} from {Path(setuptools.__file__).parent}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="woodpecker-python-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(sdk, src, ignore=shutil.ignore_patterns(*LEFTOVERS))
        packages = [p for p in src.iterdir() if (p / "README.md").is_file()]
        if not (src / "README.md").exists() and len(packages) == 1:
            shutil.copyfile(packages[0] / "README.md", src / "README.md")
        cwd, stdout = os.getcwd(), os.dup(1)
        os.chdir(src)  # the hooks build the project in the current directory
        os.dup2(2, 1)  # setuptools logs to stdout: keep stdout for the paths
        try:
            # the sdist first: it must not carry the wheel's build/ folder
            names = [build_meta.build_sdist(str(out)), build_meta.build_wheel(str(out))]
        finally:
            sys.stdout.flush()
            os.dup2(stdout, 1)
            os.chdir(cwd)
    normalize_sdist(out / names[0], int(os.environ["SOURCE_DATE_EPOCH"]))
    for name in names:
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
