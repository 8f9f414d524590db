from ..base import Rule
from ..query import outbound

WRITE = {"xray:PutTraceSegments", "xray:*"}


def traced(component) -> bool:
    if component.type.name == "lambda":
        return component.props().get("tracing", "Active") == "Active"
    return component.type.name == "step-functions" and bool(component.props().get("tracing", True))


class TracingCanWriteTraces(Rule):
    id = "OBS006"
    severity = "warning"
    title = "A traced function or state machine is connected to X-Ray with permission to write traces"
    rationale = ("With tracing on, Lambda and Step Functions send segments with the role of the function or state "
                 "machine; without xray:PutTraceSegments they are dropped and the trace map shows nothing. The "
                 "templates grant AWSXrayWriteOnlyAccess to every traced role; the model should say so too, so "
                 "that the diagrams and the IAM review show where traces go.")
    link = "https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html"
    fix = ("Connect it to an xray component with `permissions: [\"xray:PutTraceSegments\", "
           "\"xray:PutTelemetryRecords\"]`, or turn tracing off (`tracing: PassThrough` / `tracing: false`).")

    def check(self, model):
        for component in [*model.by_type("lambda"), *model.by_type("step-functions")]:
            if not traced(component):
                continue
            granted = {a for c in outbound(model, component.id) if c.target in model.components
                       and model.components[c.target].type.name == "xray" for a in c.permissions}
            if not granted & WRITE:
                yield self.finding(component, "tracing is on, but no connection to an X-Ray component grants "
                                              "xray:PutTraceSegments")
