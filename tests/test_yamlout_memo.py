"""The template writer dumps a document once per process (the live preview re-dumps only what an edit changed):
the remembered text must be exactly what dumping gives, for documents that differ only in a type or an order."""
from __future__ import annotations

from archkit.renderers.cloudformation import yamlout
from archkit.renderers.cloudformation.intrinsics import GetAtt, Ref, Sub


def test_a_remembered_document_gives_the_text_a_fresh_dump_gives():
    document = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": Sub("${Env}-q")}}}}
    first = yamlout.dump(document)
    assert yamlout.dump(document) == first == yamlout.written(document)


def test_documents_that_differ_in_type_or_key_order_are_not_confused():
    variants = [{"A": Ref("X")}, {"A": "X"}, {"A": GetAtt("X", "Arn")}, {"A": 1}, {"A": "1"}, {"A": True},
                {"A": "True"}, {"A": 1.0}, {"A": 1, "B": 2}, {"B": 2, "A": 1},
                {"A": Sub("${X}", {"X": "a"})}, {"A": Sub("${X}", {"X": "b"})}]
    for document in variants:
        yamlout.dump(document)
    for document in variants:
        assert yamlout.dump(document) == yamlout.written(document), document
    assert len({yamlout.dump(d) for d in variants}) == len(variants)


def test_the_memory_is_bounded():
    for k in range(yamlout.DUMPED_KEPT * 2):
        yamlout.dump({"Index": k})
    assert len(yamlout.DUMPED) <= yamlout.DUMPED_KEPT
    assert yamlout.dump({"Index": 0}) == yamlout.written({"Index": 0})
