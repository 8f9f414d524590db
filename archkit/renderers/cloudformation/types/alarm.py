"""alarm -> a CloudWatch alarm on the metric it watches, telling its SNS topics."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Ref
from .base import CfnType

PRIMARY = "Alarm"
COMPARISON = {">": "GreaterThanThreshold", ">=": "GreaterThanOrEqualToThreshold", "<": "LessThanThreshold",
              "<=": "LessThanOrEqualToThreshold"}


def metric_dimensions(ctx, metric) -> list:
    source = ctx.components.get(metric.get("source") or "")
    module = ctx.registry.get(source.type) if source else None
    return module.dimensions(ctx, source) if module else []


def build(ctx, comp):
    metric = ctx.components[comp.get("metric")]
    props: dict = {"AlarmName": ctx.physical_name(comp.id), "AlarmDescription": comp.description or comp.name, "Namespace": metric.get("namespace"),
                   "MetricName": metric.get("metric_name"), "ComparisonOperator": COMPARISON[comp.get("comparison")],
                   "Threshold": comp.get("threshold"), "Period": comp.get("period"),
                   "EvaluationPeriods": comp.get("evaluation_periods"), "TreatMissingData": "notBreaching"}
    statistic = comp.get("statistic")
    props["ExtendedStatistic" if statistic.startswith("p") else "Statistic"] = statistic
    dimensions = metric_dimensions(ctx, metric)
    if dimensions:
        props["Dimensions"] = dimensions
    if metric.get("unit"):
        props["Unit"] = metric.get("unit")
    topics = [Ref(ctx.primary(t)) for t in comp.get("notify", [])]
    if topics:
        props.update({"AlarmActions": topics, "OKActions": topics})
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::CloudWatch::Alarm", props)]


def arns(ctx, comp, action):
    """What a caller's IAM actions on the alarm (cloudwatch:DescribeAlarms, SetAlarmState) apply to: by its name,
    since a function that reads the alarm on its own metric would otherwise close a cycle (its role -> the alarm ->
    the function, its dimension -> the role)."""
    from .. import wiring
    return [wiring.alarm_arn(ctx, comp.id)]


class AlarmType(CfnType):
    catalogue_type = "alarm"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
