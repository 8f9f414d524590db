from ..base import Rule


class StacksDeployedByPipeline(Rule):
    id = "CICD002"
    severity = "error"
    title = "Infrastructure is deployed with CloudFormation by a pipeline"
    rationale = ("Infrastructure as code, deployed by a pipeline, makes every change reviewed, repeatable and "
                 "reversible; a stack no pipeline deploys is changed by hand.")
    link = "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/welcome.html"
    fix = ("In the pipeline, add a stage action `{kind: deploy, target: <stack id>}` for each cloudformation-stack "
           "component, and list in that stack's `deploys:` the components it deploys.")

    def check(self, model):
        deployed = {a.target for p in model.pipelines.values() for s in p.stages for a in s.actions if a.kind == "deploy"}
        deploying = {ref for stack in model.by_type("cloudformation-stack") for ref in stack.props().get("deploys", [])}
        for stack in model.by_type("cloudformation-stack"):
            if stack.id not in deployed:
                yield self.finding(stack, "no pipeline stage has a deploy action with `target: " + stack.id + "`",
                                   f"add `{{name: Deploy, kind: deploy, uses: {stack.id}, target: {stack.id}}}` to a "
                                   "stage's `actions:` of the pipeline that should deploy it")
        if model.pipelines and not model.by_type("cloudformation-stack"):
            first = next(iter(model.pipelines.values()))
            yield self.finding(first, "the model has pipelines but no cloudformation-stack component, so no pipeline "
                                      "deploys the infrastructure", "add a `type: cloudformation-stack` component "
                               "with `deploys:` (the components it holds) and a deploy action that targets it")
        stacks = [stack.id for stack in model.by_type("cloudformation-stack")]
        for function in model.by_type("lambda"):
            if deploying and function.id not in deploying:
                yield self.finding(
                    function, "not listed in the `deploys:` of any cloudformation-stack component (" +
                    ", ".join(stacks) + "), so no pipeline deploys it, although a generated template may hold it",
                    f"add `{function.id}` to `deploys:` of the stack component that should deploy it "
                    f"(e.g. {stacks[0]})")
