from ..base import Rule
from ..query import failing_environments, in_envs


class ProvisionedTablesHaveCapacity(Rule):
    id = "THR005"
    lens = "perf_perf_q1_a3"
    severity = "error"
    title = "A DynamoDB table in PROVISIONED mode sets read and write capacity"
    rationale = "Provisioned capacity bounds the load the table takes before throttling; it must be stated, not defaulted."
    link = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html"
    fix = "Set `read_capacity` and `write_capacity`, or use `billing_mode: PAY_PER_REQUEST`."

    def check(self, model):
        for table in model.by_type("dynamodb-table"):
            envs = failing_environments(model, table, lambda p: p.get("billing_mode") == "PROVISIONED" and
                                        not (p.get("read_capacity") and p.get("write_capacity")))
            if envs:
                yield self.finding(table, f"PROVISIONED without read_capacity and write_capacity{in_envs(model, envs)}")
