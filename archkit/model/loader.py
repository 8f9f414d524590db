"""Load a model folder (or one file): read safely, merge the files, check everything, build the Model."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ModelError, Problem, did_you_mean, Location
from .connections import problems as connection_problems
from .regions import problems as region_problems
from .frames import problems as frame_problems
from .states import problems as state_problems
from .catalogue import Catalogue, load_catalogue, load_structure
from .checker import Checker
from .naming import pascal, physical_name, slug
from .types import (AcceptedThreat, Action, Actor, Component, Connection, Environment, Failure, Flow, Frame, Model, Pipeline, Stage,
                    Step, Suppression, System)
from .yamlsafe import Positions, YamlError, read_yaml

SECTIONS = ("system", "environments", "actors", "components", "connections", "flows", "pipelines", "accepted_threats")
LIST_SECTIONS = ("connections", "accepted_threats")
MAP_SECTIONS = ("environments", "actors", "components", "flows", "pipelines")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MODEL_SUFFIXES = (".yaml", ".yml")


def model_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in MODEL_SUFFIXES and not p.name.startswith("."))
    return [path]


def repository_root(model_path: Path) -> Path:
    """The repository a model belongs to: the nearest folder above it with a .git, else the model folder's parent
    (for a single file, the folder holding it). Model files and custom rules may not reach outside it."""
    start = model_path.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent if start.is_dir() else folder


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def escaping_links(files: list[Path], repository: Path) -> list[Problem]:
    """Model files that are symbolic links to somewhere outside the repository: never read."""
    return [Problem(Location(display_name(f)), "", f"is a symbolic link to {os.path.realpath(f)}, outside the "
                    f"repository ({repository})", "replace the link with the file itself; a model is read only "
                    "from its own repository")
            for f in files if f.is_symlink() and not inside(f, repository)]


def display_name(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return os.path.abspath(path) if relative.startswith("..") else relative  # not resolve(): name the link itself


def load_model(path: Path | str, catalogue: Catalogue | None = None) -> Model:
    """The validated model at `path`, or ModelError listing every problem."""
    path = Path(path)
    catalogue = catalogue or load_catalogue()
    if not path.exists():
        raise ModelError([Problem(Location(display_name(path)), "", "no such file or folder",
                                  "pass --model a model folder or YAML file")])
    files = model_files(path)
    if not files:
        raise ModelError([Problem(Location(display_name(path)), "", "the folder holds no .yaml model files",
                                  "add a file such as system.yaml")])
    links = escaping_links(files, repository_root(path)) if path.is_dir() else []
    if links:
        raise ModelError(links)
    raw, positions, unreadable, problems = merge_files(files)
    if unreadable:  # a file that cannot be read would make every reference into it look dangling
        raise ModelError(unreadable + problems)
    model = build_model(raw, positions, catalogue, tuple(display_name(f) for f in files), problems)
    unrealisable = connection_problems(model) + region_problems(model)
    if unrealisable:
        raise ModelError(unrealisable)
    check_rules_dir(model, path, positions)
    return model


def check_rules_dir(model: Model, path: Path, positions: Positions):
    """system.rules_dir holds code that runs: it must be a folder inside the model's repository."""
    rules_dir = model.system.rules_dir
    if not rules_dir:
        return
    base = path if path.is_dir() else path.parent
    repository = repository_root(path)
    target = (base / rules_dir).resolve()
    if os.path.isabs(rules_dir) or not target.is_relative_to(repository):
        where = positions.get(("system", "rules_dir"), Location(model.files[0]))
        raise ModelError([Problem(where, "system.rules_dir",
                                  f"'{rules_dir}' resolves to {target}, outside the repository ({repository}); "
                                  "custom rules are code and run only from the model's own repository",
                                  "put the rule modules in a folder of this repository and give its path relative "
                                  "to the model folder, e.g. rules_dir: ../rules")])


def merge_files(files: list[Path]) -> tuple[dict, Positions, list[Problem], list[Problem]]:
    """The merged raw model, positions, problems that make a file unreadable, and other merge problems."""
    raw: dict = {"connections": []}
    positions = Positions()
    unreadable: list[Problem] = []
    problems: list[Problem] = []
    for file in files:
        display = display_name(file)
        try:
            data, local = read_yaml(file, display)
        except YamlError as exc:
            unreadable.append(exc.problem)
            continue
        except OSError as exc:
            unreadable.append(Problem(Location(display), "", f"cannot read: {exc.strerror}", "check the file's permissions"))
            continue
        if not isinstance(data, dict):
            unreadable.append(Problem(local[()], "", f"the file's top level is a {type(data).__name__}, not a mapping",
                                    "start the file with section keys such as 'components:'"))
            continue
        merge_one(data, local, raw, positions, problems)
    return raw, positions, unreadable, problems


def merge_one(data: dict, local: Positions, raw: dict, positions: Positions, problems: list[Problem]):
    for section, value in data.items():
        where = local.keys.get((section,), local[()])
        if section not in SECTIONS:
            problems.append(Problem(where, section, f"unknown section '{section}'",
                                    did_you_mean(section, SECTIONS) or "sections: " + ", ".join(SECTIONS)))
        elif section in LIST_SECTIONS:
            offset = len(raw.setdefault(section, []))
            raw[section].extend(value if isinstance(value, list) else [value])
            copy_positions(local, positions, (section,),
                           lambda p, s=section, o=offset: (s, p[1] + o) + p[2:] if len(p) > 1 else p)
        elif section == "system":
            if "system" in raw:
                problems.append(Problem(where, section, "'system' is defined twice", "keep one 'system:' section"))
            raw["system"] = value
            copy_positions(local, positions, (section,), lambda p: p)
        else:
            merge_map_section(section, value, local, raw, positions, problems)


def merge_map_section(section, value, local, raw, positions, problems):
    target = raw.setdefault(section, {})
    if not isinstance(value, dict):
        problems.append(Problem(local[(section,)], section, f"'{section}' must be a mapping of id to definition",
                                f"write '{section}:' followed by indented 'some-id:' entries"))
        return
    for element_id, body in value.items():
        path = (section, element_id)
        if element_id in target:
            first = positions.keys.get(path)
            problems.append(Problem(local.keys[path], f"{section}.{element_id}",
                                    f"duplicate id '{element_id}' (first defined at {first})",
                                    "rename one of them; ids must be unique"))
            continue
        target[element_id] = body
    copy_positions(local, positions, (section,), lambda p: p)  # setdefault: a duplicate keeps the first's places


def copy_positions(local: Positions, positions: Positions, prefix: tuple, remap):
    for table_from, table_to in ((local, positions), (local.keys, positions.keys)):
        for path, loc in table_from.items():
            if path[: len(prefix)] == prefix:
                table_to.setdefault(remap(path), loc)


def build_model(raw: dict, positions: Positions, catalogue: Catalogue, files: tuple[str, ...],
                problems: list[Problem]) -> Model:
    structure = load_structure()
    ids = collect_ids(raw)
    checker = Checker(catalogue, positions, ids, Location(files[0]))
    checker.problems.extend(problems)
    if "system" not in raw:
        checker.report((), "the model has no 'system' section", "add 'system: {name: ...}' to one model file")
    check_ids(raw, checker)
    sections = {name: checker.check(raw[name], structure[name], (name,))
                for name in ("system", "environments", "actors", "connections", "flows", "pipelines", "accepted_threats")
                if name in raw}
    components = check_components(raw.get("components", {}), checker, structure["component"])
    if not checker.problems:  # the cross-field checks below assume the structure is sound
        check_semantics(sections, components, checker)
    if checker.problems:
        raise ModelError(checker.problems)
    return assemble(sections, components, catalogue, positions, files)


def collect_ids(raw: dict) -> dict:
    def keys(section):
        value = raw.get(section)
        return value if isinstance(value, dict) else {}
    components = {cid: (body.get("type") if isinstance(body, dict) else None) for cid, body in keys("components").items()}
    return {"components": components, "actors": set(keys("actors")), "environments": set(keys("environments"))}


def check_ids(raw: dict, checker: Checker):
    for section in MAP_SECTIONS:
        for element_id in raw.get(section, {}):
            if not isinstance(element_id, str) or not ID_PATTERN.match(element_id):
                checker.report((section, element_id), f"id {element_id!r} is not allowed",
                               "use lower-case letters, digits and '-', starting with a letter or digit (max 63)",
                               key=True)
    for element_id in set(raw.get("components", {})) & set(raw.get("actors", {})):
        checker.report(("actors", element_id), f"'{element_id}' is both an actor and a component",
                       "rename one of them; references must be unambiguous", key=True)


def check_components(raw_components: dict, checker: Checker, common) -> dict:
    checked = {}
    for cid, body in raw_components.items():
        path = ("components", cid)
        if not isinstance(body, dict):
            checker.wrong_type(body, common, path)
            continue
        ctype = body.get("type")
        if ctype is None:
            checker.report(path, "missing required key 'type'", "add 'type:' with a component type, e.g. lambda")
            continue
        if ctype not in checker.catalogue.types:
            checker.check(ctype, common.fields["type"], path + ("type",))
            continue
        fields = {**common.fields, **checker.catalogue.types[ctype].properties}
        checked[cid] = checker.check_object(body, common, path, ctype, fields=fields)
        overrides = checked[cid].get("overrides")
        for env in overrides if isinstance(overrides, dict) else ():
            checker.check_environment(env, None, path + ("overrides", env), ctype)
    return checked


def check_derived_names(sections: dict, components: dict, checker: Checker):
    """Ids that fold into one CloudFormation name (jobs-1 / jobs1), and resource names longer than AWS allows."""
    for section, ids in (("components", components), ("environments", sections.get("environments", {}))):
        checker.no_folded_duplicates([((section, i), (i,)) for i in ids], (section,), key=True)
    system = sections.get("system", {})
    prefix = slug(system["name"]) if isinstance(system.get("name"), str) else "system"
    environments = sorted(sections.get("environments", {}), key=len, reverse=True)[:1]
    for cid, body in components.items():
        limit = checker.catalogue.types[body["type"]].name_max_length
        for env in environments if limit else ():
            name = physical_name(prefix, env, cid)
            if len(name) > limit:
                room = limit - len(name) + len(cid)
                checker.report(("components", cid), f"its AWS name '{name}' would be {len(name)} characters; a "
                               f"{body['type']} name may have at most {limit}",
                               f"shorten the id to at most {max(room, 1)} characters (or the system name or "
                               f"environment id '{env}')", key=True)


def check_semantics(sections: dict, components: dict, checker: Checker):
    check_derived_names(sections, components, checker)
    check_accepted_threats(sections, components, checker)
    homes = [eid for eid, e in sections.get("environments", {}).items() if isinstance(e, dict) and e.get("home")]
    for eid in homes[1:]:
        checker.report(("environments", eid, "home"), f"'{homes[0]}' is already the home environment",
                       "one environment runs the pipeline: keep 'home: true' on one of them")
    for index, conn in enumerate(sections.get("connections", [])):
        if isinstance(conn, dict) and conn.get("from") is not None and conn.get("from") == conn.get("to"):
            checker.report(("connections", index), f"'{conn['from']}' is connected to itself",
                           "a connection links two different elements; remove it")
    for fid, flow in sections.get("flows", {}).items():
        for where, message, fix in frame_problems(flow.get("frames") or [], len(flow.get("steps") or [])):
            checker.report(("flows", fid, "frames", *where), message, fix)
    for cid, body in components.items():
        for message, fix in region_field_problems(checker.catalogue.types[body["type"]], body):
            checker.report(("components", cid, "region"), message, fix)
        for where, message, fix in state_problems(body.get("states") or []) if body["type"] == "step-functions" else ():
            checker.report(("components", cid, "states", *where), message, fix)
        for where, message, fix in websocket_problems(body) if body["type"] == "api-gateway-websocket" else ():
            checker.report(("components", cid, *where), message, fix)
        for where, message, fix in appsync_problems(body, components) if body["type"] == "appsync-api" else ():
            checker.report(("components", cid, *where), message, fix)
        for where, message, fix in global_table_problems(body) if body["type"] == "dynamodb-table" else ():
            checker.report(("components", cid, *where), message, fix)
        names = {a.get("name") for a in body.get("authorizers", []) if isinstance(a, dict)}
        for index, route in enumerate(body.get("routes", [])):
            if not isinstance(route, dict):
                continue
            path = ("components", cid, "routes", index)
            if route.get("authorizer") and route["authorizer"] not in names:
                checker.report(path + ("authorizer",), f"no authorizer named '{route['authorizer']}' on this API",
                               did_you_mean(route["authorizer"], names) or "define it under 'authorizers:'")
            if route.get("public") and not route.get("public_reason"):
                checker.report(path, "a public route needs a 'public_reason'", "say why it needs no authorizer")
        for index, auth in enumerate(body.get("authorizers", [])):
            if isinstance(auth, dict) and auth.get("kind") == "cognito" and not auth.get("user_pool"):
                checker.report(("components", cid, "authorizers", index), "a cognito authorizer needs 'user_pool'",
                               "add 'user_pool: <id of a cognito-user-pool>'")
            if body["type"] == "api-gateway-http" and isinstance(auth, dict):
                for message, fix in http_authorizer_problems(auth, components):
                    checker.report(("components", cid, "authorizers", index), message, fix)


def region_field_problems(ctype, body: dict) -> list[tuple[str, str]]:
    """`region` places a component in another AWS Region: not one outside AWS, nor a service that has no region."""
    if not body.get("region"):
        return []
    if ctype.scope == "external":
        return [(f"a {ctype.name} runs outside AWS, so it has no AWS Region", "remove `region`")]
    if ctype.scope == "global" and not ctype.global_when:
        return [(f"a {ctype.name} is a global service: AWS runs it in no one Region", "remove `region`")]
    return []


def global_table_problems(body: dict) -> list[tuple[tuple, str, str]]:
    """A table with replicas (in any environment) is a global table: on-demand, with a key DynamoDB has in every
    region (a customer-managed key is one region's)."""
    overrides = body.get("overrides") if isinstance(body.get("overrides"), dict) else {}
    variants = [body] + [{**body, **o} for o in overrides.values() if isinstance(o, dict)]
    if not any(v.get("replicas") for v in variants):
        return []
    found = []
    if any(v.get("billing_mode") == "PROVISIONED" for v in variants):
        found.append((("billing_mode",), "a table with replicas is a global table, which the templates make "
                      "on-demand only", "set `billing_mode: PAY_PER_REQUEST`, or remove `replicas`"))
    if any(v.get("encryption") == "CUSTOMER_MANAGED" for v in variants):
        found.append((("encryption",), "a table with replicas needs a key in every region, and a customer-managed "
                      "key lives in one", "set `encryption: AWS_MANAGED` (or AWS_OWNED), or remove `replicas`"))
    return found


def appsync_problems(body: dict, components: dict) -> list[tuple[tuple, str, str]]:
    """The schema has a Query type and the field each resolver names; the auth mode has what it needs; a web ACL
    is a REGIONAL one (a CLOUDFRONT-scope ACL cannot be associated with an API)."""
    from .graphql import schema_fields
    fields = schema_fields(body.get("schema") if isinstance(body.get("schema"), str) else "")
    found = []
    if "Query" not in fields:
        found.append((("schema",), "the schema has no Query type, which AppSync requires",
                      "add `type Query { ... }` with at least one field"))
    for index, spec in enumerate(body.get("resolvers") or []):
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str) or not isinstance(spec.get("field"), str):
            continue
        known = fields.get(spec["type"])
        if known is None:
            found.append((("resolvers", index, "type"), f"the schema has no type {spec['type']}",
                          did_you_mean(spec["type"], list(fields)) or "use a type the schema defines"))
        elif spec["field"] not in known:
            found.append((("resolvers", index, "field"), f"type {spec['type']} has no field {spec['field']}",
                          did_you_mean(spec["field"], known) or f"add the field to type {spec['type']} in the schema"))
    acl = components.get(body.get("web_acl") or "")
    if isinstance(acl, dict) and acl.get("type") == "waf-web-acl" and acl.get("scope", "CLOUDFRONT") != "REGIONAL":
        found.append((("web_acl",), f"web ACL '{body['web_acl']}' has scope CLOUDFRONT, which only a CloudFront "
                      "distribution can use", f"give '{body['web_acl']}' `scope: REGIONAL` (and the API's region), "
                      "or name a REGIONAL web ACL"))
    needs = {"cognito": "user_pool", "lambda": "authorizer"}.get(body.get("auth", "iam"))
    if needs and not body.get(needs):
        found.append(((needs,), f"auth {body['auth']} needs '{needs}'",
                      f"add '{needs}: <id of a " + ("cognito-user-pool" if needs == "user_pool" else "lambda") + ">'"))
    return found


def websocket_problems(body: dict) -> list[tuple[tuple, str, str]]:
    """A WebSocket API authorizes on $connect only: its authorizer needs that route, and a Lambda one its function."""
    auth = body.get("authorizer")
    if not isinstance(auth, dict):
        return []
    found = []
    if auth.get("kind", "lambda") == "lambda" and not auth.get("function"):
        found.append((("authorizer",), "a lambda authorizer needs 'function'", "add 'function: <id of a lambda>'"))
    keys = [r.get("key") for r in body.get("routes") or [] if isinstance(r, dict)]
    if "$connect" not in keys:
        found.append((("authorizer",), "the authorizer runs on the $connect route, which this API does not have",
                      "add a route `{key: $connect, target: <lambda>}`"))
    return found


def http_authorizer_problems(auth: dict, components: dict) -> list[tuple[str, str]]:
    """A JWT authorizer needs an issuer and an audience (a user pool with app clients gives both); a Lambda
    authorizer needs its function."""
    if auth.get("kind", "jwt") == "lambda":
        return [] if auth.get("function") else [("a lambda authorizer needs 'function'",
                                                 "add 'function: <id of a lambda>'")]
    pool = components.get(auth.get("user_pool") or "")
    if isinstance(pool, dict):
        return [] if pool.get("clients") else [(f"user pool '{auth['user_pool']}' has no app clients, so the JWT "
                                                "authorizer would accept no audience",
                                                "add a client under the pool's 'clients:'")]
    if auth.get("issuer") and auth.get("audience"):
        return []
    return [("a JWT authorizer needs 'user_pool', or 'issuer' and 'audience' of another identity provider",
             "add 'user_pool: <id of a cognito-user-pool>', or 'issuer:' and 'audience:'")]


def check_accepted_threats(sections: dict, components: dict, checker: Checker):
    joined = {f"{c.get('from')}->{c.get('to')}" for c in sections.get("connections", []) if isinstance(c, dict)}
    for index, entry in enumerate(sections.get("accepted_threats", [])):
        element = entry.get("element") if isinstance(entry, dict) else None
        if isinstance(element, str) and element not in components and element not in joined:
            checker.report(("accepted_threats", index, "element"), f"no component or connection '{element}'",
                           did_you_mean(element, set(components) | joined)
                           or "name a component id, or a connection as 'from->to'")


def assemble(sections, components, catalogue, positions, files) -> Model:
    loc = positions.get
    system = System(**sections["system"])
    environments = {eid: Environment(id=eid, name=e.get("name", eid), location=loc(("environments", eid)),
                                     **{k: v for k, v in e.items() if k != "name"})
                    for eid, e in sections.get("environments", {}).items()}
    actors = {aid: Actor(id=aid, name=a.get("name", aid), location=loc(("actors", aid)),
                         **{k: v for k, v in a.items() if k != "name"})
              for aid, a in sections.get("actors", {}).items()}
    built = {cid: make_component(cid, body, catalogue, loc(("components", cid))) for cid, body in components.items()}
    connections = tuple(
        Connection(source=c["from"], target=c["to"], protocol=c["protocol"], purpose=c.get("purpose", ""),
                   auth=c.get("auth", ""), asynchronous=c.get("async", False),
                   permissions=tuple(c.get("permissions", ())), location=loc(("connections", i)))
        for i, c in enumerate(sections.get("connections", [])))
    flows = {fid: make_flow(fid, f, positions) for fid, f in sections.get("flows", {}).items()}
    pipelines = {pid: make_pipeline(pid, p, loc(("pipelines", pid))) for pid, p in sections.get("pipelines", {}).items()}
    accepted = tuple(AcceptedThreat(a["threat"], a["element"], a["reason"], loc(("accepted_threats", i)))
                     for i, a in enumerate(sections.get("accepted_threats", [])))
    return Model(system, environments, actors, built, connections, flows, pipelines, files, accepted)


COMMON_KEYS = {"type", "name", "description", "owner", "links", "layer", "overrides", "suppress", "region"}


def make_component(cid: str, body: dict, catalogue: Catalogue, location) -> Component:
    ctype = catalogue.types[body["type"]]
    return Component(
        id=cid, type=ctype, name=body.get("name", cid), layer=body.get("layer", ctype.layer),
        properties={k: v for k, v in body.items() if k not in COMMON_KEYS},
        region=str(body.get("region") or ctype.default_region),
        description=body.get("description", ""), owner=body.get("owner", ""), links=body.get("links", {}),
        overrides=body.get("overrides", {}),
        suppressions=tuple(Suppression(s["rule"], s["reason"]) for s in body.get("suppress", [])),
        location=location)


def make_flow(fid: str, flow: dict, positions: Positions) -> Flow:
    steps = tuple(
        Step(number=i + 1, source=s["from"], target=s["to"], action=s["action"], protocol=s.get("protocol", ""),
             path=s.get("path", ""), auth=s.get("auth", ""), timeout_ms=s.get("timeout"), returns=s.get("returns", ""),
             failures=tuple(Failure(f["when"], f["response"], f.get("status"), f.get("from", ""), f.get("to", ""))
                            for f in s.get("failures", [])),
             location=positions.get(("flows", fid, "steps", i)))
        for i, s in enumerate(flow["steps"]))
    frames = tuple(Frame(f["kind"], f["label"], f["first"], f["last"], tuple(f.get("operands", ())))
                   for f in flow.get("frames", []))
    return Flow(id=fid, name=flow["name"], kind=flow.get("kind", "other"), steps=steps,
                description=flow.get("description", ""), location=positions.get(("flows", fid)), frames=frames)


def make_pipeline(pid: str, p: dict, location) -> Pipeline:
    stages = tuple(
        Stage(name=s["name"], environment=s.get("environment", ""),
              actions=tuple(Action(name=a["name"], kind=a["kind"], uses=a.get("uses", ""), target=a.get("target", ""),
                                   command=a.get("command", ""), artifacts=tuple(a.get("artifacts", ())),
                                   environment=a.get("environment", s.get("environment", "")))
                            for a in s["actions"]))
        for s in p["stages"])
    return Pipeline(id=pid, name=p["name"], trigger=p["trigger"], source=p["source"], runs_on=p["runs_on"],
                    stages=stages, description=p.get("description", ""), location=location)
