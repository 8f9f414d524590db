from ..base import Rule


class NoImplicitFlow(Rule):
    id = "AUTH002"
    lens = "sec_sec_q1_a1"
    severity = "warning"
    title = "User pool clients use the authorization code flow, not the implicit flow"
    rationale = "The implicit grant returns tokens in the URL; OAuth 2.0 security best practice replaces it with code + PKCE."
    link = "https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html"
    fix = "Set `oauth_flows: [code]` on the client."

    def check(self, model):
        for pool in model.by_type("cognito-user-pool"):
            for client in pool.props().get("clients", []):
                if "implicit" in client.get("oauth_flows", []):
                    yield self.finding(pool, f"client '{client['name']}' allows the implicit flow")
