"""The types of issue 15 point 1 (tests/models/services): a Secrets Manager secret rotated by a function, an SSM
parameter, an SQS FIFO queue, a Kinesis data stream read by a function, a mobile-app actor, S3 lifecycle
transitions by storage class, a Lambda function URL, and an EventBridge Scheduler schedule. The model's templates
pass cfn-lint (0 errors, 0 warnings) and checkov (0 failed); the connections realise what AWS needs; the limits
AWS puts on FIFO queues, parameter sizes and lifecycle transitions are located errors. (test_deploy_moto deploys
the model; test_minimal_components covers each type with only its required properties.)"""
from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from archkit import paths
from archkit.model import load_model
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import ROOT, run_generate

MODEL = ROOT / "tests" / "models" / "services"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@pytest.fixture(scope="module")
def files():
    return render_templates(templates_payload(load_model(MODEL)))


@pytest.fixture(scope="module")
def written(files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("services")
    for path, data in files.items():
        if path.startswith(f"{paths.CLOUDFORMATION_DIR}/") and path.count("/") == 1:
            (folder / path.rsplit("/", 1)[1]).write_bytes(data)
    return folder


def resources(files) -> dict[str, dict]:
    return {lid: {**r, "stack": path} for path, data in files.items() if path.startswith("cloudformation/")
            and path.count("/") == 1 for lid, r in load(data)["Resources"].items()}


def test_cfn_lint_reports_nothing(written):
    from cfnlint.api import ManualArgs, lint
    problems = [f"{t.name}: {m.rule.id} {m.message}" for t in sorted(written.glob("*.yaml"))
                for m in lint(t.read_text(), config=ManualArgs(regions=["eu-west-1"]))]
    assert list(written.glob("*.yaml")) and problems == []


def test_checkov_fails_nothing(written):
    assert CHECKOV.exists(), "run scripts/setup.sh --dev: it creates .venv-checkov with checkov"
    run = subprocess.run([str(CHECKOV), "-d", str(written), "--framework", "cloudformation", "--skip-download",
                          "-o", "json"], capture_output=True, text=True, timeout=600)
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert [c["check_id"] for r in reports for c in r["results"]["failed_checks"]] == []
    passed = {c["check_id"] for r in reports for c in r["results"]["passed_checks"]}
    assert {"CKV_AWS_43", "CKV_AWS_149"} <= passed  # the stream and the secret are encrypted as checkov wants


def test_the_secret_is_generated_encrypted_with_its_key_and_rotated_by_its_function(files):
    found = resources(files)
    secret = found["DbSecretSecret"]["Properties"]
    assert "SecretString" not in secret and secret["GenerateSecretString"]["PasswordLength"] == 40
    assert json.loads(secret["GenerateSecretString"]["SecretStringTemplate"]) == {"username": "clicks"}
    assert secret["KmsKeyId"] == {"Fn::GetAtt": ["DbSecretKey", "Arn"]}
    schedule = found["RotateFnRotatesDbSecretSchedule"]
    assert schedule["Properties"]["RotationRules"] == {"AutomaticallyAfterDays": 14}
    assert schedule["stack"] == found["RotateFnFunction"]["stack"] != found["DbSecretSecret"]["stack"]
    policy = json.dumps(found["RotateFnRole"]["Properties"]["Policies"])
    assert "secretsmanager:PutSecretValue" in policy and "secretsmanager:UpdateSecretVersionStage" in policy
    assert "DbSecretKeyArn" in policy  # kms on the secret's own key, imported from its stack
    reader = json.dumps(found["ConsumerFnRole"]["Properties"]["Policies"])
    assert "secretsmanager:GetSecretValue" in reader and "secretsmanager.${AWS::Region}.amazonaws.com" in reader


def test_the_parameter_takes_each_environments_value(files):
    found = resources(files)
    assert found["SettingsParameter"]["Properties"]["Value"] == {"Ref": "SettingsValue"}
    values = {env: json.loads(files[f"cloudformation/parameters/{env}/data.json"])["Parameters"]["SettingsValue"]
              for env in ("test", "prod")}
    assert values == {"test": "sample-rate=0.1", "prod": "sample-rate=1.0"}
    assert "parameter/${SystemName}/${Environment}/settings" in json.dumps(found["IngestFnRole"]["Properties"])


def test_the_stream_is_read_without_blocking_a_shard_and_written_by_its_producer(files):
    found = resources(files)
    mapping = found["ConsumerFnFromClicksMapping"]["Properties"]
    assert mapping["StartingPosition"] == "LATEST" and mapping["BisectBatchOnFunctionError"] is True
    assert 0 <= mapping["MaximumRetryAttempts"] <= 10000
    assert "kinesis:GetShardIterator" in json.dumps(found["ConsumerFnRole"]["Properties"])
    assert "kinesis:PutRecords" in json.dumps(found["IngestFnRole"]["Properties"])
    assert found["ClicksStream"]["Properties"]["StreamEncryption"] == {"EncryptionType": "KMS",
                                                                       "KeyId": "alias/aws/kinesis"}


def test_fifo_queues_are_named_fifo_and_rules_name_a_message_group(files):
    found = resources(files)
    queue = found["SessionsQueue"]["Properties"]
    assert queue["FifoQueue"] is True and queue["QueueName"]["Fn::Sub"].endswith("-sessions.fifo")
    assert (queue["DeduplicationScope"], queue["FifoThroughputLimit"]) == ("messageGroup", "perMessageGroupId")
    target = found["ClickBusSessionsRule"]["Properties"]["Targets"][0]
    assert target["SqsParameters"] == {"MessageGroupId": "sessions"}


def test_objects_move_to_cheaper_classes_before_they_expire(files):
    rule = resources(files)["ArchiveBucket"]["Properties"]["LifecycleConfiguration"]["Rules"][0]
    moves = [{"TransitionInDays": 30, "StorageClass": "STANDARD_IA"}, {"TransitionInDays": 180, "StorageClass": "GLACIER"}]
    assert rule["ExpirationInDays"] == 730 and rule["Transitions"] == rule["NoncurrentVersionTransitions"] == moves


def test_the_function_url_is_on_the_alias_with_iam_auth(files):
    url = resources(files)["IngestFnUrl"]
    assert url["DependsOn"] == ["IngestFnAlias"]
    assert (url["Properties"]["Qualifier"], url["Properties"]["AuthType"]) == ("live", "AWS_IAM")
    assert url["Properties"]["Cors"]["AllowOrigins"] == ["https://app.example.com"]


def test_the_schedule_invokes_its_target_with_a_role_of_its_own(files):
    found = resources(files)
    schedule = found["NightlySchedule"]["Properties"]
    assert schedule["Target"]["RoleArn"] == {"Fn::GetAtt": ["NightlyRole", "Arn"]}
    assert schedule["Target"]["SqsParameters"] == {"MessageGroupId": "nightly"}  # the target is FIFO
    assert schedule["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    role = found["NightlyRole"]["Properties"]
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"} and "aws:SourceAccount" in json.dumps(trust)
    statement = role["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == ["sqs:SendMessage"] and statement["Resource"] == [schedule["Target"]["Arn"]]


def test_the_mobile_app_is_an_actor_kind():
    model = load_model(MODEL)
    assert model.actors["app"].kind == "mobile-app"


BASE = {"system": {"name": "Fifo limits"},
        "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"}}}


FIFO = {"type": "sqs-queue", "fifo": True}


@pytest.mark.parametrize("components, connections, message", [
    ({"jobs": {**FIFO, "dead_letter": "dlq"}, "dlq": {"type": "sqs-queue"}}, [],
     "components.jobs: CloudFormation: sqs-queue 'jobs': its dead-letter queue 'dlq' is standard, the queue FIFO"),
    ({"topic": {"type": "sns-topic", "subscriptions": [{"protocol": "sqs", "endpoint": "jobs"}]}, "jobs": FIFO}, [],
     "components.jobs: CloudFormation: sqs-queue 'jobs': it is FIFO, and the SNS standard topic 'topic' can send "
     "only to standard queues"),
    ({"topic": {"type": "sns-topic"}, "jobs": FIFO}, [{"from": "topic", "to": "jobs", "protocol": "SNS"}],
     "components.jobs: CloudFormation: sqs-queue 'jobs': it is FIFO, and the SNS standard topic 'topic' can send "
     "only to standard queues"),
    ({"big": {"type": "ssm-parameter", "value": "x", "overrides": {"dev": {"value": "x" * 4097}}}}, [],
     "components.big: CloudFormation: ssm-parameter 'big': its value in dev is 4097 bytes, over the 4096 bytes of a "
     "Standard parameter"),
    ({"logs": {"type": "s3-bucket", "transitions": [{"days": 7, "storage_class": "STANDARD_IA"}]}}, [],
     "components.logs: CloudFormation: s3-bucket 'logs' moves objects to STANDARD_IA after 7 days, but S3 needs at "
     "least 30 for that class"),
    ({"logs": {"type": "s3-bucket", "lifecycle_days": 90, "transitions": [{"days": 90, "storage_class": "GLACIER"}]}},
     [], "components.logs: CloudFormation: s3-bucket 'logs' moves objects to GLACIER after 90 days, not before they "
         "expire (lifecycle_days 90)"),
    ({"fn": {"type": "lambda", "runtime": "python3.12", "async": {"on_failure": "jobs"}}, "jobs": FIFO}, [],
     "components.jobs: CloudFormation: sqs-queue 'jobs': it is FIFO, and the failure destination or dead-letter "
     "queue of function 'fn' can send only to standard queues"),
])
def test_what_aws_refuses_of_a_fifo_queue_a_parameter_or_a_lifecycle_is_a_located_error(tmp_path, components, connections, message):
    doc = {**BASE, "components": components, "connections": connections}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    result = run_generate("--model", str(tmp_path), "--validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert message in result.stderr
