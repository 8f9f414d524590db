"""Issue 14, point 8: the templates of the default model and of every model under tests/models/ (event-driven, wired,
mixed-callers, ...) are created in moto's CloudFormation (moto 5.2.5 in server mode on 127.0.0.1, started and stopped here), stack by
stack in the deploy order with the first environment's parameter files; then boto3 reads the wiring back.

What moto shows: every stack reaches CREATE_COMPLETE with its imports and parameters; Lambda permissions (principal
and SourceArn, resolved), event-source mappings, EventBridge rule targets, the state machine's definition and the
customer-managed keys' policies (kms.get_key_policy) exist as the templates say; an alarm's ARN, as created, is the
SourceArn its topic's policy admits CloudWatch from. Where moto 5.2.5 does not apply a resource (a bucket's NotificationConfiguration is
created but not applied; AWS::SNS::Subscription, AWS::SQS::QueuePolicy and AWS::SNS::TopicPolicy have no moto
CloudFormation support, and neither has AWS::Pipes::Pipe), the test applies the template's properties, resolved
against the deployed stacks, through the service API (botocore then validates their shape) and reads them back; a
topic's ARN built from its name must equal the ARN of the topic that was created. What only a real account shows:
that IAM and resource policies allow what they should (moto does not evaluate them), that EventBridge delivers
S3 events, that the pipe runs, and service quotas. For the types of issue 15 (tests/models/services): the SSM
parameter holds the environment's value, the Kinesis stream its retention (its encryption, which
moto's CloudFormation ignores, is applied through the API; its mode, also ignored, is not checked), the FIFO queues their
deduplication settings, as boto3 reads them back (a bucket's lifecycle rules, which moto's CloudFormation
ignores, are applied through the API and read back); moto's CloudFormation has neither the Secrets Manager secret
nor its rotation schedule, so that a rotation runs is only checked statically (the schedule names the function,
waits for its permission for secretsmanager.amazonaws.com with SourceArn the secret). Layer versions are created
from packages the test puts in the code bucket the parameter files name (moto reads them, as Lambda does); moto's
CloudFormation ignores a function's Layers, which are applied through the API. Identity pools are created through
the cognito-identity API (moto's CloudFormation has none); their role, created by CloudFormation, is read back.
moto has neither AWS::DynamoDB::GlobalTable nor table replicas: a global table is checked by cfn-lint, checkov and the
resource schema test only."""
from __future__ import annotations

import json
import re

import pytest

from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build, template
from archkit.renderers.cloudformation.intrinsics import GetAtt, Ref
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import dump
from conftest import MODEL, ROOT
from moto_deploy import ACCOUNT, Deployed

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

MODELS = {"default": MODEL, **{p.name: p for p in sorted((ROOT / "tests" / "models").iterdir()) if p.is_dir()}}
# Systems nobody wrote: ten seeds in a row of tests/modelgen.plausible_system hold every catalogue type (15 to 120
# components each, connected by the references the catalogue derives and by SDK calls).
PLAUSIBLE = {f"plausible-{seed}": seed for seed in range(10)}
# Types of the generated templates that moto 5.2.5's CloudFormation cannot create: the deploy leaves them out
# (a reference to one resolves to a marked stand-in; an alias to its function). The wiring among them is applied
# through the service APIs below or checked statically; the rest are checked by cfn-lint and checkov only.
NOT_IN_MOTO_CLOUDFORMATION = {
    "AWS::SNS::Subscription", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::Pipes::Pipe",
    "AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig", "AWS::ApiGateway::Account",
    "AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl", "AWS::CertificateManager::Certificate",
    "AWS::WAFv2::WebACL", "AWS::WAFv2::WebACLAssociation", "AWS::SecretsManager::Secret", "AWS::XRay::SamplingRule",
    "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolDomain",
    "AWS::CodePipeline::Pipeline", "AWS::CodeStarConnections::Connection", "AWS::CodeBuild::Project",
    "AWS::CloudWatch::Alarm", "AWS::S3::BucketPolicy", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Authorizer",
    "AWS::SecretsManager::RotationSchedule", "AWS::Lambda::Url", "AWS::Scheduler::Schedule",
    "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Stage", "AWS::KinesisFirehose::DeliveryStream",
    "AWS::ApiGatewayV2::Deployment", "AWS::AppSync::GraphQLApi", "AWS::AppSync::GraphQLSchema",
    "AWS::AppSync::DataSource", "AWS::AppSync::Resolver", "AWS::DynamoDB::GlobalTable",
    "AWS::Cognito::IdentityPool", "AWS::Cognito::IdentityPoolRoleAttachment", "AWS::CloudFront::Function",
}


@pytest.fixture(scope="module")
def endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{server._server.server_port}"
    server.stop()


def model_folder(name: str, tmp_path_factory):
    if name not in PLAUSIBLE:
        return MODELS[name]
    import yaml
    from modelgen import plausible_system
    folder = tmp_path_factory.mktemp(name)
    (folder / "model.yaml").write_text(yaml.safe_dump(plausible_system(PLAUSIBLE[name])), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=list(MODELS) + list(PLAUSIBLE))
def deployed(request, endpoint, tmp_path_factory):
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"), timeout=30)  # fresh
    def client(service, region):
        return boto3.client(service, region_name=region, endpoint_url=endpoint, aws_access_key_id="testing",
                            aws_secret_access_key="testing")
    payload = templates_payload(load_model(model_folder(request.param, tmp_path_factory)))
    result = build(payload)
    files = render_templates(payload)
    env = sorted(result.context.environments)[0]
    region = result.context.environments[env]["region"]
    stacks = Deployed(client, region)
    docs, statuses, left_out = {}, {}, {}
    for name in result.order:
        stack = result.stacks[name]
        if env not in stack.environments:
            continue
        params = json.loads(files[f"cloudformation/parameters/{env}/{name}.json"])["Parameters"]
        docs[name] = template(result.context, stack)  # what render_templates writes, with its intrinsics as objects
        assert dump(docs[name]) == files[f"cloudformation/{name}.yaml"]
        status, removed = stacks.deploy(f"{result.context.system_slug}-{env}-{name}", docs[name], params,
                                        stack.region or region)
        statuses[name] = status["StackStatus"]
        left_out.update(removed)
    stacks.left_out = left_out
    return request.param, stacks, docs, statuses, client


def region_of(stacks, lid: str) -> str:
    """The Region moto created the resource in: its stack's (a component the model places in another Region)."""
    return stacks.regions.get(lid, stacks.region)


def resources_of(docs, kind):
    return [(lid, r["Properties"]) for doc in docs.values() for lid, r in doc["Resources"].items() if r["Type"] == kind]


def test_every_stack_is_created(deployed):
    name, _, docs, statuses, _ = deployed
    assert docs and set(statuses.values()) == {"CREATE_COMPLETE"}, (name, statuses)


def test_moto_lacks_only_the_types_this_test_names(deployed):
    name, stacks, _, _, _ = deployed
    lacking = set(stacks.left_out.values())
    assert lacking <= NOT_IN_MOTO_CLOUDFORMATION, (name, sorted(lacking - NOT_IN_MOTO_CLOUDFORMATION))
    created = {kind for _, kind, _ in stacks.physical.values()}
    assert created - {"AWS::SSM::Parameter"}, (name, "moto created nothing but stand-ins")


def test_lambda_permissions_are_in_the_functions_policies(deployed):
    name, stacks, docs, _, client = deployed
    permissions = resources_of(docs, "AWS::Lambda::Permission")
    assert len(permissions) >= {"wired": 4, "default": 2}.get(name, 0), name  # API, S3, SNS and rule invokes
    for lid, props in permissions:
        function = stacks.resolve(props["FunctionName"])
        qualifier = function.rsplit(":", 1)[1] if function.count(":") == 7 else None
        policy = client("lambda", region_of(stacks, lid)).get_policy(
            FunctionName=function.rsplit(":", 1)[0] if qualifier else function,
            **({"Qualifier": qualifier} if qualifier else {}))
        statements = json.loads(policy["Policy"])["Statement"]
        wanted = stacks.resolve(props["SourceArn"])
        assert any(s["Principal"] == {"Service": props["Principal"]}
                   and wanted in json.dumps(s.get("Condition", {})) for s in statements), (name, lid, wanted, statements)


def test_event_source_mappings_join_the_queue_and_the_function(deployed):
    name, stacks, docs, _, client = deployed
    for lid, props in resources_of(docs, "AWS::Lambda::EventSourceMapping"):
        mappings = client("lambda", region_of(stacks, lid)).list_event_source_mappings(
            EventSourceArn=stacks.resolve(props["EventSourceArn"]))["EventSourceMappings"]
        assert [m["FunctionArn"] for m in mappings] == [stacks.resolve(props["FunctionName"])], (name, lid)


def test_rules_target_what_the_templates_say(deployed):
    name, stacks, docs, _, client = deployed
    for lid, props in resources_of(docs, "AWS::Events::Rule"):
        rule = stacks.physical[lid][0]
        rule_name = rule.rsplit("/", 1)[-1] if rule.startswith("arn:") else rule.split("|")[-1]
        bus = stacks.resolve(props.get("EventBusName", "default"))
        targets = client("events", region_of(stacks, lid)).list_targets_by_rule(Rule=rule_name, EventBusName=bus)["Targets"]
        assert [t["Arn"] for t in targets] == [stacks.resolve(t["Arn"]) for t in props["Targets"]], (name, lid)


def test_api_service_integrations_call_the_service_with_the_integration_role(deployed):
    """A route to a state machine, queue or table: its method's AWS integration, as API Gateway holds it, calls the
    service; the template's credentials are the API's integration role, which exists and may do the route's action
    (moto 5.2.5's CloudFormation drops an integration's credentials, and does not evaluate the role's policy)."""
    name, stacks, docs, _, client = deployed
    api = client("apigateway", stacks.region)
    iam = client("iam", stacks.region)
    for lid, props in resources_of(docs, "AWS::ApiGateway::Method"):
        if props["Integration"]["Type"] != "AWS":
            continue
        api_id, resource_id = stacks.resolve(props["RestApiId"]), stacks.resolve(props["ResourceId"])
        held = api.get_integration(restApiId=api_id, resourceId=resource_id, httpMethod=props["HttpMethod"])
        assert held["type"] == "AWS" and held["uri"] == stacks.resolve(props["Integration"]["Uri"]), (name, lid)
        role = stacks.resolve(props["Integration"]["Credentials"])
        assert held.get("credentials", role) == role, (name, lid)
        role_name = role.rsplit("/", 1)[1]
        [policy] = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
        document = iam.get_role_policy(RoleName=role_name, PolicyName=policy)["PolicyDocument"]
        document = document if isinstance(document, dict) else as_document(document)
        action = props["Integration"]["Uri"].template.rsplit("/", 1)[-1]
        service = props["Integration"]["Uri"].template.split(":${AWS::Region}:")[1].split(":")[0]
        wanted = "sqs:SendMessage" if service == "sqs" else f"{service}:{action}"
        assert any(wanted in s["Action"] for s in document["Statement"]), (name, lid, wanted)


V2_CALLS = [("AWS::ApiGatewayV2::Api", "create_api", "ApiId"),
            ("AWS::ApiGatewayV2::Authorizer", "create_authorizer", "AuthorizerId"),
            ("AWS::ApiGatewayV2::Integration", "create_integration", "IntegrationId"),
            ("AWS::ApiGatewayV2::Route", "create_route", "RouteId"),
            ("AWS::ApiGatewayV2::Deployment", None, "DeploymentId"),  # moto 5.2.5 has no CreateDeployment
            ("AWS::ApiGatewayV2::Stage", "create_stage", "StageName")]


def test_http_apis_are_applied_through_the_api_and_route_to_their_functions(deployed):
    """moto 5.2.5's CloudFormation has no API Gateway v2: the HTTP and WebSocket APIs, their authorizers,
    integrations, routes and stages are created through the apigatewayv2 API from the templates' properties, resolved (botocore validates
    their shape); then each route, read back, targets an integration whose URI is its function (the alias stands
    in as the function), with the authorizer the template names. moto has no CreateDeployment: a WebSocket stage
    names a marked deployment id, and that the deployment waits for every route of its API is checked statically."""
    name, stacks, docs, _, client = deployed
    v2 = client("apigatewayv2", stacks.region)
    for kind, call, key in V2_CALLS:
        for lid, props in resources_of(docs, kind):
            if call is None:  # the stage names a marked id: that it serves the routes is checked statically
                assert set(docs_depends_on(docs, lid)) == {r for r, _ in resources_of(docs, "AWS::ApiGatewayV2::Route")
                                                            if docs_resource(docs, r)["ApiId"] == props["ApiId"]}
                stacks.stand_ins[lid] = f"not-in-moto-{lid}"
                continue
            created = getattr(v2, call)(**stacks.resolve(props))
            stacks.stand_ins[lid] = created[key] if kind != "AWS::ApiGatewayV2::Api" else created["ApiId"]
    for lid, props in resources_of(docs, "AWS::ApiGatewayV2::Route"):
        api_id = stacks.resolve(props["ApiId"])
        [held] = [r for r in v2.get_routes(ApiId=api_id)["Items"] if r["RouteKey"] == props["RouteKey"]]
        integration = v2.get_integration(ApiId=api_id, IntegrationId=held["Target"].split("/", 1)[1])
        websocket = v2.get_api(ApiId=api_id)["ProtocolType"] == "WEBSOCKET"
        assert integration["IntegrationType"] == "AWS_PROXY"
        assert websocket or integration["PayloadFormatVersion"] == "2.0", (name, lid)
        function = integration["IntegrationUri"]
        if websocket:  # a WebSocket integration names the function by its invocation URI
            found = re.fullmatch(r"arn:aws:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/(.+)/invocations",
                                 function)
            assert found, (name, lid, function)
            function = found.group(1)
        assert function.startswith("arn:aws:lambda:"), (name, lid, function)
        client("lambda", function.split(":")[3]).get_function(FunctionName=function)
        assert held["AuthorizationType"] == props["AuthorizationType"], (name, lid)
        assert held.get("AuthorizerId") == stacks.resolve(props.get("AuthorizerId")), (name, lid)
    for lid, props in resources_of(docs, "AWS::ApiGatewayV2::Stage"):
        held = v2.get_stage(ApiId=stacks.resolve(props["ApiId"]), StageName=props["StageName"])
        assert held.get("AutoDeploy", False) == props.get("AutoDeploy", False), (name, lid)
        assert held["AccessLogSettings"]["DestinationArn"], (name, lid)
        if "DeploymentId" in props:  # a WebSocket stage serves the deployment of the model's routes (static)
            assert docs_resource(docs, props["DeploymentId"].name)["ApiId"] == props["ApiId"], (name, lid)


def test_firehose_streams_are_applied_through_the_api_and_deliver_to_their_bucket(deployed):
    """moto 5.2.5's CloudFormation has no Data Firehose: each delivery stream is created through the firehose API
    from the template's properties, resolved; read back, it delivers to the created bucket with the created role,
    and reads the created stream when the model names one."""
    name, stacks, docs, _, client = deployed
    for lid, props in resources_of(docs, "AWS::KinesisFirehose::DeliveryStream"):
        values, firehose = stacks.resolve_for(lid, props), client("firehose", region_of(stacks, lid))
        values.pop("DeliveryStreamEncryptionConfigurationInput", None)  # moto 5.2.5 does not take it at creation
        firehose.create_delivery_stream(**values)
        held = firehose.describe_delivery_stream(DeliveryStreamName=values["DeliveryStreamName"])
        description = held["DeliveryStreamDescription"]
        [destination] = description["Destinations"]
        s3 = destination["ExtendedS3DestinationDescription"]
        wanted = values["ExtendedS3DestinationConfiguration"]
        assert s3["BucketARN"] == wanted["BucketARN"] and s3["RoleARN"] == wanted["RoleARN"], (name, lid)
        client("s3", stacks.region).head_bucket(Bucket=s3["BucketARN"].rsplit(":", 1)[1])
        client("iam", stacks.region).get_role(RoleName=s3["RoleARN"].rsplit("/", 1)[1])
        assert description["DeliveryStreamType"] == values["DeliveryStreamType"], (name, lid)
        if values["DeliveryStreamType"] == "KinesisStreamAsSource":
            stream = values["KinesisStreamSourceConfiguration"]["KinesisStreamARN"]
            assert description["Source"]["KinesisStreamSourceDescription"]["KinesisStreamARN"] == stream, (name, lid)


def as_document(text: str) -> dict:
    """A policy as moto 5.2.5 returns one it got from CloudFormation: JSON, or the Python repr of the dict."""
    import ast
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return ast.literal_eval(text)


def test_state_machines_have_the_generated_definition(deployed):
    name, stacks, docs, _, client = deployed
    for lid, props in resources_of(docs, "AWS::StepFunctions::StateMachine"):
        described = client("stepfunctions", region_of(stacks, lid)).describe_state_machine(
            stateMachineArn=stacks.physical[lid][0])
        assert json.loads(described["definition"]) == json.loads(stacks.resolve_for(lid, props["DefinitionString"]))


def test_what_moto_does_not_apply_is_applied_through_the_service_apis_and_read_back(deployed):
    """Bucket notifications, subscriptions, queue and topic policies: moto 5.2.5 creates none of them from a
    template, so the template's properties go through the service API (which validates their shape)."""
    name, stacks, docs, _, client = deployed
    s3 = client("s3", stacks.region)
    for lid, props in resources_of(docs, "AWS::S3::Bucket"):
        if "NotificationConfiguration" in props:
            bucket = stacks.physical[lid][0]
            config = stacks.resolve(props["NotificationConfiguration"])
            if config.get("EventBridgeConfiguration", {}).pop("EventBridgeEnabled", False):
                config["EventBridgeConfiguration"] = {}  # the API's shape of CloudFormation's EventBridgeEnabled: true
            answer = s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
            assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
            # moto 5.2.5 accepts EventBridgeConfiguration but does not return it: the template says it statically
            assert props["NotificationConfiguration"] == {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    topics = {stacks.physical[lid][0] for lid, _ in resources_of(docs, "AWS::SNS::Topic")}
    for lid, props in resources_of(docs, "AWS::SNS::Subscription"):
        topic, endpoint = stacks.resolve_for(lid, props["TopicArn"]), stacks.resolve_for(lid, props["Endpoint"])
        sns = client("sns", region_of(stacks, lid))
        assert topic in topics, (name, lid, "a subscription's topic ARN is not a created topic's")
        attributes = {"RawMessageDelivery": "true"} if props.get("RawMessageDelivery") else {}
        sns.subscribe(TopicArn=topic, Protocol=props["Protocol"], Endpoint=endpoint, Attributes=attributes)
        listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        assert endpoint in [s["Endpoint"] for s in listed], (name, lid)
    for lid, props in resources_of(docs, "AWS::SQS::QueuePolicy"):
        document, sqs = stacks.resolve_for(lid, props["PolicyDocument"]), client("sqs", region_of(stacks, lid))
        for url in stacks.resolve_for(lid, props["Queues"]):
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(document)})
            read = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
            assert read["Statement"] == document["Statement"]
            sources = [s["Condition"].get("ArnEquals", {}).get("aws:SourceArn") for s in document["Statement"]]
            assert all(source in topics for source in sources if source), (name, lid, sources)
    for lid, props in resources_of(docs, "AWS::SNS::TopicPolicy"):
        document, sns = stacks.resolve_for(lid, props["PolicyDocument"]), client("sns", region_of(stacks, lid))
        for topic in stacks.resolve_for(lid, props["Topics"]):
            sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps(document))
            read = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
            assert [s["Resource"] for s in read["Statement"]] == [topic] * len(document["Statement"]), (name, lid)


def test_alarms_are_applied_through_the_api_and_tell_a_created_topic(deployed):
    """moto 5.2.5 has no AWS::CloudWatch::Alarm in CloudFormation: put_metric_alarm takes the template's
    properties; its actions must be topics that were created."""
    name, stacks, docs, _, client = deployed
    topics = {stacks.physical[lid][0] for lid, _ in resources_of(docs, "AWS::SNS::Topic")}
    publishing = alarm_sources(stacks, docs)
    for lid, props in resources_of(docs, "AWS::CloudWatch::Alarm"):
        values, cloudwatch = stacks.resolve_for(lid, props), client("cloudwatch", region_of(stacks, lid))
        values.pop("AlarmDescription", None)
        cloudwatch.put_metric_alarm(**values)
        [alarm] = cloudwatch.describe_alarms(AlarmNames=[values["AlarmName"]])["MetricAlarms"]
        assert set(alarm["AlarmActions"]) <= topics, (name, lid, alarm["AlarmActions"])
        assert alarm["AlarmActions"] or name in PLAUSIBLE, (name, lid)  # a random alarm may only be on a dashboard
        assert alarm["Dimensions"] == values.get("Dimensions", []), (name, lid)
        assert alarm["Dimensions"] or not values["Namespace"].startswith("AWS/"), (name, lid)  # a service's metric
        for topic in alarm["AlarmActions"]:  # the topic's policy (and key) admit CloudWatch from this very alarm
            assert alarm["AlarmArn"] in publishing.get(topic, set()), (name, lid, topic)


def alarm_sources(stacks, docs) -> dict[str, set[str]]:
    """Topic ARN -> the aws:SourceArn its policy admits cloudwatch.amazonaws.com from."""
    found: dict[str, set[str]] = {}
    for lid, props in resources_of(docs, "AWS::SNS::TopicPolicy"):
        for statement in stacks.resolve_for(lid, props["PolicyDocument"])["Statement"]:
            if statement["Principal"] == {"Service": "cloudwatch.amazonaws.com"}:
                for topic in stacks.resolve_for(lid, props["Topics"]):
                    found.setdefault(topic, set()).add(statement["Condition"]["ArnLike"]["aws:SourceArn"])
    return found


def test_keys_are_created_with_the_policies_the_templates_give(deployed):
    """Each customer-managed key exists with its policy as generated (resolved): the account administers it, and
    the service principals that publish to or read through it, each limited to its sources."""
    name, stacks, docs, _, client = deployed
    keys = resources_of(docs, "AWS::KMS::Key")
    for lid, props in keys:
        physical, _, region = stacks.physical[lid]
        policy = client("kms", region).get_key_policy(KeyId=physical, PolicyName="default")["Policy"]
        read = policy if isinstance(policy, dict) else json.loads(policy)  # moto 5.2.5 returns what CFN gave it
        assert read == stacks.resolve_for(lid, props["KeyPolicy"]), (name, lid)
        services = [s for s in read["Statement"] if "Service" in s["Principal"]]
        assert all(s["Condition"].get("ArnLike", {}).get("aws:SourceArn") or
                   s["Condition"].get("StringEquals", {}).get("aws:SourceAccount") for s in services), (name, lid)


def test_pipes_are_checked_statically(deployed):
    """moto has no AWS::Pipes::Pipe: its source and target must resolve to the deployed queue and state machine."""
    name, stacks, docs, _, client = deployed
    for lid, props in resources_of(docs, "AWS::Pipes::Pipe"):
        queue = stacks.resolve(props["Source"])
        assert queue.startswith("arn:aws:sqs:") and queue.endswith(":" + queue.rsplit(":", 1)[1])
        machine = stacks.resolve(props["Target"])
        client("stepfunctions", machine.split(":")[3]).describe_state_machine(stateMachineArn=machine)
        assert props["TargetParameters"]["StepFunctionStateMachineParameters"]["InvocationType"] == "FIRE_AND_FORGET"


def test_parameters_streams_and_fifo_queues_hold_what_the_templates_say(deployed):
    name, stacks, docs, _, client = deployed
    found = 0
    for lid, props in resources_of(docs, "AWS::SSM::Parameter"):
        parameter = client("ssm", region_of(stacks, lid)).get_parameter(
            Name=stacks.resolve_for(lid, props["Name"]))["Parameter"]
        assert (parameter["Value"], parameter["Type"]) == (stacks.resolve_for(lid, props["Value"]), props["Type"]), \
            (name, lid)
        found += 1
    for lid, props in resources_of(docs, "AWS::Kinesis::Stream"):
        kinesis, stream = client("kinesis", region_of(stacks, lid)), stacks.physical[lid][0]
        summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
        assert summary["RetentionPeriodHours"] == int(stacks.resolve(props["RetentionPeriodHours"])), (name, lid)
        if "StreamEncryption" in props:  # moto's CloudFormation ignores it: applied through the API, as AWS would
            kinesis.start_stream_encryption(StreamName=stream, **props["StreamEncryption"])
            summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
            assert (summary["EncryptionType"], summary["KeyId"]) == ("KMS", props["StreamEncryption"]["KeyId"])
        found += 1
    for lid, props in resources_of(docs, "AWS::SQS::Queue"):
        if not props.get("FifoQueue"):
            continue
        url = stacks.physical[lid][0]
        attributes = client("sqs", region_of(stacks, lid)).get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        attributes = attributes["Attributes"]
        assert url.endswith(".fifo") and attributes["FifoQueue"] == "true", (name, lid, url)
        assert attributes["ContentBasedDeduplication"] == str(props["ContentBasedDeduplication"]).lower()
        found += 1
    for lid, props in resources_of(docs, "AWS::S3::Bucket"):
        rules = props.get("LifecycleConfiguration", {}).get("Rules", [])
        if not any("Transitions" in r for r in rules):
            continue
        s3, bucket = client("s3", region_of(stacks, lid)), stacks.physical[lid][0]
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [  # moto's
            lifecycle_api_rule(r) for r in rules]})  # CloudFormation ignores it: applied through the API
        applied = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
        assert [(t["Days"], t["StorageClass"]) for t in applied["Rules"][0]["Transitions"]] == [
            (t["TransitionInDays"], t["StorageClass"]) for t in rules[0]["Transitions"]], (name, lid)
        found += 1
    assert found >= {"services": 5}.get(name, 0), name


def lifecycle_api_rule(rule: dict) -> dict:
    """A template's lifecycle rule in the shape of S3's API (botocore checks it)."""
    api = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": ""}}
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": rule["ExpirationInDays"]}
        api["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}
    api["Transitions"] = [{"Days": t["TransitionInDays"], "StorageClass": t["StorageClass"]}
                          for t in rule.get("Transitions", [])]
    api["NoncurrentVersionTransitions"] = [{"NoncurrentDays": t["TransitionInDays"], "StorageClass": t["StorageClass"]}
                                           for t in rule.get("NoncurrentVersionTransitions", [])]
    return api


def test_a_rotation_schedule_waits_for_the_functions_permission(deployed):
    name, stacks, docs, _, _ = deployed
    schedules = [(lid, r) for doc in docs.values() for lid, r in doc["Resources"].items()
                 if r["Type"] == "AWS::SecretsManager::RotationSchedule"]
    assert len(schedules) >= {"services": 1}.get(name, 0), name
    permissions = dict(resources_of(docs, "AWS::Lambda::Permission"))
    for lid, schedule in schedules:
        allow = permissions[schedule["DependsOn"][0]]
        assert allow["Principal"] == "secretsmanager.amazonaws.com"
        assert stacks.resolve(allow["FunctionName"]) == stacks.resolve(schedule["Properties"]["RotationLambdaARN"])
        assert allow["SourceArn"] == schedule["Properties"]["SecretId"]


def layer_id(node) -> str:
    """The logical id of the layer version a function's Layers entry names: a Ref in its own stack, or the import
    of that Ref's output (named after the logical id) from the layer's stack."""
    if isinstance(node, Ref):
        return node.name
    return node["Fn::ImportValue"].template.rsplit("-", 1)[1]


def test_functions_load_the_layer_versions_created_from_the_packages(deployed):
    """A layer version is created from the package in the code bucket (moto reads the object, as Lambda would),
    with the template's runtimes, licence and description; each function that names layers loads exactly those
    versions, in the model's order. moto's CloudFormation names a layer after its stack and logical id (not
    LayerName) and ignores a function's Layers: the test applies them through the Lambda API and reads them back."""
    name, stacks, docs, _, client = deployed
    versions = {}
    for lid, props in resources_of(docs, "AWS::Lambda::LayerVersion"):
        listed = client("lambda", region_of(stacks, lid)).list_layers()["Layers"]
        created = {layer["LayerName"]: layer["LatestMatchingVersion"] for layer in listed}
        version = next(v for layer, v in created.items() if f"-{lid}-" in layer)
        assert (version["CompatibleRuntimes"], version["Description"], version.get("LicenseInfo", "")) == (
            props["CompatibleRuntimes"], props["Description"], props.get("LicenseInfo", "")), (name, lid)
        versions[lid] = version["LayerVersionArn"]
    loading = 0
    for lid, props in resources_of(docs, "AWS::Lambda::Function"):
        if "Layers" not in props:
            continue
        function, lam = stacks.physical[lid][0], client("lambda", region_of(stacks, lid))
        wanted = [versions[layer_id(ref)] for ref in props["Layers"]]
        lam.update_function_configuration(FunctionName=function, Layers=wanted)
        loaded = lam.get_function(FunctionName=function)["Configuration"]["Layers"]
        assert [layer["Arn"] for layer in loaded] == wanted, (name, lid)
        loading += 1
    assert loading >= {"services": 2}.get(name, 0), name


def test_identity_pools_are_applied_through_the_api_and_their_role_trusts_only_them(deployed):
    """moto's CloudFormation has no identity pool (nor its role attachment): the test creates each one through the
    cognito-identity API from the template's properties (botocore checks their shape) and reads it back; moto 5.2.5
    has no SetIdentityPoolRoles, so the attachment is checked statically. The role is created by moto's
    CloudFormation and read back from IAM: it admits only web identities of that identity pool (aud) that signed
    in (amr authenticated). That STS enforces the trust, moto does not show."""
    name, stacks, docs, _, client = deployed
    identity, iam = client("cognito-identity", stacks.region), client("iam", stacks.region)
    found = 0
    for lid, props in resources_of(docs, "AWS::Cognito::IdentityPool"):
        created = identity.create_identity_pool(**stacks.resolve(props))
        read = identity.describe_identity_pool(IdentityPoolId=created["IdentityPoolId"])
        assert read["AllowUnauthenticatedIdentities"] is False, (name, lid)
        assert [p["ClientId"] for p in read["CognitoIdentityProviders"]] == [
            stacks.resolve(p["ClientId"]) for p in props["CognitoIdentityProviders"]], (name, lid)
        attachment = next(p for _, p in resources_of(docs, "AWS::Cognito::IdentityPoolRoleAttachment")
                          if p["IdentityPoolId"] == Ref(lid))
        assert set(attachment["Roles"]) == {"authenticated"}, (name, lid)  # no guest role
        role = iam.get_role(RoleName=stacks.physical[attachment["Roles"]["authenticated"].resource][0])["Role"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        [statement] = trust["Statement"]
        assert statement["Principal"] == {"Federated": "cognito-identity.amazonaws.com"}, (name, lid)
        assert statement["Condition"]["ForAnyValue:StringLike"] == {
            "cognito-identity.amazonaws.com:amr": "authenticated"}, (name, lid)
        assert statement["Condition"]["StringEquals"]["cognito-identity.amazonaws.com:aud"] == stacks.resolve(
            Ref(lid)), (name, lid)  # the stand-in for the identity pool that moto's CloudFormation left out
        found += 1
    assert found >= {"services": 1}.get(name, 0), name


def test_edge_functions_are_numbered_versions_in_us_east_1_and_viewer_functions_are_applied(deployed):
    """A Lambda@Edge function is created by the us-east-1 stack, with a role Lambda@Edge may assume, and the
    distribution names a version of it (not an alias), which reaches its stack as a parameter the pipeline sets
    from the us-east-1 stack's output; moto's CloudFormation version is a stub, so the test publishes one through
    the API and checks that it is numbered. CloudFront Functions are not in moto's CloudFormation: each is created
    through moto's CloudFront API from the template (botocore checks the shape) and its code read back. The
    distribution itself is not in moto, so its associations are checked statically; that CloudFront replicates and
    runs the functions only a real account shows."""
    name, stacks, docs, _, client = deployed
    edge = [(a, lid) for lid, props in resources_of(docs, "AWS::CloudFront::Distribution")
            for b in [props["DistributionConfig"]["DefaultCacheBehavior"], *props["DistributionConfig"].get("CacheBehaviors", [])]
            for a in b.get("LambdaFunctionAssociations", [])]
    for association, lid in edge:
        version_lid = association["LambdaFunctionARN"].name
        [(_, version)] = [(v, p) for v, p in resources_of(docs, "AWS::Lambda::Version") if v == version_lid]
        function = stacks.physical[version["FunctionName"].name]
        assert function[1:] == ("AWS::Lambda::Function", "us-east-1"), (name, lid, function)
        # moto's CloudFormation version is a stub (its Ref is the logical id): publish one as CloudFormation would
        lam = client("lambda", "us-east-1")
        arn = lam.publish_version(FunctionName=function[0])["FunctionArn"]
        assert arn.startswith("arn:aws:lambda:us-east-1:") and arn.rsplit(":", 1)[-1].isdigit(), (name, lid, arn)
        configuration = lam.get_function(FunctionName=function[0])["Configuration"]
        assert configuration["Architectures"] == ["x86_64"], (name, lid)
        role = client("iam", "us-east-1").get_role(RoleName=configuration["Role"].rsplit("/", 1)[-1])
        trust = role["Role"]["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        assert "edgelambda.amazonaws.com" in trust["Statement"][0]["Principal"]["Service"], (name, lid)
    cloudfront = client("cloudfront", stacks.region)
    functions = resources_of(docs, "AWS::CloudFront::Function")
    for lid, props in functions:
        resolved = stacks.resolve(props)
        cloudfront.create_function(Name=resolved["Name"], FunctionConfig=resolved["FunctionConfig"],
                                   FunctionCode=resolved["FunctionCode"].encode())
        code = cloudfront.get_function(Name=resolved["Name"])["FunctionCode"].read().decode()
        assert code == props["FunctionCode"] and "function handler(event)" in code, (name, lid)
    assert (len(edge), len(functions)) >= {"services": (1, 2)}.get(name, (0, 0)), name


def docs_depends_on(docs, lid):
    return next(doc["Resources"][lid].get("DependsOn", []) for doc in docs.values() if lid in doc["Resources"])


def docs_resource(docs, lid):
    return next(doc["Resources"][lid]["Properties"] for doc in docs.values() if lid in doc["Resources"])


def camel(node):
    """CloudFormation's property names in the lowerCamel shape of AppSync's API."""
    if isinstance(node, dict):
        return {k[:1].lower() + k[1:]: camel(v) for k, v in node.items()}
    return [camel(v) for v in node] if isinstance(node, list) else node


def test_graphql_apis_and_their_schemas_are_applied_through_the_api_and_data_source_roles_trust_them(deployed):
    """moto's CloudFormation has no AppSync: each API is created through the appsync API from the template's
    properties (botocore checks their shape) and its schema created and read back as ACTIVE. moto has no data
    sources or resolvers: that each resolver names its data source and each data source role may do only what its
    resolvers need is checked statically; the roles themselves are created by CloudFormation and read back, each
    trusted by appsync.amazonaws.com for this API only."""
    name, stacks, docs, _, client = deployed
    appsync, iam = client("appsync", stacks.region), client("iam", stacks.region)
    found = 0
    for lid, props in resources_of(docs, "AWS::AppSync::GraphQLApi"):
        created = appsync.create_graphql_api(**camel(stacks.resolve(props)))["graphqlApi"]
        assert created["authenticationType"] == props["AuthenticationType"], (name, lid)
        [(_, schema)] = [(s, p) for s, p in resources_of(docs, "AWS::AppSync::GraphQLSchema")
                         if p["ApiId"].resource == lid]
        appsync.start_schema_creation(apiId=created["apiId"], definition=schema["Definition"].encode())
        assert appsync.get_schema_creation_status(apiId=created["apiId"])["status"] in ("SUCCESS", "ACTIVE"), name
        sources = {s: p for s, p in resources_of(docs, "AWS::AppSync::DataSource") if p["ApiId"].resource == lid}
        for resolver_lid, resolver in resources_of(docs, "AWS::AppSync::Resolver"):
            if resolver["ApiId"].resource == lid:
                assert resolver["DataSourceName"].resource in sources, (name, resolver_lid)
        for source_lid, source in sources.items():
            role = iam.get_role(RoleName=stacks.physical[source["ServiceRoleArn"].resource][0])["Role"]
            trust = role["AssumeRolePolicyDocument"]
            trust = json.loads(trust) if isinstance(trust, str) else trust
            [statement] = trust["Statement"]
            assert statement["Principal"] == {"Service": "appsync.amazonaws.com"}, (name, source_lid)
            assert statement["Condition"]["StringEquals"]["aws:SourceArn"] == stacks.resolve(
                GetAtt(lid, "Arn")), (name, source_lid)
        found += 1
    assert found >= {"services": 1}.get(name, 0), name
