"""Issue 15: Data Firehose in the model: a delivery stream to its bucket, from a Kinesis stream or put directly,
with a role that may write only that bucket (and use its key through S3) and read only that stream. Deployed
through moto's firehose API by test_deploy_moto (tests/models/services has two)."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload

MODEL = """
system: {name: Clicks}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  clicks: {type: kinesis-stream}
  archive: {type: s3-bucket, encryption: SSE-KMS}
  from-stream: {type: firehose-stream, source: clicks, destination: archive, buffer_seconds: 60}
  direct: {type: firehose-stream, destination: archive, prefix: raw/}
  producer: {type: lambda, runtime: python3.12}
connections:
  - {from: producer, to: direct, protocol: AWS SDK, permissions: ["firehose:PutRecordBatch"]}
"""


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    result = build(templates_payload(model))
    return model, result, {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}


def statements(placed, role):
    return placed[role].properties["Policies"][0]["PolicyDocument"]["Statement"]


def test_a_stream_source_and_a_direct_put_stream_deliver_to_the_bucket(built):
    _, _, placed = built
    source = placed["FromStreamDeliveryStream"].properties
    assert source["DeliveryStreamType"] == "KinesisStreamAsSource"
    assert source["KinesisStreamSourceConfiguration"]["KinesisStreamARN"].resource == "ClicksStream"
    assert "DeliveryStreamEncryptionConfigurationInput" not in source  # the stream encrypts its records
    direct = placed["DirectDeliveryStream"].properties
    assert direct["DeliveryStreamType"] == "DirectPut"
    assert direct["DeliveryStreamEncryptionConfigurationInput"] == {"KeyType": "AWS_OWNED_CMK"}
    s3 = direct["ExtendedS3DestinationConfiguration"]
    assert s3["Prefix"] == "raw/" and s3["ErrorOutputPrefix"].startswith("raw-errors/")
    assert source["ExtendedS3DestinationConfiguration"]["BufferingHints"] == {"IntervalInSeconds": 60,
                                                                              "SizeInMBs": 5}


def test_the_role_may_write_the_bucket_use_its_key_and_read_the_stream_only(built):
    _, _, placed = built
    trust = placed["FromStreamRole"].properties["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Principal"] == {"Service": "firehose.amazonaws.com"} and "aws:SourceAccount" in str(trust)
    granted = statements(placed, "FromStreamRole")
    actions = {a for s in granted for a in s["Action"]}
    assert "s3:PutObject" in actions and "kinesis:GetRecords" in actions
    assert {"kms:GenerateDataKey", "kms:Decrypt"} <= actions  # the bucket has a key of its own
    assert not any(a.startswith("kinesis:") for s in statements(placed, "DirectRole") for a in s["Action"])


def test_the_references_are_connections_the_wiring_index_realises(built):
    model, result, placed = built
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["from-stream->archive"] == "firehose-delivery" and kinds["from-stream->clicks"] == "firehose-reads"
    assert "FromStreamDeliveryStream" in result.context.realised["from-stream->clicks"]["lids"]
    producer = statements(placed, "ProducerRole")
    assert any(s["Action"] == ["firehose:PutRecordBatch"] and s["Resource"][0].resource == "DirectDeliveryStream"
               for s in producer)
