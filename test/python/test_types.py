"""The SDK's annotations under a type checker (mypy, strict): the example program passes, misuse is caught by name."""

import subprocess
import sys
from pathlib import Path

from support import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples/python-quickstart/__main__.py"


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--hide-error-context", "--no-color-output", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def test_the_python_quickstart_type_checks_strictly(tmp_path: Path) -> None:
    run = mypy(str(EXAMPLE), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout


def test_wrong_types_and_unknown_inputs_are_reported(tmp_path: Path) -> None:
    program = tmp_path / "wrong.py"
    program.write_text(
        "import pulumi_woodpecker as woodpecker\n"
        "repo = woodpecker.Repository('app', full_name=42)\n"
        "woodpecker.RepositorySecret('s', repository_id='7', name='n', value='v', events=[woodpecker.WebhookEvent.PUSH])\n"
        "woodpecker.Agent('a', nmae='x')\n"
        "agents = woodpecker.get_agents()\n"
        "first: int = agents.agents[0].name\n"
        "woodpecker.Visibility.SECRET\n"
        "woodpecker.RepositorySecretArgs(name='n', value='v', events=[])\n"
    )
    run = mypy(str(program), cwd=tmp_path)
    assert run.returncode == 1, run.stdout
    out = run.stdout
    # resource constructors are overloaded (keyword inputs, or an Args object): a wrong type matches neither
    assert 'wrong.py:2: error: No overload variant of "Repository" matches argument types "str", "int"' in out
    assert 'wrong.py:3: error: No overload variant of "RepositorySecret" matches argument types "str", "str", "str", "str", "list[WebhookEvent]"' in out
    assert 'wrong.py:4: error: Unexpected keyword argument "nmae" for overloaded function "Agent"' in out
    assert 'wrong.py:6: error: Incompatible types in assignment (expression has type "str", variable has type "int")' in out
    assert 'wrong.py:7: error: "type[Visibility]" has no attribute "SECRET"' in out
    # required inputs are required by the Args classes (the keyword form checks them when it runs)
    assert 'wrong.py:8: error: Missing named argument "repository_id" for "RepositorySecretArgs"' in out


def test_the_readme_program_type_checks_strictly(tmp_path: Path) -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    blocks = readme.split("```python\n")[1:]
    assert blocks, "README.md has no ```python block"
    program = tmp_path / "readme_program.py"
    program.write_text(blocks[0].split("```")[0])
    run = mypy(str(program), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
