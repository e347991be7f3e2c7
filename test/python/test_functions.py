"""Every function of the generated SDK under Pulumi's mocks: invoke token, arguments, typed results, secrets."""

from typing import Any

import pulumi
import pytest

import pulumi_woodpecker as woodpecker
from support import SCHEMA, RecordingMonitor, module_name, read, sample, secret_paths, snake, to_python

FUNCTIONS = sorted(SCHEMA["functions"])


def arguments(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every argument of the function: by Python name, and as the plugin must get it."""
    props = (SCHEMA["functions"][token].get("inputs") or {}).get("properties", {})
    wire = {key: sample(prop, key) for key, prop in props.items()}
    return {snake(key): to_python(wire[key], props[key]) for key in props}, wire


def expected_result(token: str) -> dict[str, Any]:
    outputs = SCHEMA["functions"][token]["outputs"]["properties"]
    return {key: sample(prop, key) for key, prop in outputs.items()}


def test_the_package_exports_a_plain_and_an_output_form_of_every_function() -> None:
    for token in FUNCTIONS:
        name = module_name(token)
        assert callable(getattr(woodpecker, name)), token
        assert callable(getattr(woodpecker, f"{name}_output")), token
        assert getattr(woodpecker, name).__module__ == f"pulumi_woodpecker.{name}"


@pytest.mark.parametrize("token", FUNCTIONS)
@pulumi.runtime.test
def test_every_function_invokes_its_token_and_returns_typed_results(engine: RecordingMonitor, token: str) -> Any:
    kwargs, wire = arguments(token)
    result = getattr(woodpecker, module_name(token))(**kwargs)
    [call] = engine.recorder.calls
    assert call.token == token
    assert call.args == wire
    expected = expected_result(token)
    outputs = SCHEMA["functions"][token]["outputs"]["properties"]
    # every output by its Python name; nested objects are the SDK's output classes
    for key in expected:
        assert read(getattr(result, snake(key)), outputs[key]) == expected[key], f"{token}: {snake(key)}"
    return None


@pytest.mark.parametrize("token", FUNCTIONS)
@pulumi.runtime.test
def test_the_output_form_keeps_secret_fields_secret(engine: RecordingMonitor, token: str) -> Any:
    kwargs, wire = arguments(token)
    # arguments may be Outputs in this form
    outputs = getattr(woodpecker, f"{module_name(token)}_output")(**{k: pulumi.Output.from_input(v) for k, v in kwargs.items()})
    spec = SCHEMA["functions"][token]["outputs"]["properties"]
    secret = {key for key, prop in spec.items() if secret_paths(prop, key)}

    async def check() -> None:
        expected = expected_result(token)
        for key in expected:
            field = getattr(outputs, snake(key))
            assert read(await field.future(), spec[key]) == expected[key], f"{token}: {snake(key)}"
            # the plugin sends secret fields (e.g. an agent's token) as secrets: whatever holds one is secret
            # (the result then is one secret Output, so its other fields are secret too)
            assert await field.is_secret() == bool(secret), f"{token}: {snake(key)} secret"
        [call] = engine.recorder.calls
        assert (call.token, call.args) == (token, wire)

    return check()


def test_the_schema_has_secret_fields_in_function_results() -> None:
    # the secret check above must have something to find
    paths = [p for f in FUNCTIONS for key, prop in SCHEMA["functions"][f]["outputs"]["properties"].items() for p in secret_paths(prop, key)]
    assert "agents[].token" in paths
    assert any(p.startswith("forges[]") for p in paths)


@pulumi.runtime.test
def test_arguments_left_out_are_not_sent(engine: RecordingMonitor) -> Any:
    user = woodpecker.get_user(login="alice")
    assert engine.recorder.calls[-1].args == {"login": "alice"}
    assert user.login == "login-sample"
    return None
