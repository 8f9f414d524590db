from ..base import Rule


class LayersFitTheFunction(Rule):
    id = "FN001"
    lens = "none: a deployment check (Lambda refuses a layer that does not list the function's runtime and architecture)"
    severity = "error"
    title = "Each layer a function loads lists the function's runtime and architecture"
    rationale = ("Lambda refuses to create or update a function with a layer whose compatible runtimes or "
                 "architectures leave out the function's: the stack fails at deploy time.")
    link = "https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html"
    fix = "Add the function's runtime (or architecture) to the layer's `runtimes` (`architectures`), or load another layer."

    def check(self, model):
        environments = list(model.environments) or [None]
        for function in model.by_type("lambda"):
            misfits: dict[tuple[str, str, str], list] = {}
            for env in environments:
                for misfit in self.misfits(model, function.props(env), env):
                    misfits.setdefault(misfit, []).append(env)
            for (layer_id, field, value), envs in misfits.items():
                layer = model.components[layer_id]
                where = "" if len(envs) == len(environments) else " (in " + ", ".join(envs) + ")"
                yield self.finding(function, f"loads layer '{layer_id}', whose `{field}` leave out its "
                                             f"{field.rstrip('s')} {value}{where}",
                                   f"add {value} to the `{field}` of '{layer_id}' (at {layer.location}), or remove "
                                   f"'{layer_id}' from the function's `layers`")

    @staticmethod
    def misfits(model, props, env):
        runtime, architecture = props.get("runtime"), props.get("architecture", "arm64")
        for layer_id in props.get("layers", []):
            layer = model.components.get(layer_id)
            if layer is None or layer.type.name != "lambda-layer":
                continue
            offered = layer.props(env)
            if runtime not in offered.get("runtimes", []):
                yield layer_id, "runtimes", runtime
            if architecture not in offered.get("architectures", ["arm64"]):
                yield layer_id, "architectures", architecture
