from ..base import Rule
from ..query import apis_in_front_of, failing_environments, in_envs


class ApiFunctionsHaveReservedConcurrency(Rule):
    id = "THR004"
    lens = "rel_rel_q1_a3"
    severity = "warning"
    title = "Functions behind a throttled API have reserved concurrency above zero and at least their provisioned concurrency"
    rationale = ("Reserved concurrency caps what a function can take from the regional pool (and so the load on "
                 "its data store); zero disables the function; provisioned above reserved cannot be allocated.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"
    fix = "Set `reserved_concurrency` (> 0 and >= `provisioned_concurrency`) on the function."

    def check(self, model):
        for function in model.by_type("lambda"):
            if not apis_in_front_of(model, function.id):
                continue
            envs = failing_environments(model, function, lambda p: not p.get("reserved_concurrency"))
            if envs:
                yield self.finding(function, f"no reserved concurrency{in_envs(model, envs)}")
            envs = failing_environments(model, function, lambda p: (p.get("provisioned_concurrency") or 0) >
                                        (p.get("reserved_concurrency") or 10**9))
            if envs:
                yield self.finding(function, f"provisioned concurrency exceeds reserved{in_envs(model, envs)}")
