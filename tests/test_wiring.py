"""Issue 14, point 1: every connection between components is realised by resources its kind (catalogue
connections.yaml) names, one index says which, and a connection the catalogue cannot realise is a located model
error. Checked on every model under tests/models/ and the default model, and in detail on tests/models/wired,
which uses every kind of connection between components except the delivery kinds (the default model has those)
and the kinds of the types issue 15 added (tests/models/services has those)."""
from __future__ import annotations

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.model.connections import load_kinds, wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from conftest import MODEL, ROOT

MODELS = {"default": MODEL, **{p.name: p for p in sorted((ROOT / "tests" / "models").iterdir()) if p.is_dir()}}
WIRED = ROOT / "tests" / "models" / "wired"
DELIVERY = {"pipeline-source", "gitlab-ci", "pipeline-action", "certificate"}
SERVICES = ROOT / "tests" / "models" / "services"
SERVICE_KINDS = {"rotation", "stream-event-source-mapping", "schedule-target", "http-api-invoke",
                 "http-api-authorizer", "firehose-delivery", "firehose-source",
                 "firehose-reads", "layer", "identity-provider", "viewer-function", "edge-function",
                 "websocket-invoke", "appsync-resolver", "appsync-authorizer"}


def built(path):
    return build(templates_payload(load_model(path)))


def resources(result) -> dict:
    return {lid: r for stack in result.stacks.values() for lid, r in stack.resources.items()}


@pytest.mark.parametrize("name", MODELS)
def test_every_connection_is_realised_by_resources_of_the_types_its_kind_names(name):
    model = load_model(MODELS[name])
    result = build(templates_payload(model))
    placed = resources(result)
    for wire in wires(model):
        entry = result.context.realised[wire.id]
        found = [lid for lid in entry["lids"] if lid in placed]
        assert found or entry["manual"], (name, wire.id, "realised by nothing")
        if found:
            assert {placed[lid].type for lid in found} & set(wire.kind.resources), (name, wire.id, wire.kind.name)


def test_the_wired_model_uses_every_kind_but_the_delivery_ones():
    used = {w.kind.name for w in wires(load_model(WIRED))}
    realisable = {k.name for k in load_kinds() if not k.refuse}
    assert realisable - used == DELIVERY | SERVICE_KINDS
    assert DELIVERY <= {w.kind.name for w in wires(load_model(MODEL))}
    assert SERVICE_KINDS <= {w.kind.name for w in wires(load_model(SERVICES))}


@pytest.fixture(scope="module")
def wired():
    return resources(built(WIRED))


def points_at(value, lid: str) -> bool:
    """A Ref or GetAtt of `lid`, or the import of its output from another stack."""
    if isinstance(value, dict) and "Fn::ImportValue" in value:
        return value["Fn::ImportValue"].template.split("${Environment}-")[1].startswith(lid)
    return getattr(value, "name", getattr(value, "resource", None)) == lid


def of_type(placed, kind):
    return {lid: r.properties for lid, r in placed.items() if r.type == kind}


def test_s3_upload_reaches_the_function_through_eventbridge_with_a_permission_for_that_rule(wired):
    assert wired["UploadsBucket"].properties["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    rule = wired["UploadsToIngestFnRule"].properties
    assert points_at(rule["EventPattern"]["detail"]["bucket"]["name"][0], "UploadsBucket")
    assert points_at(rule["Targets"][0]["Arn"], "IngestFnAlias")
    permission = wired["UploadsInvokeIngestFn"].properties
    assert permission["Principal"] == "events.amazonaws.com"
    assert points_at(permission["SourceArn"], "UploadsToIngestFnRule")
    assert permission["SourceAccount"].name == "AWS::AccountId"
    assert points_at(permission["FunctionName"], "IngestFnAlias")


def test_topic_to_queue_has_a_subscription_and_the_queue_policy_admits_only_that_topic(wired):
    sub = wired["MediaTopicToWorkQueueSubscription"].properties
    assert sub["Protocol"] == "sqs" and points_at(sub["Endpoint"], "WorkQueueQueue")
    policy = wired["WorkQueueQueuePolicy"].properties
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "sns.amazonaws.com"}
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"].template.endswith(":${SystemName}-${Environment}-media-topic")
    assert sub["TopicArn"] == statement["Condition"]["ArnEquals"]["aws:SourceArn"]
    assert wired["MediaTopicTopic"].properties["TopicName"].template.endswith("-media-topic")


def test_topic_to_function_subscription_has_a_permission_for_sns_from_that_topic(wired):
    assert wired["MediaTopicToAuditFnSubscription"].properties["Protocol"] == "lambda"
    permission = wired["MediaTopicInvokeAuditFn"].properties
    assert permission["Principal"] == "sns.amazonaws.com"
    assert permission["SourceArn"] == wired["MediaTopicToAuditFnSubscription"].properties["TopicArn"]


def test_rule_targets_get_a_permission_a_queue_policy_a_topic_policy_and_a_role(wired):
    permission = wired["MediaBusToNotifyInvokeNotifyFn"].properties
    assert permission["Principal"] == "events.amazonaws.com" and points_at(permission["SourceArn"], "MediaBusToNotifyRule")
    audit = wired["AuditQueueQueuePolicy"].properties["PolicyDocument"]["Statement"]
    assert [s["Principal"]["Service"] for s in audit] == ["events.amazonaws.com"]
    assert "rule/${SystemName}-${Environment}-media-bus/*" in audit[0]["Condition"]["ArnLike"]["aws:SourceArn"].template
    topic = wired["MediaTopicTopicPolicy"].properties["PolicyDocument"]["Statement"]
    assert [s["Principal"]["Service"] for s in topic] == ["events.amazonaws.com"]
    workflow = wired["MediaBusToWorkflowRule"].properties["Targets"][0]
    assert points_at(workflow["RoleArn"], "MediaBusRole")


def test_encrypted_topics_have_a_key_of_their_own_that_admits_their_service_publishers(wired):
    for topic, principals in (("Alerts", ["cloudwatch.amazonaws.com"]), ("MediaTopic", ["events.amazonaws.com"])):
        assert wired[topic + "Topic"].properties["KmsMasterKeyId"].name == topic + "Key"
        statements = wired[topic + "Key"].properties["KeyPolicy"]["Statement"]
        assert [s["Principal"]["Service"] for s in statements if "Service" in s["Principal"]] == principals
    alarms = wired["AlertsTopicPolicy"].properties["PolicyDocument"]["Statement"]
    assert {s["Principal"]["Service"] for s in alarms} == {"cloudwatch.amazonaws.com"}
    assert points_at(wired["WorkerErrorsAlarmAlarm"].properties["AlarmActions"][0], "AlertsTopic")
    publisher = wired["IntakeFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    assert any(s["Action"] == ["kms:GenerateDataKey", "kms:Decrypt"]
               and s["Condition"]["StringEquals"]["kms:ViaService"].template == "sns.${AWS::Region}.amazonaws.com"
               for s in publisher)


def test_a_topic_key_admits_its_publishers_only_from_the_alarms_and_rules_that_publish(wired):
    """aws:SourceArn names each publishing alarm (by its AlarmName) or the bus's rules, not every source in the
    account; the topic policy for alarms says the same."""
    alerts = [s for s in wired["AlertsKey"].properties["KeyPolicy"]["Statement"] if "Service" in s["Principal"]]
    sources = [a.template for a in alerts[0]["Condition"]["ArnLike"]["aws:SourceArn"]]
    alarms = [lid for lid, r in wired.items() if r.type == "AWS::CloudWatch::Alarm"
              and any(points_at(a, "AlertsTopic") for a in r.properties.get("AlarmActions", []))]
    names = sorted(wired[lid].properties["AlarmName"].template.rsplit("-", 1)[0] for lid in alarms)
    assert alarms and len(sources) == len(alarms)
    assert all(s.startswith("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:"
                            "${SystemName}-${Environment}-") for s in sources)
    assert sorted(wired[lid].properties["AlarmName"].template for lid in alarms) == sorted(
        s.split(":alarm:")[1] for s in sources) and names
    policy = wired["AlertsTopicPolicy"].properties["PolicyDocument"]["Statement"]
    assert sorted(s["Condition"]["ArnLike"]["aws:SourceArn"].template for s in policy) == sorted(sources)
    assert len({s["Sid"] for s in policy}) == len(policy)
    media = [s for s in wired["MediaTopicKey"].properties["KeyPolicy"]["Statement"] if "Service" in s["Principal"]]
    assert [a.template for a in media[0]["Condition"]["ArnLike"]["aws:SourceArn"]] == [
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${SystemName}-${Environment}-media-bus/*"]


def test_an_sdk_caller_of_a_table_with_its_own_key_may_use_that_key_through_dynamodb_only(wired):
    """connections.yaml (sdk-call's key_use) says which kms actions; the key's policy delegates to the account's IAM."""
    from archkit.model.connections import key_use
    assert key_use("dynamodb-table", ["dynamodb:PutItem"]) == ("dynamodb", ("kms:Decrypt", "kms:DescribeKey"))
    assert key_use("sqs-queue", ["sqs:SendMessage"]) == ("", ())
    caller = wired["IntakeFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    uses = [s for s in caller if s["Action"] == ["kms:Decrypt", "kms:DescribeKey"]]
    assert [s["Condition"]["StringEquals"]["kms:ViaService"].template for s in uses] == [
        "dynamodb.${AWS::Region}.amazonaws.com"]
    admin = wired["MediaTableKey"].properties["KeyPolicy"]["Statement"][0]
    assert admin["Principal"]["AWS"].template.endswith(":root") and admin["Action"] == ["kms:*"]
    reader = wired["IngestFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    assert not any("dynamodb" in str(s.get("Condition", "")) for s in reader)  # it does not call the table


def test_queue_consumer_has_a_mapping_and_may_read_the_queue(wired):
    mapping = wired["WorkerFnFromWorkQueueMapping"].properties
    assert points_at(mapping["EventSourceArn"], "WorkQueueQueue") and points_at(mapping["FunctionName"], "WorkerFnAlias")
    statements = wired["WorkerFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    granted = {a for s in statements if points_at(s["Resource"][0], "WorkQueueQueue") for a in s["Action"]}
    assert granted == {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}


def test_queue_to_state_machine_is_a_pipe_whose_role_reads_the_queue_and_starts_executions(wired):
    pipe = wired["TranscodeFromJobsQueuePipe"].properties
    assert points_at(pipe["Source"], "JobsQueueQueue") and points_at(pipe["Target"], "TranscodeStateMachine")
    role = wired["TranscodeFromJobsQueuePipeRole"].properties
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "pipes.amazonaws.com"}


def test_failure_destination_lets_the_function_send_there(wired):
    config = wired["IngestFnInvokeConfig"].properties
    assert points_at(config["DestinationConfig"]["OnFailure"]["Destination"], "FailedQueueQueue")
    statements = wired["IngestFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    assert any("sqs:SendMessage" in s["Action"] and points_at(s["Resource"][0], "FailedQueueQueue") for s in statements)


def test_the_origin_check_is_off_when_a_caller_reaches_the_api_directly(wired):
    """The mobile app calls the API without CloudFront: a web ACL requiring CloudFront's header would block it."""
    assert not of_type(wired, "AWS::WAFv2::WebACLAssociation")
    assert "MediaApiOriginSecret" not in wired
    api_origin = next(o for o in wired["CdnDistribution"].properties["DistributionConfig"]["Origins"] if o["Id"] == "api")
    assert "OriginCustomHeaders" not in api_origin
    default = resources(built(MODEL))
    assert of_type(default, "AWS::WAFv2::WebACLAssociation"), "the default model's API is reached only via CloudFront"


BASE = """
system: {name: Bad wiring}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  fn: {type: lambda, runtime: python3.12}
  queue: {type: sqs-queue}
  table: {type: dynamodb-table, partition_key: {name: id}}
  bus: {type: eventbridge-bus}
  alarm-metric: {type: metric, namespace: AWS/Lambda, metric_name: Errors, source: fn}
  alarm: {type: alarm, metric: alarm-metric, threshold: 1}
  topic: {type: sns-topic}
connections:
"""


@pytest.mark.parametrize("connection, says, fix", [
    ("{from: queue, to: table, protocol: SQS}", "no connection kind of the catalogue joins these types", "connect it to"),
    ("{from: bus, to: fn, protocol: EventBridge rule}", "(EventBridge rule target)", "add a rule with this target"),
    ("{from: alarm, to: topic, protocol: SNS}", "(Alarm action)", "list the topic under the alarm's notify"),
])
def test_a_connection_the_catalogue_cannot_realise_is_a_located_model_error(write_model, connection, says, fix):
    folder = write_model({"model.yaml": BASE + f"  - {connection}\n"})
    with pytest.raises(ModelError) as caught:
        load_model(folder)
    [problem] = caught.value.problems
    assert problem.location.line == BASE.count("\n") + 1 and problem.path == "connections[0]"
    assert says in problem.message and problem.fix.startswith(fix)


def test_the_cloudformation_page_lists_each_connection_with_its_resources_and_steps():
    from archkit.renderers.cloudformation.render import render_templates
    model = load_model(WIRED)
    page = render_templates(templates_payload(model))["docs/architecture/cloudformation.md"].decode()
    table = page.split("## Connections", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| [")]
    assert len(rows) == len(wires(model))
    row = next(r for r in rows if "[uploads]" in r and "[ingest-fn]" in r)
    assert "`UploadsToIngestFnRule` AWS::Events::Rule" in row and "`UploadsInvokeIngestFn` AWS::Lambda::Permission" in row
    origin = next(r for r in rows if r.startswith("| [cdn]") and "[media-api]" in r)
    assert "mobile calls it directly" in origin
    default = render_templates(templates_payload(load_model(MODEL)))["docs/architecture/cloudformation.md"].decode()
    assert "confirm the pending CodeStar connection" in default


def test_validate_refuses_a_connection_the_catalogue_cannot_realise(write_model):
    from conftest import run_generate
    folder = write_model({"model.yaml": BASE + "  - {from: queue, to: table, protocol: SQS}\n"})
    run = run_generate("--model", str(folder), "--validate")
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"model.yaml:{BASE.count(chr(10)) + 1}:" in run.stderr and "cannot realise" in run.stderr
    assert "Traceback" not in run.stderr


def test_an_sse_kms_bucket_has_a_key_of_its_own_its_callers_and_its_distribution_may_use(wired):
    """The AWS-managed aws/s3 key admits no service principal: a distribution could not read the objects."""
    for bucket in ("Uploads", "SiteBucket"):
        rule = wired[bucket + "Bucket"].properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert rule["BucketKeyEnabled"] is True and rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
        assert points_at(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"], bucket + "Key")
    site_key = wired["SiteBucketKey"].properties["KeyPolicy"]["Statement"]
    assert [s["Principal"] for s in site_key][1:] == [{"Service": "cloudfront.amazonaws.com"}]
    assert site_key[1]["Action"] == ["kms:Decrypt"]
    uploads_key = wired["UploadsKey"].properties["KeyPolicy"]["Statement"]
    assert [s["Sid"] for s in uploads_key] == ["AccountAdministersTheKeyThroughIam"]
    caller = wired["IntakeFnRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    via_s3 = [s for s in caller if s.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService")
              and s["Condition"]["StringEquals"]["kms:ViaService"].template.startswith("s3.")]
    assert via_s3 and "kms:GenerateDataKey" in via_s3[0]["Action"]


def test_a_log_bucket_with_sse_kms_is_refused_with_its_location(write_model):
    from conftest import run_generate
    text = BASE.replace("components:\n", "components:\n  logs: {type: s3-bucket, purpose: logs, encryption: SSE-KMS}\n")
    folder = write_model({"model.yaml": text + "  - {from: fn, to: queue, protocol: AWS SDK, permissions: [sqs:SendMessage]}\n"})
    run = run_generate("--model", str(folder), "--validate")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "model.yaml:5:" in run.stderr and "SSE-S3" in run.stderr and "Traceback" not in run.stderr


def test_resources_that_refer_to_each_other_in_a_cycle_are_a_located_error(write_model):
    """Two queues each the other's dead-letter queue: CloudFormation cannot create either; --validate says so."""
    from conftest import run_generate
    text = BASE.replace("  queue: {type: sqs-queue}\n", "  queue: {type: sqs-queue, dead_letter: other}\n"
                        "  other: {type: sqs-queue, dead_letter: queue}\n")
    folder = write_model({"model.yaml": text + "  []\n"})
    run = run_generate("--model", str(folder), "--validate")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "model.yaml:6:" in run.stderr and "refer to each other in a cycle" in run.stderr
    assert "Traceback" not in run.stderr
