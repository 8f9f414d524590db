from ..base import Rule
from ..limits import limit


class CognitoTokenLifetimes(Rule):
    id = "AUTH001"
    lens = "sec_sec_q1_a1"
    severity = "warning"
    title = "Cognito ID and access tokens live at most 60 minutes, refresh tokens at most 30 days and longer than both"
    rationale = ("Access and ID tokens cannot be revoked before they expire; short lifetimes bound the damage of a "
                 "stolen token, and the refresh token must outlive them to be of use.")
    link = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html"
    fix = "Set `id_token_validity` and `access_token_validity` <= 60 and `refresh_token_validity` <= 43200 (minutes)."

    def check(self, model):
        short_max, refresh_max = limit("cognito_short_token_max_min"), limit("cognito_refresh_token_max_min")
        for pool in model.by_type("cognito-user-pool"):
            for client in pool.props().get("clients", []):
                name = client["name"]
                id_min, access_min = client.get("id_token_validity", 60), client.get("access_token_validity", 60)
                refresh = client.get("refresh_token_validity", 43200)
                if max(id_min, access_min) > short_max:
                    yield self.finding(pool, f"client '{name}' ID/access tokens live {max(id_min, access_min)} min, above {short_max}")
                if refresh > refresh_max:
                    yield self.finding(pool, f"client '{name}' refresh token lives {refresh} min, above {refresh_max}")
                if refresh <= max(id_min, access_min):
                    yield self.finding(pool, f"client '{name}' refresh token does not outlive its access token")
