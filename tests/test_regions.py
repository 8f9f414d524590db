"""Issue 15, point 2: a component may live in another Region than its environment's (`region:`). Its resources go
to a stack of their own deployed there; values naming another component's Region (ARNs built from names, KMS
service conditions, integration URIs) name that Region; the pipeline deploys the stack there with the home stacks'
outputs; connections that work only within one Region, and alarms on another Region's metrics, are located model
errors. Deployed across two Regions by test_deploy_moto (tests/models/multi-region)."""
from __future__ import annotations

import json

import pytest
import yaml

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.model.regions import regions_of
from archkit.renderers.cloudformation.assemble import build, template
from archkit.renderers.cloudformation.snapshot import templates_payload

BASE = """
system: {name: Ledger}
environments:
  test: {account: "111111111111", region: eu-west-1, home: true}
  prod: {account: "111111111111", region: eu-west-2, production: true}
components:
  table: {type: dynamodb-table, partition_key: {name: id}, encryption: CUSTOMER_MANAGED}
  settings: {type: ssm-parameter, value: a=1}
  reader: {type: lambda, runtime: python3.12, region: eu-central-1}
  writer: {type: lambda, runtime: python3.12}
  archive: {type: s3-bucket, region: eu-central-1}
connections:
  - {from: reader, to: table, protocol: AWS SDK, permissions: ["dynamodb:GetItem"]}
  - {from: reader, to: settings, protocol: AWS SDK, permissions: ["ssm:GetParameter"]}
  - {from: writer, to: archive, protocol: AWS SDK, permissions: ["s3:PutObject"]}
  - {from: writer, to: settings, protocol: AWS SDK, permissions: ["ssm:GetParameter"]}
"""


def built(write_model, text=BASE):
    payload = templates_payload(load_model(write_model({"model.yaml": text})))
    return build(payload)


def stack_of(result, lid):
    return next(stack for stack in result.stacks.values() if lid in stack.resources)


def statements(result, role_lid):
    return stack_of(result, role_lid).resources[role_lid].properties["Policies"][0]["PolicyDocument"]["Statement"]


def test_a_component_in_another_region_goes_to_a_stack_deployed_there(write_model):
    result = built(write_model)
    reader, archive, writer = stack_of(result, "ReaderFunction"), stack_of(result, "ArchiveBucket"), \
        stack_of(result, "WriterFunction")
    assert (reader.name, reader.region) == ("app-eu-central-1", "eu-central-1")
    assert (archive.name, archive.region) == ("data-eu-central-1", "eu-central-1")
    assert writer.region == "" and stack_of(result, "ReaderRole") is reader  # its role goes with it
    assert "deploy in eu-central-1" in template(result.context, reader)["Description"]


def test_values_naming_a_region_name_the_region_of_the_component_they_describe(write_model):
    result = built(write_model)
    reader = statements(result, "ReaderRole")
    ssm = next(s for s in reader if s["Action"] == ["ssm:GetParameter"])["Resource"][0]
    assert "ssm:${EnvironmentRegion}:" in ssm.template  # the parameter lives in the environment's Region
    kms = next(s for s in reader if "Condition" in s)
    assert kms["Condition"]["StringEquals"]["kms:ViaService"].template == "dynamodb.${EnvironmentRegion}.amazonaws.com"
    stack = stack_of(result, "ReaderRole")
    assert stack.parameters["EnvironmentRegion"]["values"] == {"test": "eu-west-1", "prod": "eu-west-2"}
    writer = statements(result, "WriterRole")
    ssm_home = next(s for s in writer if s["Action"] == ["ssm:GetParameter"])["Resource"][0]
    assert "ssm:${AWS::Region}:" in ssm_home.template  # one Region: the pseudo parameter, as before
    assert "EnvironmentRegion" not in stack_of(result, "WriterRole").parameters


def test_a_value_from_a_stack_in_another_region_is_a_parameter_the_pipeline_sets(write_model):
    result = built(write_model)
    writer_stack = stack_of(result, "WriterRole")
    bucket = next(s for s in statements(result, "WriterRole") if s["Action"] == ["s3:PutObject"])["Resource"]
    assert json.dumps(bucket, default=repr).count("ArchiveBucket") >= 1
    [(param, (source, _))] = [(p, s) for p, s in writer_stack.cross_region.items() if "Archive" in p]
    assert source == "data-eu-central-1"
    assert writer_stack.parameters[param]["values"]["prod"].endswith("ledger-prod-data-eu-central-1 in eu-central-1")
    reader_stack = stack_of(result, "ReaderRole")
    table_param = next(p for p in reader_stack.cross_region if p.startswith("TableTable"))
    assert reader_stack.parameters[table_param]["values"]["prod"].endswith("in eu-west-2")  # the environment's
    assert result.order.index("data") < result.order.index("app-eu-central-1")


def test_regions_of_lists_where_a_component_runs(write_model):
    model = load_model(write_model({"model.yaml": BASE}))
    assert regions_of(model, "reader") == {"eu-central-1"}
    assert regions_of(model, "writer") == {"eu-west-1", "eu-west-2"}


@pytest.mark.parametrize("component, message", [
    ("repo: {type: gitlab-repo, url: https://gitlab.com/a/b, region: eu-central-1}", "runs outside AWS"),
    ("cdn: {type: cloudfront, origins: [{name: a, target: archive}], region: eu-central-1}", "global service"),
    ("zone: {type: route53-zone, domain: example.com, region: us-east-1}", "global service"),
])
def test_region_on_what_has_none_is_a_located_error(write_model, component, message):
    text = BASE.replace("components:\n", "components:\n  " + component + "\n", 1)
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": text}))
    problem = next(p for p in error.value.problems if message in p.message)
    assert problem.path.endswith("region") and problem.location.line > 0 and problem.fix == "remove `region`"


def with_added(components: str, connections: str = "") -> str:
    """BASE with more components (in the environment's Region) and connections."""
    return BASE.replace("components:\n", "components:\n" + components, 1) + connections


@pytest.mark.parametrize("components, connections, words", [
    ("  queue: {type: sqs-queue}\n", "  - {from: queue, to: reader, protocol: SQS, async: true}\n",
     "Lambda polls queues of its own Region only"),
    ("  topic: {type: sns-topic}\n", "  - {from: topic, to: reader, protocol: SNS, async: true}\n",
     "the subscription and the endpoint's permission"),
    ("  errors: {type: metric, namespace: AWS/Lambda, metric_name: Errors, source: reader}\n"
     "  alarm: {type: alarm, metric: errors, threshold: 1}\n", "", "CloudWatch keeps a service's metrics in its Region"),
    ("  errors: {type: metric, namespace: AWS/Lambda, metric_name: Errors, source: reader, region: eu-central-1}\n"
     "  alarm: {type: alarm, metric: errors, threshold: 1}\n", "", "CloudWatch alarms watch metrics of their own Region"),
])
def test_what_works_only_within_one_region_is_a_located_error_across_two(write_model, components, connections, words):
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": with_added(components, connections)}))
    [problem] = [p for p in error.value.problems if words in p.message]
    assert "eu-central-1" in problem.message and "eu-west-2" in problem.message  # names the first environment's
    assert problem.location.line > 0 and ("`region:`" in problem.fix or "the Region of 'reader'" in problem.fix
                                          or "the Region of 'errors'" in problem.fix)


def test_the_same_connection_within_one_region_is_fine(write_model):
    result = built(write_model, with_added("  queue: {type: sqs-queue, region: eu-central-1}\n",
                                           "  - {from: queue, to: reader, protocol: SQS, async: true}\n"))
    assert stack_of(result, "QueueQueue").region == "eu-central-1"
    mapping = next(r for s in result.stacks.values() for r in s.resources.values()
                   if r.type == "AWS::Lambda::EventSourceMapping")
    assert stack_of(result, mapping.logical_id).region == "eu-central-1"


PIPELINE = (BASE + """  - {from: pipeline, to: stack, protocol: AWS API, permissions: ["cloudformation:UpdateStack"]}
pipelines:
  release:
    name: Release
    trigger: manual
    source: repo
    runs_on: pipeline
    stages:
      - {name: Source, actions: [{name: checkout, kind: source, uses: repo}]}
      - {name: Deploy, environment: test, actions: [{name: deploy, kind: deploy, uses: stack, target: stack}]}
""").replace("components:\n", "components:\n  pipeline: {type: codepipeline, artifact_bucket: artifacts}\n  artifacts: {type: s3-bucket, purpose: artifacts}\n  stack: {type: cloudformation-stack, "
            "template: stack.yaml}\n  repo: {type: gitlab-repo, url: https://gitlab.com/a/b}\n", 1)


def test_the_pipeline_deploys_the_other_region_with_the_home_stacks_outputs(write_model):
    result = built(write_model, PIPELINE)
    pipeline = stack_of(result, "PipelinePipeline").resources["PipelinePipeline"].properties
    actions = {a["Name"]: a for stage in pipeline["Stages"] for a in stage["Actions"]}
    reader = actions["Deploy-app-eu-central-1"]
    variables = json.loads(reader["Configuration"]["EnvironmentVariables"])
    taken = {v["name"]: v["value"] for v in variables}
    param = next(p for p in stack_of(result, "ReaderRole").cross_region if p.startswith("TableTable"))
    assert taken[param] == "#{DataTest." + param + "}" and actions["Deploy-data"]["Namespace"] == "DataTest"
    assert actions["Deploy-data"]["RunOrder"] < reader["RunOrder"]
    project = next(r for s in result.stacks.values() for r in s.resources.values()
                   if r.type == "AWS::CodeBuild::Project" and "app-eu-central-1" in r.properties["Description"])
    spec = yaml.safe_load(project.properties["Source"]["BuildSpec"])
    commands = " ".join(spec["phases"]["build"]["commands"])
    assert f"del(.{param})" in commands and f"{param}=${param}" in commands


def test_a_pipeline_without_a_build_deploys_the_templates_from_the_source(write_model):
    result = built(write_model, PIPELINE)
    pipeline = stack_of(result, "PipelinePipeline").resources["PipelinePipeline"].properties
    deploys = [a for stage in pipeline["Stages"] for a in stage["Actions"] if a["Name"].startswith("Deploy-")]
    assert deploys and all(a["InputArtifacts"] == [{"Name": "SourceOutput"}] for a in deploys)
    assert all(a["Configuration"]["TemplatePath"].startswith("SourceOutput::cloudformation/") for a in deploys
               if "TemplatePath" in a["Configuration"])



def test_the_overview_draws_the_second_region_as_a_box_of_its_own(write_model):
    from archkit.views.infrastructure import infrastructure_view
    text = BASE.replace("environments:\n  test: {account: \"111111111111\", region: eu-west-1, home: true}\n"
                        "  prod: {account: \"111111111111\", region: eu-west-2, production: true}",
                        "environments:\n  test: {account: \"111111111111\", region: eu-west-1}")
    view = infrastructure_view(load_model(write_model({"model.yaml": text})))
    clusters = {c.id: c for c in view.clusters}
    parent = {n.id: n.cluster for n in view.nodes}

    def region_box(node_id):
        box = parent[node_id]
        while clusters[box].parent:
            box = clusters[box].parent
        return box
    assert region_box("reader") == region_box("archive") == "zone-region-eu-central-1"
    assert region_box("writer") == region_box("table") == "zone-region"
    assert clusters["zone-region-eu-central-1"].label.startswith("AWS Region eu-central-1")
    assert clusters["zone-region"].label.startswith("AWS Region eu-west-1")
    assert parent["reader"] != parent["writer"]  # each Region has its own compute box


def test_a_flow_draws_each_region_it_passes(write_model):
    from archkit.views.flows import flow_view
    text = BASE + ("flows:\n  read:\n    name: Read\n    steps:\n"
                   "      - {from: writer, to: archive, action: archive}\n      - {from: reader, to: table, action: read}\n")
    model = load_model(write_model({"model.yaml": text}))
    view = flow_view(model, model.flows["read"])
    parent = {n.id: n.cluster for n in view.nodes}
    assert parent["archive"] == parent["reader"] == "zone-region-eu-central-1"
    assert parent["writer"] == parent["table"] == "zone-region"
    labels = {c.id: c.label for c in view.clusters}
    assert labels["zone-region-eu-central-1"] == "AWS Region eu-central-1"


def test_lambda_at_edge_functions_are_drawn_with_the_global_services(write_model):
    from archkit.layout.zones import global_label, zone_of
    text = BASE.replace("components:\n", "components:\n  site: {type: s3-bucket, purpose: static-site}\n"
                        "  cdn: {type: cloudfront, origins: [{name: s, target: site, edge_functions: "
                        "[{event: origin-request, function: gate}]}]}\n"
                        "  gate: {type: lambda, runtime: nodejs22.x, architecture: x86_64, tracing: PassThrough}\n", 1)
    model = load_model(write_model({"model.yaml": text}))
    assert zone_of(model, "gate") == "global" and zone_of(model, "writer") == "region"
    assert global_label(model) == "AWS global services (us-east-1)"


def test_the_regions_diagram_shows_each_region_its_placed_components_and_the_replicas(write_model):
    from archkit.views.catalogue_view import all_views
    from archkit.views.regions import regions_view
    text = BASE.replace("  table: {type: dynamodb-table, partition_key: {name: id}, encryption: CUSTOMER_MANAGED}",
                        "  table: {type: dynamodb-table, partition_key: {name: id}, overrides: {prod: {replicas: "
                        "[us-east-1]}}}")
    model = load_model(write_model({"model.yaml": text}))
    view = regions_view(model)
    box = {n.id: n.cluster for n in view.nodes}
    assert box["reader"] == box["archive"] == "zone-region-eu-central-1"
    assert box["writer"] == box["table"] == "zone-region"  # they connect to what runs in eu-central-1
    assert box["table@us-east-1"] == "zone-region-us-east-1"
    replication = next(e for e in view.edges if e.target == "table@us-east-1")
    assert replication.source == "table" and replication.label == "replicates (prod)"
    assert "regions" in [v.name for v in all_views(model)]


def test_a_system_in_one_region_has_no_regions_diagram(write_model):
    from archkit.views.catalogue_view import all_views
    one = "\n".join(line for line in BASE.splitlines() if "region: eu-central-1" not in line
                    and "archive" not in line and "reader" not in line) + "\n"
    assert "regions" not in [v.name for v in all_views(load_model(write_model({"model.yaml": one})))]
