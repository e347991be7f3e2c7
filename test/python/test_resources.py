"""Every resource kind of the generated SDK under Pulumi's mocks: token, inputs, secrets, options, outputs."""

import importlib
from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc

import pulumi_woodpecker as woodpecker
from support import PREFIX, SCHEMA, RecordingMonitor, module_name, read, sample, snake, to_python

KINDS = sorted(SCHEMA["resources"])


def class_of(token: str) -> Any:
    return getattr(woodpecker, token[len(PREFIX):])


def all_inputs(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every input of the kind: as the program passes it (Python names) and as the plugin must get it."""
    props = SCHEMA["resources"][token]["inputProperties"]
    wire = {key: sample(prop, key) for key, prop in props.items()}
    return {snake(key): to_python(wire[key], props[key]) for key in props}, wire


def test_the_package_exports_a_class_per_kind_from_its_own_module() -> None:
    for token in KINDS:
        cls = class_of(token)
        assert cls.__module__ == f"pulumi_woodpecker.{module_name(token)}", token
        assert issubclass(cls, pulumi.CustomResource), token
    assert issubclass(woodpecker.Provider, pulumi.ProviderResource)


@pytest.mark.parametrize("token", KINDS)
@pulumi.runtime.test
def test_every_kind_registers_its_token_with_every_input(engine: RecordingMonitor, token: str) -> Any:
    kwargs, wire = all_inputs(token)
    spec = SCHEMA["resources"][token]
    res = class_of(token)("res", **kwargs)

    async def check() -> None:
        await res.urn.future()
        request = engine.requests["res"]
        assert request.type == token
        [args] = [r for r in engine.recorder.resources if r.name == "res"]
        secret_inputs = {key for key, prop in spec["inputProperties"].items() if prop.get("secret")}
        assert {key for key, value in args.inputs.items() if rpc.is_rpc_secret(value)} == secret_inputs
        assert {key: rpc.unwrap_rpc_secret(value) for key, value in args.inputs.items()} == wire
        # outputs the engine must store encrypted, and inputs whose change replaces the object
        secret_outputs = {key for key, prop in spec["properties"].items() if prop.get("secret")}
        assert secret_outputs <= set(request.additionalSecretOutputs), token
        replace = {key for key, prop in spec["inputProperties"].items() if prop.get("replaceOnChanges")}
        assert set(request.replaceOnChanges) == replace, token
        # every output property, by its Python name, with the value the plugin returned
        for key, prop in spec["properties"].items():
            output = getattr(res, snake(key))
            value = await output.future()
            expected = wire[key] if key in wire else sample(prop, key)
            assert read(value, prop) == expected, f"{token}.{snake(key)}"
            assert await output.is_secret() == bool(prop.get("secret")), f"{token}.{snake(key)} secret"
        assert await res.id.future() == "res-id"

    return check()


@pytest.mark.parametrize("token", [kind for kind in KINDS if SCHEMA["resources"][kind].get("requiredInputs")])
def test_a_missing_required_input_is_refused_by_name(engine: RecordingMonitor, token: str) -> None:
    kwargs, _ = all_inputs(token)
    for key in SCHEMA["resources"][token]["requiredInputs"]:
        without = {k: v for k, v in kwargs.items() if k != snake(key)}
        with pytest.raises(TypeError, match=f"Missing required property '{snake(key)}'"):
            class_of(token)(f"missing-{key}", **without)
    assert engine.requests == {}


def test_args_classes_take_the_same_inputs() -> None:
    kwargs, wire = all_inputs(f"{PREFIX}RepositorySecret")
    args = woodpecker.RepositorySecretArgs(**kwargs)
    assert args.name == wire["name"] and args.repository_id == wire["repositoryId"]
    with pytest.raises(TypeError):
        woodpecker.RepositorySecretArgs(name="x")  # type: ignore[call-arg]


@pulumi.runtime.test
def test_enums_and_nested_input_types_reach_the_plugin_as_schema_values(engine: RecordingMonitor) -> Any:
    repo = woodpecker.Repository(
        "typed",
        full_name="acme/api",
        visibility=woodpecker.Visibility.INTERNAL,
        require_approval=woodpecker.ApprovalMode.ALL_EVENTS,
        cancel_previous_pipeline_events=[woodpecker.WebhookEvent.PULL_REQUEST, "push"],
        trusted=woodpecker.RepositoryTrustedArgs(network=True, security=False),
    )

    async def check() -> None:
        await repo.urn.future()
        [args] = [r for r in engine.recorder.resources if r.name == "typed"]
        assert args.inputs["visibility"] == "internal"
        assert args.inputs["requireApproval"] == "all_events"
        assert args.inputs["cancelPreviousPipelineEvents"] == ["pull_request", "push"]
        # flags left out take the schema default (false), as the Args class fills them in
        assert args.inputs["trusted"] == {"network": True, "volumes": False, "security": False}

    return check()


@pulumi.runtime.test
def test_an_explicit_provider_keeps_its_token_secret_and_serves_its_resources(engine: RecordingMonitor) -> Any:
    staging = woodpecker.Provider("staging", server="https://ci.staging.example", token="pq-provider-token", retries=2)
    repo = woodpecker.Repository("on-staging", full_name="acme/api", opts=pulumi.ResourceOptions(provider=staging))

    async def check() -> None:
        await repo.urn.future()
        [provider] = [r for r in engine.recorder.resources if r.typ == "pulumi:providers:woodpecker"]
        assert provider.name == "staging"
        assert rpc.is_rpc_secret(provider.inputs["token"])
        assert rpc.unwrap_rpc_secret(provider.inputs["token"]) == "pq-provider-token"
        assert provider.inputs["server"] == "https://ci.staging.example"
        assert provider.inputs["retries"] == "2"  # provider config travels as strings
        assert engine.requests["on-staging"].provider.startswith(f"{await staging.urn.future()}::")

    return check()


@pulumi.runtime.test
def test_a_plain_secret_value_becomes_a_secret_output(engine: RecordingMonitor) -> Any:
    secret = woodpecker.RepositorySecret("plain", repository_id=7, name="deploy_token", value="pq-plain-canary", events=["push"])

    async def check() -> None:
        assert await secret.value.is_secret()
        assert await secret.value.future() == "pq-plain-canary"
        assert not await secret.name.is_secret()

    return check()


def test_config_reads_the_plugin_namespace_with_the_schema_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    config = importlib.import_module("pulumi_woodpecker.config")
    monkeypatch.setenv("WOODPECKER_SERVER", "https://ci.env.example")
    assert config.server == "https://ci.env.example"
    assert config.retries == 4
    assert config.max_concurrency == 8
    assert config.timeout_seconds == 30


@pulumi.runtime.test
def test_get_reads_an_existing_object_by_its_id(engine: RecordingMonitor) -> Any:
    # the ID format of the kind's reference page: <repositoryId>/<name>
    existing = woodpecker.RepositorySecret.get("existing", "7/deploy_token")

    async def check() -> None:
        assert await existing.id.future() == "7/deploy_token"
        [read] = [r for r in engine.recorder.resources if r.name == "existing"]
        assert (read.typ, read.resource_id) == (f"{PREFIX}RepositorySecret", "7/deploy_token")
        assert await existing.name.future() == "name-sample"

    return check()
