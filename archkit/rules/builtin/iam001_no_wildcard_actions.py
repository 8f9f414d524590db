from ..base import Rule


class NoWildcardActions(Rule):
    id = "IAM001"
    lens = "sec_sec_q2_a3"
    severity = "error"
    title = "Permissions name single IAM actions, never wildcards"
    rationale = "Least privilege: a wildcard action grants today's and tomorrow's actions on the service."
    link = "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/identity-and-access-management.html"
    fix = "List the exact actions the caller needs, e.g. dynamodb:Query instead of dynamodb:*."

    def check(self, model):
        for conn in model.connections:
            wild = [p for p in conn.permissions if "*" in p]
            if wild:
                yield self.finding(conn, "wildcard permission " + ", ".join(wild))
        for role in model.by_type("iam-role"):
            wild = [a for a in role.props().get("actions", []) if "*" in a]
            if wild:
                yield self.finding(role, "wildcard action " + ", ".join(wild))
