"""Architecture diff: what a change to the model does to the system (model, deployment, rules, pictures).

`generate.py diff [BASE [HEAD]]` compares two models: git refs read from the repository's object store (never
checked out over the work tree), or two model folders (--base PATH --head PATH)."""
