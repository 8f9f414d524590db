from ..base import Rule


class ClientMfaMatchesPool(Rule):
    id = "AUTH004"
    lens = "sec_sec_q1_a1"
    severity = "error"
    title = "A client's MFA requirement is one its user pool enforces"
    rationale = ("Cognito turns MFA on per user pool, not per app client: a client that requires MFA in a pool "
                 "whose MFA is OPTIONAL lets users without a second factor sign in, and one that leaves it optional "
                 "in a pool with MFA ON still makes every user enrol. Clients that differ belong in different pools.")
    link = "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html"
    fix = "Move the client to a user pool whose `mfa` matches it (two pools: one with mfa ON, one OPTIONAL), or change the pool's `mfa`."
    POOL_MFA = {"required": ("ON",), "optional": ("OPTIONAL",)}

    def check(self, model):
        environments = list(model.environments) or [None]
        for pool in model.by_type("cognito-user-pool"):
            for client in pool.props().get("clients", []):
                wanted = client.get("mfa")
                if not wanted:
                    continue
                envs = [e for e in environments if pool.props(e).get("mfa", "OPTIONAL") not in self.POOL_MFA[wanted]]
                if not envs:
                    continue
                mfa = pool.props(envs[0]).get("mfa", "OPTIONAL")
                where = "" if len(envs) == len(environments) else " in " + ", ".join(envs)
                yield self.finding(pool, f"client '{client['name']}' has mfa {wanted}, but the pool's mfa is {mfa}"
                                         f"{where}, and Cognito enforces MFA per pool",
                                   f"put client '{client['name']}' in a user pool with `mfa: "
                                   f"{self.POOL_MFA[wanted][0]}` (a second cognito-user-pool component), or set "
                                   f"this pool's `mfa: {self.POOL_MFA[wanted][0]}` if every client agrees")
