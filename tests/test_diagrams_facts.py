"""Neighbourhood diagrams say what a review asks (catalogue `review` lines): alarm threshold and period, log
retention, function memory/timeout/concurrency per environment, table keys; on a model written here."""
from __future__ import annotations

import yaml

from archkit.model import load_model
from archkit.model.catalogue import load_catalogue
from archkit.views.neighbourhood import neighbourhood_view

MODEL = {
    "system": {"name": "Facts"},
    "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"},
                     "prod": {"account": "222222222222", "region": "eu-west-1", "production": True}},
    "components": {
        "fn": {"type": "lambda", "runtime": "python3.12", "memory": 256, "timeout": 15, "log_group": "fn-logs",
               "overrides": {"prod": {"memory": 1024, "reserved_concurrency": 40}}},
        "fn-logs": {"type": "log-group", "retention_days": 14, "source": "fn"},
        "errors": {"type": "metric", "namespace": "AWS/Lambda", "metric_name": "Errors", "source": "fn"},
        "errors-alarm": {"type": "alarm", "metric": "errors", "statistic": "Sum", "comparison": ">=", "threshold": 3,
                         "period": 120, "evaluation_periods": 2},
        "table": {"type": "dynamodb-table", "partition_key": {"name": "pk"}, "sort_key": {"name": "sk", "type": "N"}},
    },
    "connections": [{"from": "fn", "to": "table", "protocol": "AWS SDK"}],
}


def centre_label(tmp_path, component_id: str) -> list[str]:
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(MODEL), encoding="utf-8")
    view = neighbourhood_view(load_model(tmp_path), component_id)
    centre = next(n for n in view.nodes if n.id == component_id)
    assert centre.listing  # drawn as a list under the icon, so the lines do not climb over it
    return centre.label.split("\n")


def test_a_function_shows_memory_per_environment_and_what_is_common_once(tmp_path):
    lines = centre_label(tmp_path, "fn")
    assert {"dev 256 MB", "prod 1024 MB", "timeout 15 s"} <= set(lines)
    text = " ".join(lines)  # a long line wraps under the icon
    assert "prod reserved 40" in text and text.count("timeout") == 1
    assert "dev reserved" not in text and "provisioned" not in text  # not set: not shown


def test_an_alarm_shows_threshold_and_period(tmp_path):
    assert {"Sum >= 3", "2 x 120 s"} <= set(centre_label(tmp_path, "errors-alarm"))


def test_a_log_group_shows_retention_and_a_table_its_keys(tmp_path):
    assert "kept 14 days" in centre_label(tmp_path, "fn-logs")
    assert {"PK pk (S)", "SK sk (N)"} <= set(centre_label(tmp_path, "table"))


def test_a_neighbour_shows_no_settings(tmp_path):
    """Settings only on a component's own diagram: a changed memory size redraws one diagram."""
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(MODEL), encoding="utf-8")
    view = neighbourhood_view(load_model(tmp_path), "table")
    assert not any("MB" in n.label for n in view.nodes if n.id == "fn")


def test_every_review_line_names_properties_of_its_type():
    import string

    for type_name, component_type in load_catalogue().types.items():
        for template in component_type.review:
            fields = {name.split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}
            assert fields and fields <= set(component_type.properties), (type_name, template)
