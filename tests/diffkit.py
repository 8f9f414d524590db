"""Test models for the architecture diff: a copy of tests/models/event-driven, mutated the way a merge request
would change it (add a function, change a table's key, remove a connection)."""
from __future__ import annotations

import shutil
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "models" / "event-driven"

ADD_FUNCTION = ("  orders-table:\n", "  audit-fn:\n    type: lambda\n    runtime: python3.12\n    owner: commerce-team\n"
                "  orders-table:\n")
ADD_CONNECTION = ("connections:\n", "connections:\n  - {from: intake-fn, to: audit-fn, protocol: Lambda invoke, "
                  "async: true, permissions: [\"lambda:InvokeFunction\"]}\n")
CHANGE_KEY = ("partition_key: {name: orderId}", "partition_key: {name: orderNumber}")
REMOVE_CONNECTION = ("  - {from: fulfilment, to: warehouse-queue, protocol: AWS SDK, "
                     "permissions: [\"sqs:SendMessage\"]}\n", "")
REMOVE_STEP = ("      - {from: fulfilment, to: warehouse-queue, action: Enqueue pick list, failures: [{when: Queue "
               "unavailable, response: Step retries with backoff}]}\n", "")
THE_MERGE = (ADD_FUNCTION, ADD_CONNECTION, CHANGE_KEY, REMOVE_CONNECTION, REMOVE_STEP)


def copy_model(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in SOURCE.glob("*.yaml"):
        text = file.read_text(encoding="utf-8").replace("../../../model/model.schema.json", "model.schema.json")
        (folder / file.name).write_text(text, encoding="utf-8")
    return folder


def mutate(folder: Path, *edits: tuple[str, str]) -> Path:
    file = folder / "model.yaml"
    text = file.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the test model no longer holds {old!r}"
        text = text.replace(old, new, 1)
    file.write_text(text, encoding="utf-8")
    return folder
