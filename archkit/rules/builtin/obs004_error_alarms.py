from ..base import Rule
from ..query import alarms_on, metrics_of

ERROR_METRICS = {"lambda": {"Errors"}, "api-gateway-rest": {"5XXError"}, "api-gateway-http": {"5xx"},
                 "api-gateway-websocket": {"IntegrationError", "ExecutionError"}, "appsync-api": {"5XXError"},
                 "step-functions": {"ExecutionsFailed"}}


class ErrorAlarms(Rule):
    id = "OBS004"
    lens = "ops_ops_q1_a1"
    severity = "error"
    title = "Every function, API and state machine has an alarm on its error metric"
    rationale = "Errors nobody is told about are found by users; an alarm on the service's error metric turns them into a page."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"
    fix = "Add a metric (e.g. AWS/Lambda Errors) with `source:` the component, and an alarm on it."

    def check(self, model):
        for type_name, names in ERROR_METRICS.items():
            for component in model.by_type(type_name):
                metrics = [m.id for m in metrics_of(model, component.id) if m.props().get("metric_name") in names]
                if not alarms_on(model, metrics):
                    metric = " or ".join(sorted(names))
                    yield self.finding(component, f"no alarm on {metric}", (
                        f"add a `type: metric` component with `metric_name: {sorted(names)[0]}` and `source: "
                        f"{component.id}`, and a `type: alarm` component with `metric:` that metric" if not metrics
                        else f"add a `type: alarm` component with `metric: {metrics[0]}`"))
