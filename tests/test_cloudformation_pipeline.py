"""The generated CodePipeline deploys every stack of the system per environment, in the deploy order, the pinned
us-east-1 stack through CodeBuild whose outputs feed the stacks that need them; parameter files leave nothing unset."""
from __future__ import annotations

import json

import yaml

from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL
from test_cloudformation import EVENT_DRIVEN


def pipeline_of(payload):
    result = build(payload)
    (stack,) = [s for s in result.stacks.values() if any(r.type == "AWS::CodePipeline::Pipeline"
                                                        for r in s.resources.values())]
    pipeline = next(r for r in stack.resources.values() if r.type == "AWS::CodePipeline::Pipeline")
    return result, stack, pipeline.properties["Stages"]


def variables_of(configuration: dict) -> list[dict]:
    """A CodeBuild action's variables (a !Sub when they name another account's roles)."""
    value = configuration["EnvironmentVariables"]
    return json.loads(value if isinstance(value, str) else value.template)


def test_every_stack_is_deployed_per_environment_in_deploy_order_with_approval_before_production():
    payload = templates_payload(load_model(MODEL))
    result, own, stages = pipeline_of(payload)
    deploy_stages = [s for s in stages if any(a["Name"].startswith("Deploy-") for a in s["Actions"])]
    environments = [variables_of(a["Configuration"])[0]["value"]
                    if "EnvironmentVariables" in a["Configuration"] else a["Configuration"]["StackName"].split("-")[1]
                    for s in deploy_stages for a in s["Actions"][:1]]
    assert environments == ["dev", "prod"]
    production = [e for e, spec in payload["environments"].items() if spec["production"]]
    names = [s["Name"] for s in stages]
    assert any(a["ActionTypeId"]["Provider"] == "Manual" for s in stages[:names.index(deploy_stages[-1]["Name"])]
               for a in s["Actions"]) and environments[-1] in production
    everywhere = sorted(payload["environments"])
    expected = [n for n in result.order if result.stacks[n].environments == everywhere]
    assert own.name not in expected and len(expected) >= 6
    for stage in deploy_stages:
        run_order = {a["Name"].removeprefix("Deploy-"): a["RunOrder"] for a in stage["Actions"]}
        assert sorted(run_order) == sorted(expected)
        for name in expected:
            for source in result.stacks[name].imports - {name}:
                assert run_order[source] < run_order[name], (name, source)


def test_pinned_stack_is_deployed_by_codebuild_and_its_outputs_reach_the_stacks_that_need_them():
    payload = templates_payload(load_model(MODEL))
    result, own, stages = pipeline_of(payload)
    pinned = [n for n in result.order if result.stacks[n].region]
    assert pinned == ["global"]
    for stage in (s for s in stages if any(a["Name"] == "Deploy-global" for a in s["Actions"])):
        actions = {a["Name"]: a for a in stage["Actions"]}
        global_action = actions["Deploy-global"]
        assert global_action["ActionTypeId"]["Provider"] == "CodeBuild"
        variables = variables_of(global_action["Configuration"])
        assert {"name": "STACK_REGION", "value": "us-east-1", "type": "PLAINTEXT"} in variables
        project = own.resources[global_action["Configuration"]["ProjectName"].name]
        spec = yaml.safe_load(project.properties["Source"]["BuildSpec"])
        exported = spec["env"]["exported-variables"]
        for name in (n for n in result.order if result.stacks[n].cross_region):
            overrides = json.loads(actions[f"Deploy-{name}"]["Configuration"]["ParameterOverrides"])
            assert set(overrides) == set(result.stacks[name].cross_region)
            for parameter, value in overrides.items():
                output = result.stacks[name].cross_region[parameter][1]
                assert value == "#{" + global_action["Namespace"] + "." + output + "}" and output in exported
        assert all(f"export {o}=" in " ".join(spec["phases"]["build"]["commands"]) for o in exported)


def test_parameter_files_give_every_parameter_without_default_a_value():
    for model_path in (MODEL, EVENT_DRIVEN):
        payload = templates_payload(load_model(model_path))
        files = render_templates(payload)
        stacks = build(payload).stacks
        for path, data in files.items():
            if path.count("/") != 1 or not path.endswith(".yaml"):
                continue
            name = path.split("/")[1][:-5]
            required = {p for p, spec in load(data).get("Parameters", {}).items() if "Default" not in spec}
            written = {env for env in payload["environments"] if f"cloudformation/parameters/{env}/{name}.json" in files}
            assert written == set(stacks[name].environments) != set()
            for env in stacks[name].environments:
                values = json.loads(files[f"cloudformation/parameters/{env}/{name}.json"])["Parameters"]
                assert required <= set(values), (model_path.name, env, name, required - set(values))
