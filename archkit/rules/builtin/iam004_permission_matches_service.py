from ..base import Rule

# IAM service prefixes whose name differs from the CloudFormation namespace (AWS::<Namespace>::...)
PREFIXES = {"StepFunctions": {"states"}, "Cognito": {"cognito-idp"}, "ApiGateway": {"execute-api", "apigateway"},
            "IAM": {"iam", "sts"}, "CertificateManager": {"acm"}, "CodeStarConnections": {"codestar-connections"},
            "KinesisFirehose": {"firehose"}, "ApiGatewayV2": {"execute-api", "apigateway"}}


def services_of(component) -> set[str]:
    names = {t.split("::")[1] for t in component.type.cloudformation}
    return {prefix for name in names for prefix in PREFIXES.get(name, {name.lower()})}


class PermissionMatchesTarget(Rule):
    id = "IAM004"
    lens = "sec_sec_q2_a3"
    severity = "error"
    title = "A connection's permissions are actions on the service of the resource it names"
    rationale = "Permissions are scoped to the connection's target; an action on another service is scoped to nothing."
    link = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
    fix = "Move the permission to the connection to the resource it acts on."

    def check(self, model):
        for conn in model.connections:
            target = model.components.get(conn.target)
            if target is None or not target.type.cloudformation:
                continue
            services = services_of(target)
            wrong = [p for p in conn.permissions if p.split(":")[0] not in services]
            if wrong:
                yield self.finding(conn, f"{', '.join(wrong)} do not act on {target.type.label} '{target.id}'")
