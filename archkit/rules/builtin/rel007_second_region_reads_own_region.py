from ...model.regions import apart
from ..base import Rule


class SecondRegionReadsItsOwnRegion(Rule):
    id = "REL007"
    lens = "rel_rel_q1_a1"
    severity = "warning"
    title = "A component placed in another Region does not call a data store in a different Region synchronously"
    rationale = ("A component is put in a second Region to keep working when the first fails (a disaster-recovery "
                 "reader) or to be near its users; a synchronous call to a table, bucket, queue or secret in the other "
                 "Region ties it to that Region's health and adds a cross-Region round trip to every request.")
    link = "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html"
    fix = ("Give the data store a copy in the caller's Region (`replicas:` on a DynamoDB table makes a global table), "
           "or make the call asynchronous, or place the caller in the store's Region.")

    def check(self, model):
        for connection in model.connections:
            source, target = connection.source, connection.target
            if connection.asynchronous or source not in model.components or target not in model.components:
                continue
            store = model.components[target]
            if not store.type.stateful or not (model.components[source].region or store.region):
                continue
            places = [(env, mine, theirs) for env, mine, theirs in apart(model, source, target)
                      if mine not in (store.props(env).get("replicas") or [])]
            if places:
                env, mine, theirs = places[0]
                yield self.finding(connection, f"'{source}' runs in {mine} but calls '{target}' in {theirs} "
                                               f"synchronously (environment '{env}'): it fails when {theirs} does")
