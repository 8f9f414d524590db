from ..base import Rule
from ..query import component_refs


class NoOrphans(Rule):
    id = "GOV002"
    lens = "none: a consistency check of the model itself"
    severity = "warning"
    title = "No component is orphaned: each is connected to, or referred to by, another element"
    rationale = "A component nothing talks to or refers to is either missing connections in the model or waste in the account."
    link = "https://docs.aws.amazon.com/wellarchitected/latest/cost-optimization-pillar/cost_decomissioning_resources_track.html"
    fix = "Add the connections the component takes part in, refer to it, or remove it."

    def check(self, model):
        linked = {end for c in model.connections for end in (c.source, c.target)}
        for component in model.components.values():
            linked.update(component_refs(component))
        for flow in model.flows.values():
            linked.update(flow.participants())
        for pipeline in model.pipelines.values():
            linked.update(pipeline.elements())
        for component in model.components.values():
            if component.id not in linked:
                yield self.finding(component, "not connected to or referred to by anything")
