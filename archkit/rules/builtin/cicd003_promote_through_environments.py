from ..base import Rule
from ..query import production_environments
from .cicd001_approval_before_production import CHANGING


class PromoteThroughEnvironments(Rule):
    id = "CICD003"
    lens = "ops_ops_q2_a1"
    severity = "warning"
    title = "A pipeline changes a target in a non-production environment before production"
    rationale = "Deploying the same artefact to a lower environment first catches what tests did not."
    link = "https://docs.aws.amazon.com/wellarchitected/latest/framework/ops_mit_deploy_risks_test_val_chg.html"
    fix = "Add a stage for a non-production environment that deploys the same target before the production stage."

    def check(self, model):
        production = set(production_environments(model))
        for pipeline in model.pipelines.values():
            earlier: set[str] = set()
            for stage in pipeline.stages:
                for action in stage.actions:
                    if action.kind not in CHANGING or not action.target:
                        continue
                    if action.environment in production and action.target not in earlier:
                        yield self.finding(pipeline, f"'{action.name}' reaches {action.environment} with "
                                                     f"'{action.target}' not deployed anywhere before")
                    elif action.environment and action.environment not in production:
                        earlier.add(action.target)
