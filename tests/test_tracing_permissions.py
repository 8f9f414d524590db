"""Tracing on means the role may write traces (issue 14 point 7): the templates grant X-Ray's write-only managed
policy to every traced function and state machine, once, and not to an untraced one."""
from __future__ import annotations

import yaml

from archkit.model import load_model
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load

WRITE_ONLY = "arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"


def roles(tmp_path, components: dict, connections=()) -> dict:
    doc = {"system": {"name": "Traces"}, "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"}},
           "components": components, "connections": list(connections)}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    files = render_templates(templates_payload(load_model(tmp_path)))
    resources = {lid: r for path, text in files.items() if path.endswith(".yaml") and path.count("/") == 1
                 for lid, r in load(text)["Resources"].items()}
    return {lid: r["Properties"].get("ManagedPolicyArns", []) for lid, r in resources.items()
            if r["Type"] == "AWS::IAM::Role"}


def test_traced_roles_get_the_write_only_policy_and_untraced_ones_do_not(tmp_path):
    found = roles(tmp_path, {"traced-fn": {"type": "lambda", "runtime": "python3.12"},
                             "quiet-fn": {"type": "lambda", "runtime": "python3.12", "tracing": "PassThrough"},
                             "flow": {"type": "step-functions"},
                             "quiet-flow": {"type": "step-functions", "tracing": False}})
    assert found["TracedFnRole"] == [{"Fn::Sub": WRITE_ONLY}]
    assert found["FlowRole"] == [{"Fn::Sub": WRITE_ONLY}]
    assert found["QuietFnRole"] == [] and found["QuietFlowRole"] == []


def test_a_modelled_connection_to_xray_does_not_grant_it_twice(tmp_path):
    found = roles(tmp_path, {"fn": {"type": "lambda", "runtime": "python3.12"}, "traces": {"type": "xray"}},
                  [{"from": "fn", "to": "traces", "protocol": "X-Ray", "permissions": ["xray:PutTraceSegments"]}])
    assert found["FnRole"] == [{"Fn::Sub": WRITE_ONLY}]


def test_a_function_granted_actions_on_an_alarm_dashboard_or_zone_gets_their_arns(tmp_path):
    """Every type a connection can grant on names its ARN (an alarm, a dashboard and a zone had none: traceback)."""
    doc = {"system": {"name": "Grants"}, "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"}},
           "components": {"fn": {"type": "lambda", "runtime": "python3.12"},
                          "m": {"type": "metric", "namespace": "AWS/Lambda", "metric_name": "Errors", "source": "fn"},
                          "al": {"type": "alarm", "metric": "m", "threshold": 1},
                          "board": {"type": "dashboard", "widgets": ["m"]},
                          "zone": {"type": "route53-zone", "domain": "example.org"}},
           "connections": [{"from": "fn", "to": target, "protocol": "AWS SDK", "permissions": [action]}
                           for target, action in (("al", "cloudwatch:DescribeAlarms"),
                                                  ("board", "cloudwatch:GetDashboard"),
                                                  ("zone", "route53:ChangeResourceRecordSets"))]}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    files = render_templates(templates_payload(load_model(tmp_path)))
    role = load(files["cloudformation/app.yaml"])["Resources"]["FnRole"]
    text = repr(role["Properties"]["Policies"])
    assert ":alarm:${SystemName}-${Environment}-al" in text  # by name: the alarm watches the function itself
    assert ":dashboard/${SystemName}-${Environment}-board" in text and "hostedzone/${Zone}" in text
