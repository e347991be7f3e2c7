"""Helpers of the Python tests: the package schema, Python names, sample values and a recording mock monitor."""

import json
import re
import threading
from pathlib import Path
from typing import Any

from pulumi.runtime import mocks, rpc

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA: dict[str, Any] = json.loads((REPO_ROOT / "schema.json").read_text())
TYPES: dict[str, Any] = SCHEMA["types"]
PREFIX = "woodpecker:index:"


def snake(name: str) -> str:
    """The Python name of a schema property: `repositoryId` -> `repository_id`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def module_name(token: str) -> str:
    """`woodpecker:index:RepositorySecret` -> `repository_secret`, `woodpecker:index:getOrgs` -> `get_orgs`."""
    return snake(token[len(PREFIX):])


def type_of(spec: dict[str, Any]) -> dict[str, Any] | None:
    ref = spec.get("$ref", "")
    return TYPES.get(ref.split("#/types/")[-1]) if ref.startswith("#/types/") else None


def sample(spec: dict[str, Any], name: str) -> Any:
    """A value of the property's schema type that differs from its default, on the wire (camelCase keys)."""
    if "oneOf" in spec:  # e.g. one event or a list of events: the list
        return sample(spec["oneOf"][-1], name)
    t = type_of(spec)
    if t is not None:
        if "enum" in t:
            return t["enum"][-1]["value"]
        return {key: sample(prop, key) for key, prop in t["properties"].items()}
    if spec.get("$ref") == "pulumi.json#/Any":
        return {"anything": name}
    kind = spec.get("type")
    if kind == "string":
        return f"{name}-sample"
    if kind == "integer":
        return 40 + len(name)
    if kind == "number":
        return 2.5
    if kind == "boolean":
        return not spec.get("default", False)
    if kind == "array":
        return [sample(spec["items"], name)]
    if kind == "object":
        return {"someKey": sample(spec["additionalProperties"], name)}
    raise AssertionError(f"no sample for property {name}: {spec}")


def to_python(value: Any, spec: dict[str, Any]) -> Any:
    """A wire sample as a program passes it: objects of schema types with Python (snake_case) keys."""
    if "oneOf" in spec:
        return to_python(value, spec["oneOf"][-1])
    t = type_of(spec)
    if t is not None and "properties" in t:
        return {snake(key): to_python(value[key], t["properties"][key]) for key in value}
    if spec.get("type") == "array":
        return [to_python(item, spec["items"]) for item in value]
    return value


def secret_paths(spec: dict[str, Any], name: str) -> list[str]:
    """Dotted paths of the secret fields within a property (`agents[].token`), the property itself included."""
    if spec.get("secret"):
        return [name]
    t = type_of(spec)
    if t is not None and "properties" in t:
        return [p for key, prop in t["properties"].items() for p in secret_paths(prop, f"{name}.{key}")]
    if spec.get("type") == "array":
        return secret_paths(spec["items"], f"{name}[]")
    return []


def mark_secrets(value: Any, spec: dict[str, Any]) -> Any:
    """A sample as the plugin returns it: the schema's secret fields, at any depth, as wire secrets."""
    if spec.get("secret"):
        return rpc.wrap_rpc_secret(value)
    t = type_of(spec)
    if t is not None and "properties" in t:
        return {key: mark_secrets(value[key], t["properties"][key]) for key in value}
    if spec.get("type") == "array":
        return [mark_secrets(item, spec["items"]) for item in value]
    return value


class Recorder(mocks.Mocks):
    """Stands in for the engine and the plugin: records registrations and invokes, answers with samples."""

    def __init__(self) -> None:
        self.resources: list[mocks.MockResourceArgs] = []
        self.calls: list[mocks.MockCallArgs] = []
        self.secret_outputs: list[str] = []

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources.append(args)
        if args.typ == "pulumi:providers:woodpecker":
            return "provider-id", dict(args.inputs)
        spec = SCHEMA["resources"][args.typ]
        state = {key: args.inputs.get(key, sample(prop, key)) for key, prop in spec["properties"].items()}
        # The engine stores the outputs the resource names in additionalSecretOutputs as secrets.
        for key in self.secret_outputs:
            if key in state and not rpc.is_rpc_secret(state[key]):
                state[key] = rpc.wrap_rpc_secret(state[key])
        return f"{args.name}-id", state

    def call(self, args: mocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.calls.append(args)
        outputs = SCHEMA["functions"][args.token]["outputs"]["properties"]
        return {key: mark_secrets(sample(prop, key), prop) for key, prop in outputs.items()}, []


class RecordingMonitor(mocks.MockMonitor):
    """The mock monitor, also keeping each RegisterResource request (resource options on the wire)."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__(recorder)
        self.recorder = recorder
        self.requests: dict[str, Any] = {}
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (the gRPC method's name)
        with self._lock:  # one at a time: the recorder reads this request's secret outputs
            self.requests[request.name] = request
            self.recorder.secret_outputs = list(request.additionalSecretOutputs)
            return super().RegisterResource(request)


def read(value: Any, spec: dict[str, Any]) -> Any:
    """An output value read back through the SDK's typed getters (snake_case attributes), as wire data."""
    if "oneOf" in spec:
        return read(value, spec["oneOf"][-1])
    t = type_of(spec)
    if t is not None and "properties" in t:
        assert not isinstance(value, (str, int, float, bool, list)), f"expected an object, got {value!r}"
        return {key: read(getattr(value, snake(key)), prop) for key, prop in t["properties"].items()}
    if spec.get("type") == "array":
        return [read(item, spec["items"]) for item in value]
    if spec.get("type") == "object":
        items = spec.get("additionalProperties")
        return {key: read(item, items) if items else item for key, item in value.items()}
    return value
