from ..base import Rule

COMPUTE_TYPES = ("lambda", "step-functions")


class ComputeConnectionsHavePermissions(Rule):
    id = "IAM003"
    lens = "sec_sec_q2_a4"
    severity = "warning"
    title = "Every connection from a function to an AWS resource lists its IAM permissions"
    rationale = ("The execution role is derived from the connections; a connection without permissions leaves "
                 "the role either too weak or written by hand, too broad.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"
    fix = "Add `permissions: [service:Action, ...]` to the connection."

    def check(self, model):
        for conn in model.connections:
            source = model.components.get(conn.source)
            target = model.components.get(conn.target)
            if source is None or target is None or source.type.name not in COMPUTE_TYPES:
                continue
            if target.type.cloudformation and not conn.permissions:
                yield self.finding(conn, f"no permissions for {target.type.label} '{target.id}'")
