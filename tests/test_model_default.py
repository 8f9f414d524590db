"""The default model loads, and covers the whole system the seed describes."""
from archkit.model import load_model
from conftest import MODEL, ROOT, run_generate


def test_default_model_loads_with_every_part():
    model = load_model(MODEL)
    types = {c.type.name for c in model.components.values()}
    assert {"route53-zone", "acm-certificate", "cloudfront", "waf-web-acl", "api-gateway-rest", "lambda",
            "dynamodb-table", "cognito-user-pool", "s3-bucket", "codepipeline", "codebuild-project",
            "cloudformation-stack", "gitlab-repo", "gitlab-runner", "log-group", "metric", "alarm", "dashboard",
            "xray", "sns-topic"} <= types
    assert {"dev", "prod"} <= set(model.environments)
    assert {a.kind for a in model.actors.values()} >= {"end-user", "browser", "developer", "operator"}
    assert {f.kind for f in model.flows.values()} >= {"request", "auth"}
    assert len(model.pipelines) >= 3


def test_defaults_and_overrides_apply():
    model = load_model(MODEL)
    function = model.by_type("lambda")[0]
    assert function.props()["architecture"] == "arm64"  # catalogue default filled in
    overridden = [c for c in model.components.values() if c.overrides]
    assert overridden, "the default model shows per-environment overrides"
    component = overridden[0]
    env, values = next(iter(component.overrides.items()))
    for key, value in values.items():
        assert component.props(env)[key] == value
        assert component.props()[key] != value or key not in component.properties


def test_stages_throttling_and_public_routes_modelled():
    api = load_model(MODEL).by_type("api-gateway-rest")[0]
    stages = api.props()["stages"]
    assert {s["environment"] for s in stages.values()} >= {"dev", "prod"}
    assert all("throttling_rate" in s and "throttling_burst" in s for s in stages.values())
    assert any(r.get("public") for r in api.props()["routes"])


def test_generate_validate_exits_zero():
    result = run_generate("--validate")
    assert result.returncode == 0, result.stderr
    assert "model OK" in result.stdout


def test_help_lists_every_option():
    result = run_generate("--help")
    assert result.returncode == 0
    for option in ("--model", "--validate", "--check", "--no-cache", "--quiet"):
        assert option in result.stdout


def test_bad_usage_exits_two():
    assert run_generate("--no-such-option").returncode == 2


def test_second_system_loads():
    model = load_model(ROOT / "tests" / "models" / "event-driven")
    assert {"eventbridge-bus", "step-functions", "sqs-queue"} <= {c.type.name for c in model.components.values()}
    assert model.flows["place-order"].steps[0].number == 1
