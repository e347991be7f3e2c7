"""The SDK as pip installs it from the repository, and as a wheel: version, dependencies, plugin metadata, typing marker."""

import importlib.metadata
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pulumi_woodpecker

from support import REPO_ROOT, SCHEMA

PACKAGE_JSON = json.loads((REPO_ROOT / "package.json").read_text())
PULUMI_PIN = PACKAGE_JSON["devDependencies"]["@pulumi/pulumi"]  # the dev pin; the peer range is wider


def test_the_environment_has_pulumi_of_the_cli_line() -> None:
    # the same version as @pulumi/pulumi and the CLI built for the e2e suite
    assert importlib.metadata.version("pulumi") == PULUMI_PIN
    requirements = (REPO_ROOT / "scripts/python/requirements.txt").read_text().splitlines()
    assert f"pulumi=={PULUMI_PIN}" in requirements


def test_the_sdk_is_installed_from_sdk_python_not_imported_from_the_tree() -> None:
    installed = Path(pulumi_woodpecker.__file__).resolve()
    assert "site-packages" in installed.parts, installed
    assert importlib.metadata.version("pulumi_woodpecker") == PACKAGE_JSON["version"] == SCHEMA["version"]


def test_it_depends_on_pulumi_of_the_same_3_x_line() -> None:
    requires = importlib.metadata.requires("pulumi_woodpecker") or []
    pulumi = [r for r in requires if r.startswith("pulumi")]
    assert pulumi == [f"pulumi<4.0.0,>={PULUMI_PIN}"], requires
    assert SCHEMA["language"]["python"]["requires"]["pulumi"] == f">={PULUMI_PIN},<4.0.0"


def test_the_installed_package_names_its_plugin() -> None:
    # the language host reads this to tell the CLI which plugin (and version) the program needs, and
    # where the CLI downloads it from when it is not installed
    plugin = json.loads((Path(pulumi_woodpecker.__file__).parent / "pulumi-plugin.json").read_text())
    assert plugin == {"resource": True, "name": "woodpecker", "version": SCHEMA["version"], "server": SCHEMA["pluginDownloadURL"]}
    assert (Path(pulumi_woodpecker.__file__).parent / "py.typed").exists()


def test_it_builds_as_a_wheel(tmp_path: Path) -> None:
    # built from a copy, so the build leaves nothing in the repository
    source = tmp_path / "src"
    shutil.copytree(REPO_ROOT / "sdk/python", source)
    out = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--disable-pip-version-check", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = list(out.glob("*.whl"))
    assert wheel.name == f"pulumi_woodpecker-{SCHEMA['version']}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ["pulumi_woodpecker/__init__.py", "pulumi_woodpecker/py.typed", "pulumi_woodpecker/pulumi-plugin.json", "pulumi_woodpecker/config/__init__.pyi", "pulumi_woodpecker/repository_secret.py"]:
        assert name in names, name
    metadata = zipfile.ZipFile(wheel).read(f"pulumi_woodpecker-{SCHEMA['version']}.dist-info/METADATA").decode()
    assert f"Requires-Dist: pulumi<4.0.0,>={PULUMI_PIN}" in metadata
