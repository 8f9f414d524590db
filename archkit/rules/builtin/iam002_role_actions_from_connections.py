from ..base import Rule
from ..query import outbound, referenced_by


class RoleActionsUsed(Rule):
    id = "IAM002"
    lens = "sec_sec_q2_a3"
    severity = "warning"
    title = "A role grants only the actions and resources its users' connections need"
    rationale = ("Least privilege: every action and resource a role grants is justified by a connection of a "
                 "component that uses the role; anything else is standing access nobody needs.")
    link = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"
    fix = "Remove the unused actions or resources from the role, or model the connection that needs them."

    def check(self, model):
        for role in model.by_type("iam-role"):
            users = [c.id for c in referenced_by(model, role.id)]
            if not users:
                continue
            conns = [c for user in users for c in outbound(model, user) if c.target != role.id]
            needed = {p for c in conns for p in c.permissions}
            reached = {c.target for c in conns}
            props = role.props()
            extra = [a for a in props.get("actions", []) if a not in needed]
            if extra:
                yield self.finding(role, "grants actions no connection of its users needs: " + ", ".join(extra))
            extra = [r for r in props.get("resources", []) if r not in reached]
            if extra:
                yield self.finding(role, "grants resources its users do not connect to: " + ", ".join(extra))
            missing = sorted(needed - set(props.get("actions", [])))
            if missing:
                yield self.finding(role, "lacks actions its users' connections need: " + ", ".join(missing))
