from ..base import Rule

EVENT_OF_KIND = {"index-rewrite": "viewer-request", "security-headers": "viewer-response"}


class FunctionsFitTheirEvents(Rule):
    id = "EDGE001"
    lens = "none: a deployment check (CloudFront refuses a behaviour with two functions on one event)"
    severity = "error"
    title = "Each cache behaviour runs at most one function per event, of a kind written for that event"
    rationale = ("CloudFront refuses a behaviour with two functions on one event, including a CloudFront Function "
                 "and a Lambda@Edge function on the same viewer event; a function written to rewrite requests "
                 "cannot run on responses, and a custom function needs its code.")
    link = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html"
    fix = "Keep one function per event on the origin (merge their work into one), and give each function the event its kind is for."

    def check(self, model):
        for fn in model.by_type("cloudfront-function"):
            props = fn.props()
            kind, event = props.get("kind", "passthrough"), props.get("event")
            if EVENT_OF_KIND.get(kind, event) != event:
                yield self.finding(fn, f"kind {kind} is for {EVENT_OF_KIND[kind]}, but the function runs on {event}",
                                   f"set `event: {EVENT_OF_KIND[kind]}`, or `kind: custom` with your `code`")
            if kind == "custom" and not props.get("code"):
                yield self.finding(fn, "kind custom has no code", "give `code:` (a handler(event) in JavaScript), or "
                                                                  "choose a built-in kind")
        for distribution in model.by_type("cloudfront"):
            for origin in distribution.props().get("origins", []):
                yield from self.crowded(model, distribution, origin)

    def crowded(self, model, distribution, origin):
        taken: dict[str, list[str]] = {}
        for fn_id in origin.get("functions", []):
            fn = model.components.get(fn_id)
            if fn is not None and fn.type.name == "cloudfront-function":
                taken.setdefault(fn.props().get("event"), []).append(fn_id)
        for edge in origin.get("edge_functions", []):
            taken.setdefault(edge.get("event"), []).append(edge.get("function"))
        for event, functions in taken.items():
            if len(functions) > 1:
                yield self.finding(distribution, f"origin '{origin.get('name')}' runs {len(functions)} functions on "
                                                 f"{event} (" + ", ".join(functions) + ")",
                                   f"keep one function on {event} for origin '{origin.get('name')}'")
