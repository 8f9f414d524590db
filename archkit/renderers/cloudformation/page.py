"""The CloudFormation page (stacks, deploy order, cross-stack parameters, credentials, justified checkov skips) and each
stack's own page (its parameters, outputs and whole template)."""
from __future__ import annotations

import re

from ... import paths
from ...site import md
from . import assemble, credentials


def fence(text: str) -> str:
    """A code fence longer than any run of backticks in text, so that the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def placed_by_model(stack) -> bool:
    """A stack in another Region because the model places its components there (`region:`, a stack named
    <layer stack>-<region>), not because AWS requires the Region (the pinned stacks of stacks.yaml: us-east-1 for
    CloudFront's certificate)."""
    whole = stack.part_of or stack.name
    return whole not in assemble.stack_rules()["pinned"].values() and not whole.startswith("global-")


def page(result, files: dict[str, bytes], template_path, parameters_path) -> str:
    ctx, stacks, order = result.context, result.stacks, result.order
    here = paths.page("cloudformation")
    link = lambda target: paths.site_link(here, target)  # noqa: E731
    lines = [f"# CloudFormation: {md.text(ctx.system)}", "",
             "Generated from the model. Each stack is one concern; deploy them in the order below, once per "
             "environment (the pipeline's stack once, in the home environment), as `<system>-<environment>-<stack>` (the `SystemName` and `Environment` parameters name "
             "resources and exports). Handler code is a placeholder that the CI files replace.", "",
             "## Deploy order", ""]
    for number, name in enumerate(order, start=1):
        stack = stacks[name]
        where = (f"in **{stack.region}** (" + ("the model places it there" if placed_by_model(stack) else
                                               "AWS requires it there") + ")") if stack.region \
            else "in the environment's region"
        if stack.environments == [ctx.home] != sorted(ctx.environments):
            where = f"once, in the home environment `{md.text(ctx.home)}` only"
        elif stack.environments != sorted(ctx.environments):
            where = "by hand, once in the account of " + ", ".join(f"`{md.text(e)}`" for e in stack.environments)
        after = ", after " + ", ".join(f"`{s}`" for s in sorted(stack.imports)) if stack.imports else ""
        lines.append(f"{number}. `{name}` {where}{after}")
    lines += split_notes(stacks, order)
    lines += move_notes(getattr(result, "moves", []))
    cross = [(name, param, src) for name in order for param, src in sorted(stacks[name].cross_region.items())]
    if cross:
        lines += ["", "Exports do not cross regions: these parameters take the outputs of the stack in the other "
                      "region. The pipeline sets them at deploy time: a CodeBuild action deploys a stack of another "
                      "Region with the AWS CLI and exports its outputs as pipeline variables, which the next deploy "
                      "actions pass as parameter overrides (and a stack of the environment's Region whose outputs a "
                      "stack elsewhere takes exports them from its deploy action, which that stack's CodeBuild action "
                      "receives as variables). The parameter files only hold a `SET-AT-DEPLOY` placeholder naming the "
                      "stack and Region; when deploying by hand, pass the value, e.g. `--parameter-overrides "
                      "Name=$(aws cloudformation describe-stacks --region <region> --stack-name "
                      "<system>-<environment>-<stack> "
                      "--query \"Stacks[0].Outputs[?OutputKey=='Name'].OutputValue\" --output text)`.", "",
                  "| stack | parameter | output of |", "| --- | --- | --- |"]
        lines += [f"| `{n}` | `{p}` | `{s[0]}`.`{s[1]}` |" for n, p, s in cross]
    lines += pipeline_notes(ctx, stacks, order)
    lines += credentials.steps(ctx, stacks, order)
    lines += ["", "## Stacks", "", "Each stack's page shows its parameters, outputs and whole template.", "",
              "| stack | region | resources | template | parameters |", "| --- | --- | --- | --- | --- |"]
    for name in order:
        stack = stacks[name]
        params = " ".join(f"[{env}]({link(parameters_path(env, name))})" for env in stack.environments)
        lines.append(f"| [`{name}`]({paths.relative(here, paths.stack_page(name))}) | "
                     f"{stack.region or 'environment'} | {len(stack.resources)} | "
                     f"[{name}.yaml]({link(template_path(name))}) | {params} |")
    lines += connections_section(ctx, stacks, order, here)
    skips = [(c.id, s["rule"], s["reason"]) for c in ctx.components.values() for s in c.suppress
             if s["rule"].startswith("CKV")]
    if skips:
        lines += ["", "## Checks skipped, with the model's reasons", "",
                  "Each reason is also in the resource's `Metadata` (`checkov.skip`).", "",
                  "| component | check | reason |", "| --- | --- | --- |"]
        lines += [f"| [{cid}]({paths.relative(here, paths.component_page(cid))}) | `{rule}` | {md.text(reason)} |" for cid, rule, reason in skips]
    lines += default_skip_notes(ctx, stacks, order)
    return "\n".join(lines) + "\n"


def stack_page(ctx, stack, text: bytes, template_file: str) -> str:
    """A stack's own page (a description edit then re-renders only the page of the stack it changes, not one
    page holding every template)."""
    here = paths.stack_page(stack.name)
    lines = [f"# Stack `{stack.name}`", "",
             f"Part of [CloudFormation: {md.text(ctx.system)}]({paths.relative(here, paths.page('cloudformation'))}) "
             "(deploy order, cross-stack parameters, credentials)."]
    lines += stack_section(ctx, stack, text, paths.site_link(here, template_file))
    return "\n".join(lines) + "\n"


def connections_section(ctx, stacks, order, here) -> list[str]:
    """For each connection between components, the resources that make it work (wiring.py's index) and, where
    one is needed, the step a person takes."""
    if not ctx.wires:
        return []
    where = {lid: (name, r.type) for name in order for lid, r in stacks[name].resources.items()}
    lines = ["", "## Connections", "",
             "What makes each connection between components work, from its kind in the catalogue "
             "(`archkit/model/catalogue/connections.yaml`): the resources in the templates, and a step by hand "
             "where AWS needs one. A connection marked *(from properties)* is implied by a property (an alarm's "
             "`notify`, a rule's `target`, a function's failure destination).", "",
             "| connection | kind | resources (stack) | step by hand, or note |", "| --- | --- | --- | --- |"]
    for wire in ctx.wires:
        entry = ctx.realised.get(f"{wire['from']}->{wire['to']}", {"lids": [], "manual": ""})
        found = [f"`{lid}` {where[lid][1]} (`{where[lid][0]}`)" for lid in entry["lids"] if lid in where]
        ends = " → ".join(f"[{md.text(e)}]({paths.relative(here, paths.component_page(e))})"
                          for e in (wire["from"], wire["to"]))
        implied = " *(from properties)*" if wire["implied"] else ""
        lines.append(f"| {ends}{implied} | {md.text(wire['label'])} | {'<br>'.join(found) or '—'} | "
                     f"{md.text(entry['manual']) or '—'} |")
    return lines


def split_notes(stacks, order) -> list[str]:
    """Which stacks were split into parts to stay within AWS's per-template quotas."""
    groups: dict[str, list[str]] = {}
    for name in order:
        groups.setdefault(stacks[name].part_of or name, []).append(name)
    split = {whole: parts for whole, parts in groups.items() if len(parts) > 1}
    if not split:
        return []
    listed = "; ".join(f"`{whole}` into " + ", ".join(f"`{p}`" for p in parts) for whole, parts in split.items())
    quotas = assemble.stack_rules()["quotas"]
    limits = ", ".join(f"{quotas[k]:,} {k}" for k in ("resources", "parameters", "outputs", "bytes"))
    return ["", f"Split to stay within AWS's quotas per template ({limits}): {listed}. Each part holds whole components; a part imports only from parts deployed "
                "before it. When the model grows, a component can move to another part, where CloudFormation "
                "would create it anew: its named resources (functions, tables, buckets) already exist, so move "
                "them first (retain them in the old part, then a resource import into the new one)."]


def default_skip_notes(ctx, stacks, order) -> list[str]:
    """Checks skipped by the catalogue's defaults (a component that does not ask for what the check wants)."""
    here = paths.page("cloudformation")
    applied: dict[tuple[str, str], str] = {}
    for name in order:
        for resource in stacks[name].resources.values():
            comp = ctx.components.get(resource.component)
            for skip in assemble.default_skips(comp, resource.type, resource.properties) if comp else []:
                applied.setdefault((comp.id, skip["rule"]), skip["reason"])
    if not applied:
        return []
    return ["", "## Checks skipped by the catalogue's defaults", "",
            "A component that does not set what a check wants gets the catalogue's skip of it, with the reason "
            "(`checkov_skips` of its type); suppress the check in the model to give your own reason instead.", "",
            "| component | check | reason |", "| --- | --- | --- |",
            *(f"| [{cid}]({paths.relative(here, paths.component_page(cid))}) | `{rule}` | {md.text(reason)} |"
              for (cid, rule), reason in sorted(applied.items()))]


def move_notes(moves) -> list[str]:
    """Components placed outside their layer's stack, so that stacks do not import from each other in a cycle."""
    if not moves:
        return []
    here = paths.page("cloudformation")
    rows = [f"| [{m.component}]({paths.relative(here, paths.component_page(m.component))}) | `{m.layer_stack}` | "
            f"`{m.stack}` | in `{m.layer_stack}` it would import from `{m.because}`, which imports from "
            f"`{m.layer_stack}` |" for m in moves]
    return ["", "Each component goes to its layer's stack unless that would make stacks import from each other in "
                "a cycle, which CloudFormation cannot deploy: these go to the stack they import from that deploys "
                "last instead.", "", "| component | its layer's stack | placed in | because |",
            "| --- | --- | --- | --- |", *rows]


def pipeline_notes(ctx, stacks, order) -> list[str]:
    own = [n for n in order if any(r.type == "AWS::CodePipeline::Pipeline" for r in stacks[n].resources.values())]
    secrets = [n for n in order if any(r.type == "AWS::SecretsManager::Secret" for r in stacks[n].resources.values())]
    lines = []
    if own:
        lines += ["", f"The `{own[0]}` stack holds the pipeline: deploy it by hand once, in the home environment "
                      f"`{md.text(ctx.home)}` (after the stacks it imports from; it has parameter files for that "
                      "environment only; mark another environment `home: true` in the model to move it). The "
                      "pipeline then deploys every other stack of each environment in "
                      "this order (stacks of the same step in parallel), with the model's approvals between "
                      "environments. When the pipeline has an artifact bucket, its build packages each template "
                      "(`aws cloudformation package`, to `packaged/<stack>.yaml`) and the deploy actions deploy "
                      "those packaged templates with the parameter files above. Its parameter `DeployPolicyArn` names a team-owned managed policy (what the "
                      "stacks may create, plus `secretsmanager:GetSecretValue` and `kms:Decrypt` for dynamic "
                      "references): create it first, or change the name in the parameter files. A self-managed "
                      "GitLab needs its CodeStar connections host registered once; put its ARN in the parameter "
                      "files in place of `SET-THE-REGISTERED-HOST`."]
    access = [n for n in order if n not in own and stacks[n].environments != sorted(ctx.environments)
              and stacks[n].environments != [ctx.home]]
    if own and access:
        envs = ", ".join(f"`{md.text(e)}`" for e in stacks[access[0]].environments)
        lines += ["", f"Environments {envs} live in other AWS accounts than the home environment. The pipeline "
                      f"deploys there through roles of those accounts, which the `{access[0]}` stack creates: deploy it "
                      f"by hand in each of those accounts after `{own[0]}`, with the ARNs of the artifact bucket and "
                      f"key from the outputs of `{own[0]}` in place of `SET-AT-DEPLOY` in its parameter files. "
                      "CodePipeline assumes `<system>-<environment>-pipeline-deploy` for the deploy actions (the "
                      "action's role) and CloudFormation deploys with `<system>-<environment>-cloudformation` (the "
                      "team's deploy policy of that account); the stacks pinned to another region are deployed by "
                      "CodeBuild as the same role. The artefacts are encrypted with a customer-managed KMS key that "
                      "those accounts may decrypt, and the artifact bucket lets them read."]
    if secrets:
        lines += ["", f"CloudFront reaches the API with a secret origin header: the secret (generated, encrypted "
                      f"with its own KMS key) and the REGIONAL web ACL that blocks requests without it are in "
                      f"`{secrets[0]}`, which deploys before the stack of the distribution; both read the value "
                      "through a Secrets Manager dynamic reference. After rotating the secret, update the stacks "
                      "of the web ACL and of the distribution (CloudFormation resolves the reference on update)."]
    return lines


def stack_section(ctx, stack, text: bytes, href: str) -> list[str]:
    lines = [""]
    if stack.parameters:
        envs = stack.environments
        lines += ["| parameter | type | " + " | ".join(envs) + " |", "| --- | --- |" + " --- |" * len(envs)]
        for name, spec in sorted(stack.parameters.items()):
            values = " | ".join(md.text(spec["values"].get(e, "(from another stack)" if name in stack.cross_region
                                                       else spec["definition"].get("Default", "(set at deploy)")))
                                for e in envs)
            lines.append(f"| `{name}` | {spec['definition']['Type']} | {values} |")
        lines.append("")
    if stack.outputs:
        lines += ["Outputs: " + ", ".join(f"`{o}`" + (" (exported)" if "Export" in stack.outputs[o] else "")
                                          for o in sorted(stack.outputs)), ""]
    body = text.decode().rstrip("\n")
    lines += [f"[Download {stack.name}.yaml]({href})", "", fence(body) + "yaml", body, fence(body)]
    return lines
