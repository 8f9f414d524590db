from ..base import Rule

VIEWER = {"viewer-request", "viewer-response"}
# Quotas on Lambda@Edge (CloudFront developer guide, cloudfront-limits: Lambda@Edge): memory and timeout by event
LIMITS = {"viewer": (128, 5), "origin": (10240, 30)}


class LambdaAtEdgeLimits(Rule):
    id = "EDGE002"
    lens = "none: a deployment check (CloudFront refuses to associate a function that breaks Lambda@Edge's restrictions)"
    severity = "error"
    title = "A function CloudFront runs at the edge keeps to Lambda@Edge's restrictions"
    rationale = ("Lambda@Edge replicates a numbered version of the function from us-east-1 and refuses one with "
                 "arm64, environment variables, layers, a dead-letter queue, X-Ray tracing, reserved or "
                 "provisioned concurrency, a runtime other than Node.js or Python, or more memory or time than "
                 "its event allows (128 MB and 5 s on viewer events, 30 s on origin events).")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html"
    fix = "Change the function as the finding says, or use a CloudFront Function for light viewer-event work."

    def check(self, model):
        events: dict[str, set[str]] = {}
        for distribution in model.by_type("cloudfront"):
            for origin in distribution.props().get("origins", []):
                for edge in origin.get("edge_functions", []):
                    events.setdefault(edge.get("function"), set()).add(edge.get("event"))
        for fn_id, on in sorted(events.items()):
            function = model.components.get(fn_id)
            if function is None or function.type.name != "lambda":
                continue
            for env in list(model.environments) or [None]:
                for problem, fix in self.problems(function.props(env), on):
                    where = f" (in {env})" if env and function.overrides.get(env) else ""
                    yield self.finding(function, f"runs at the edge ({', '.join(sorted(on))}) but {problem}{where}", fix)

    @staticmethod
    def problems(props, on):
        kind = "viewer" if on & VIEWER else "origin"
        memory_max, timeout_max = LIMITS[kind]
        runtime = props.get("runtime", "")
        if not runtime.startswith(("nodejs", "python")):
            yield f"its runtime {runtime} is not Node.js or Python", "choose a nodejs or python `runtime`"
        if props.get("architecture", "arm64") != "x86_64":
            yield "its architecture is arm64", "set `architecture: x86_64`"
        if props.get("tracing", "Active") == "Active":
            yield "X-Ray tracing is Active", "set `tracing: PassThrough`"
        for name, what in (("environment", "environment variables"), ("layers", "layers"),
                           ("dead_letter", "a dead-letter queue"), ("reserved_concurrency", "reserved concurrency"),
                           ("provisioned_concurrency", "provisioned concurrency")):
            if props.get(name) not in (None, [], {}):
                yield f"it has {what}", f"remove `{name}` from the function"
        if props.get("log_group"):
            yield ("it names a log_group, which its replicas cannot write to (each writes to "
                   "/aws/lambda/us-east-1.<function name> in the region it runs in)", "remove `log_group` from the function")
        if props.get("memory", 128) > memory_max:
            yield (f"its memory {props.get('memory')} MB is above {memory_max} MB for {kind} events",
                   f"set `memory:` at most {memory_max}")
        if props.get("timeout", 3) > timeout_max:
            yield (f"its timeout {props.get('timeout')} s is above {timeout_max} s for {kind} events",
                   f"set `timeout:` at most {timeout_max}")
