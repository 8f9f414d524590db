"""dashboard -> a CloudWatch dashboard with one widget per metric (and per alarm's metric)."""
from __future__ import annotations

import json

from ..context import Resource
from ..intrinsics import Sub, literal
from .alarm import metric_dimensions
from .base import CfnType

PRIMARY = "Dashboard"


def build(ctx, comp):
    widgets, variables = [], {}
    for number, widget_id in enumerate(comp.get("widgets", [])):
        item = ctx.components[widget_id]
        metric = ctx.components[item.get("metric")] if item.type == "alarm" else item
        line = [literal(metric.get("namespace")), literal(metric.get("metric_name"))]
        for dimension in metric_dimensions(ctx, metric):
            key = f"D{len(variables)}"
            variables[key] = dimension["Value"]
            line += [dimension["Name"], "${" + key + "}"]
        widgets.append({"type": "metric", "x": (number % 2) * 12, "y": (number // 2) * 6, "width": 12, "height": 6,
                        "properties": {"title": literal(item.name), "metrics": [line], "region": "${AWS::Region}",
                                       "stat": "Sum" if item.type != "alarm" else item.get("statistic")}})
    body = json.dumps({"widgets": widgets}, ensure_ascii=False, sort_keys=True)
    body = Sub(body, variables) if widgets else body  # each widget names ${AWS::Region}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::CloudWatch::Dashboard",
                     {"DashboardName": ctx.physical_name(comp.id), "DashboardBody": body})]


def arns(ctx, comp, action):
    """What a caller's IAM actions on the dashboard (cloudwatch:GetDashboard, PutDashboard) apply to."""
    return [Sub("arn:${AWS::Partition}:cloudwatch::${AWS::AccountId}:dashboard/" + ctx.physical_name(comp.id).template)]


class DashboardType(CfnType):
    catalogue_type = "dashboard"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
