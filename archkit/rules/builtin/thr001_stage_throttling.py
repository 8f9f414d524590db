from ..base import Rule
from ..limits import limit


class StageThrottlingSet(Rule):
    id = "THR001"
    lens = "rel_rel_q1_a1"
    severity = "error"
    title = "Every API stage sets throttling within the account default (10,000 requests/s, burst 5,000)"
    rationale = ("Without stage throttling one client can use the whole account's API quota and every function's "
                 "concurrency; a stage above the account limit is never reached.")
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"
    fix = "Set `throttling_rate` and `throttling_burst` on the stage."

    def check(self, model):
        rate_max, burst_max = limit("api_gateway_account_rate"), limit("api_gateway_account_burst")
        for api in model.by_type("api-gateway-rest"):
            for name, stage in api.props().get("stages", {}).items():
                rate, burst = stage.get("throttling_rate"), stage.get("throttling_burst")
                if rate is None or burst is None:
                    yield self.finding(api, f"stage '{name}' has no throttling_rate/throttling_burst")
                elif rate > rate_max or burst > burst_max:
                    yield self.finding(api, f"stage '{name}' throttling {rate}/{burst} exceeds the account "
                                            f"default {rate_max}/{burst_max}")
