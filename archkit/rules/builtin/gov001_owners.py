from ..base import Rule


class ComponentsHaveOwners(Rule):
    id = "GOV001"
    lens = "none: ownership is a practice of the Framework's operational excellence pillar, not of the Serverless Lens"
    severity = "warning"
    title = "Every component has an owner"
    rationale = "Alarms, findings and changes need a team to go to; an unowned component is nobody's problem until it fails."
    link = "https://docs.aws.amazon.com/wellarchitected/latest/framework/ops_ops_model_def_resource_owners.html"
    fix = "Set `owner:` on the component."

    def check(self, model):
        for component in model.components.values():
            if not component.owner:
                yield self.finding(component, "no owner")
