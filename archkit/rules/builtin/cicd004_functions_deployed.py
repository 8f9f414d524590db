from ..base import Rule

SHIPPING = ("deploy", "publish")


class FunctionsDeployedByPipeline(Rule):
    id = "CICD004"
    severity = "warning"
    title = "A pipeline deploys the code of every function"
    rationale = ("The templates hold placeholder handler code; a function whose code no pipeline deploys runs "
                 "the placeholder, or code someone uploaded by hand.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-cicd.html"
    fix = ("Add a pipeline action with `kind: deploy` and `target:` the function (or a cloudformation-stack whose "
           "`deploys:` lists it).")

    def check(self, model):
        targets = {a.target for p in model.pipelines.values() for s in p.stages for a in s.actions
                   if a.kind in SHIPPING and a.target}
        for stack in model.by_type("cloudformation-stack"):
            if stack.id in targets:
                targets |= set(stack.props().get("deploys", []))
        for function in model.by_type("lambda"):
            if function.id not in targets:
                yield self.finding(function, "no pipeline deploys this function's code")
