"""Every Python example of the reference pages (docs/resources, docs/functions, docs/_index.md) run under
Pulumi's mocks against sdk/python: it registers the resources and invokes the functions the page's
Pulumi YAML example declares, with at least the YAML's properties, its config secrets as secrets."""

import re
from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc

from support import REPO_ROOT, RecordingMonitor

PAGES = sorted([*(REPO_ROOT / "docs").glob("*/*.md"), REPO_ROOT / "docs" / "_index.md"])
FENCE = re.compile(r"```(python|yaml)\n(.*?)```", re.S)


def blocks(page: Any) -> dict[str, str]:
    return {lang: code for lang, code in FENCE.findall(page.read_text())}


EXAMPLES = {page.stem: blocks(page) for page in PAGES if "python" in blocks(page)}


def yaml_declarations(code: str) -> list[tuple[str, set[str]]]:
    """What the YAML example declares: (type token, property names) per resource, ("invoke <token>", {}) per call."""
    out: list[tuple[str, set[str]]] = []
    section, in_properties = "", False
    for line in code.splitlines():
        if m := re.match(r"^(\w+):", line):
            section = m[1]
        elif section == "resources" and line.startswith("    type: "):
            out.append((line.removeprefix("    type: "), set()))
        elif section == "resources" and re.match(r"^    \w+:", line):
            in_properties = line == "    properties:"
        elif section == "resources" and in_properties and (m := re.match(r"^      ([A-Za-z]\w*):", line)):
            out[-1][1].add(m[1])
        elif section == "variables" and (m := re.match(r"^      function: (\S+)$", line)):
            out.append((f"invoke {m[1]}", set()))
    return sorted(out, key=lambda d: d[0])


def test_every_page_has_a_python_example() -> None:
    assert len(EXAMPLES) >= 33, sorted(EXAMPLES)


@pytest.mark.parametrize("page", sorted(EXAMPLES))
def test_the_python_example_runs_under_mocks(engine: RecordingMonitor, page: str) -> None:
    code = EXAMPLES[page]["python"]
    secrets = re.findall(r'config\.require_secret\("(\w+)"\)', code)
    for key in secrets:
        pulumi.runtime.set_config(f"project:{key}", f"secret-{key}")

    @pulumi.runtime.test
    def run() -> None:
        exec(compile(code, f"docs/{page}.py", "exec"), {"__name__": "__main__"})

    run()
    recorder = engine.recorder
    seen = sorted(
        [(args.typ, {key for key, value in args.inputs.items() if value is not None}) for args in recorder.resources if args.typ != "pulumi:pulumi:Stack"]
        + [(f"invoke {args.token}", set()) for args in recorder.calls],
        key=lambda d: d[0],
    )
    want = yaml_declarations(EXAMPLES[page]["yaml"])
    assert [token for token, _ in seen] == [token for token, _ in want]
    for (token, given), (_, declared) in zip(seen, want):
        assert declared <= given, f"{token}: YAML gives {sorted(declared)}, Python {sorted(given)}"
    # each config secret arrives at the engine as a secret
    secret_inputs = [value for args in recorder.resources for value in args.inputs.values() if rpc.is_rpc_secret(value)]
    wrapped = repr(secret_inputs)
    for key in secrets:
        assert f"secret-{key}" in wrapped, f"{key} did not reach a resource as a secret"
