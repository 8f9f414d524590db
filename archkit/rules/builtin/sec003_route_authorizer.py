from ..base import Rule


class RouteHasAuthorizer(Rule):
    id = "SEC003"
    lens = "sec_sec_q1_a1"
    severity = "error"
    title = "Every API route has an authorizer unless it is marked public with a reason"
    rationale = ("Each route must authenticate its caller; an unauthenticated route is a deliberate decision that "
                 "the model records, with the reason.")
    link = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html"
    fix = "Give the route `authorizer: <name>`, or `public: true` with `public_reason:`."

    def check(self, model):
        for api in model.by_type("api-gateway-rest") + model.by_type("api-gateway-http"):
            for route in api.props().get("routes", []):
                if route.get("authorizer"):
                    continue
                if not route.get("public"):
                    yield self.finding(api, f"{route['method']} {route['path']} has no authorizer")
                elif not route.get("public_reason"):
                    yield self.finding(api, f"{route['method']} {route['path']} is public without a public_reason")
        for api in model.by_type("api-gateway-websocket"):
            props = api.props()
            if not props.get("authorizer"):
                if not props.get("public"):
                    yield self.finding(api, "anyone may connect: $connect has no authorizer",
                                       "give the API `authorizer: {function: <lambda>}` (or `kind: iam`), or "
                                       "`public: true` with `public_reason:`")
                elif not props.get("public_reason"):
                    yield self.finding(api, "$connect is public without a public_reason")
