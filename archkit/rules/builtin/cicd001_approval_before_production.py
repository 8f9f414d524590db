from ..base import Rule
from ..query import production_environments

CHANGING = ("deploy", "publish", "sync", "invalidate", "invoke", "script")


class ApprovalBeforeProduction(Rule):
    id = "CICD001"
    lens = "ops_ops_q2_a4"
    severity = "error"
    title = "A pipeline has a manual approval before its first change to a production environment"
    rationale = "A person confirms what reaches production after it has been seen working in a lower environment."
    link = "https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html"
    fix = "Add an action with `kind: approval` before the first production deploy."

    def check(self, model):
        production = set(production_environments(model))
        for pipeline in model.pipelines.values():
            approved = False
            for stage in pipeline.stages:
                for action in stage.actions:
                    if action.kind == "approval":
                        approved = True
                    elif action.kind in CHANGING and action.environment in production and not approved:
                        yield self.finding(pipeline, f"'{action.name}' changes {action.environment} "
                                                     "without a manual approval before it")
                        approved = True  # one finding per pipeline
