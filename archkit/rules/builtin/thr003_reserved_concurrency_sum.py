from collections import defaultdict

from ..base import Rule
from ..limits import limit
from ..query import environments


class ReservedConcurrencyWithinRegion(Rule):
    id = "THR003"
    lens = "rel_rel_q2_a4"
    severity = "error"
    title = "Reserved concurrency per account and region leaves 100 of the regional limit (1,000) unreserved"
    rationale = ("Lambda refuses reservations that leave fewer than 100 unreserved executions of the regional "
                 "concurrency limit; every function without a reservation shares that remainder.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"
    fix = "Lower `reserved_concurrency`, or raise the regional limit with a quota request."

    def check(self, model):
        cap = limit("lambda_regional_concurrency") - limit("lambda_unreserved_minimum")
        totals: dict = defaultdict(int)
        first: dict = {}
        for env_id in environments(model):
            env = model.environments.get(env_id) if env_id else None
            key = (env.account, env.region) if env else ("", "")
            for function in model.by_type("lambda"):
                reserved = function.props(env_id).get("reserved_concurrency") or 0
                totals[key] += reserved
                if reserved:
                    first.setdefault(key, function)
        for key, total in sorted(totals.items()):
            if total > cap:
                yield self.finding(first[key], f"functions reserve {total} in account {key[0] or '?'} "
                                               f"{key[1] or ''}, above {cap}".replace("  ", " "))
