from ..base import Mitigated, Open, ThreatRule
from ..facts import access_log_of, proxy_log_of


class UnrecordedCalls(ThreatRule):
    id = "TM006"
    stride = "R"
    severity = "info"
    title = "A caller denies a request nobody recorded"
    description = "Without an access log on the receiving side, no one can later show who called and when."
    fix = "give the target an access log (CloudFront access_log_bucket, an API stage access_log, or a log group " \
          "whose source is the target); calls to AWS APIs are recorded by CloudTrail, which the model does not hold"

    def assess(self, model, crossing):
        connection = crossing.connection
        if crossing.target_zone not in ("global", "region"):
            return None  # a person or a system outside AWS: the model holds no facts about its records
        log = access_log_of(model, connection.target)
        if log:
            return Mitigated(log, f"requests to {connection.target} are logged")
        forwarded = proxy_log_of(model, connection.source)
        if forwarded and forwarded != connection.target and not connection.asynchronous:  # a forwarded request
            return Mitigated(forwarded, f"{connection.source} records each request it forwards to "
                                        f"{connection.target} in its access log")
        return Open(f"no access log or log group records requests to {connection.target}")
