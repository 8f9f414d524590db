from ..base import Rule


class StacksDeployedByPipeline(Rule):
    id = "CICD002"
    lens = "ops_ops_q2_a1"
    severity = "error"
    title = "Infrastructure is deployed with CloudFormation by a pipeline"
    rationale = ("Infrastructure as code, deployed by a pipeline, makes every change reviewed, repeatable and "
                 "reversible; a stack no pipeline deploys is changed by hand.")
    link = "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/welcome.html"
    fix = "Add a pipeline deploy action with `target:` the cloudformation-stack (and `deploys:` on the stack)."

    def check(self, model):
        deployed = {a.target for p in model.pipelines.values() for s in p.stages for a in s.actions if a.kind == "deploy"}
        deploying = {ref for stack in model.by_type("cloudformation-stack") for ref in stack.props().get("deploys", [])}
        for stack in model.by_type("cloudformation-stack"):
            if stack.id not in deployed:
                yield self.finding(stack, "no pipeline deploys this stack")
        if model.pipelines and not model.by_type("cloudformation-stack"):
            first = next(iter(model.pipelines.values()))
            yield self.finding(first, "no pipeline deploys a CloudFormation stack")
        for function in model.by_type("lambda"):
            if deploying and function.id not in deploying:
                yield self.finding(function, "no CloudFormation stack deploys this function")
