from ..base import Rule
from ..query import apis_in_front_of, cloudfront_origins_to


class ApiTimeoutBelowCloudFront(Rule):
    id = "PERF002"
    lens = "rel_rel_q2_a1"
    severity = "error"
    title = "The API and its functions answer before the CloudFront origin response timeout (30 s default)"
    rationale = ("CloudFront waits `response_timeout` for the origin, then returns 504 (and retries GETs); the API "
                 "integration timeout and every function behind it must be shorter.")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginResponseTimeout"
    fix = "Lower the API's `integration_timeout` (and function timeouts) below the origin's `response_timeout`."

    def check(self, model):
        for api in model.by_type("api-gateway-rest"):
            integration = api.props().get("integration_timeout", 29000)
            for distribution, origin in cloudfront_origins_to(model, api.id):
                limit_ms = origin.get("response_timeout", 30) * 1000
                if integration >= limit_ms:
                    yield self.finding(api, f"integration timeout {integration / 1000:g} s is not below CloudFront "
                                            f"'{distribution.id}' origin timeout {limit_ms / 1000:g} s")
                for target in api.props().get("routes", []):
                    function = model.components.get(target["target"])
                    if function is not None and function.type.name == "lambda" and \
                            function.props().get("timeout", 3) * 1000 >= limit_ms:
                        yield self.finding(function, f"timeout is not below CloudFront '{distribution.id}' origin timeout")
