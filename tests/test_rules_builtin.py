"""Every built-in rule: a model fragment that passes and one that fails, with the expected message."""
import pytest

from archkit.rules.registry import builtin_rules
from rulekit import findings

FN = "  fn: {type: lambda, runtime: python3.12, timeout: 10, reserved_concurrency: 10}\n"
API = ("  api:\n    type: api-gateway-rest\n"
       "    stages: {dev: {environment: dev, throttling_rate: 10, throttling_burst: 20}}\n"
       "    authorizers: [{name: iam, kind: iam}]\n"
       "    routes: [{method: GET, path: /x, target: fn, authorizer: iam}]\n")
SITE = "  site: {type: s3-bucket, purpose: static-site}\n"
ACL = "  acl: {type: waf-web-acl, rules: [{name: r, priority: 0, kind: rate-based, limit: 100}]}\n"
CDN = "  cdn: {type: cloudfront, web_acl: acl, origins: [{name: site, target: site}%s]}\n"
TABLE = "  table: {type: dynamodb-table, partition_key: {name: id}}\n"
QUEUE = "  q: {type: sqs-queue}\n"
POOL = "  pool: {type: cognito-user-pool, clients: [{name: web%s}]}\n"
TOPIC = "  topic: {type: sns-topic%s}\n"
METRIC = "  m: {type: metric, namespace: AWS/Lambda, metric_name: Errors, source: fn}\n"
ALARM = "  alarm: {type: alarm, metric: m, threshold: 1, notify: [topic]}\n"
SUBSCRIBED = ", subscriptions: [{protocol: email, endpoint: a@example.com}]"
REPO = "  repo: {type: gitlab-repo}\n  runner: {type: gitlab-runner}\n"
STACK = "  stack: {type: cloudformation-stack, template: t.yaml, deploys: [fn]}\n"


def comps(*parts: str) -> str:
    return "components:\n" + "".join(parts)


def conns(*lines: str) -> str:
    return "connections:\n" + "".join(f"  - {line}\n" for line in lines)


def pipeline(*stages: str) -> str:
    return ("pipelines:\n  p:\n    name: P\n    trigger: push\n    source: repo\n    runs_on: runner\n    stages:\n"
            + "".join(f"      - {s}\n" for s in stages))


BUILD = "{name: Build, actions: [{name: b, kind: build, uses: runner}]}"
DEV = "{name: Dev, environment: dev, actions: [{name: Deploy dev, kind: deploy, uses: runner, target: %s}]}"
LIVE = "{name: Live, environment: live, actions: [%s{name: Deploy live, kind: deploy, uses: runner, target: %s}]}"
APPROVE = "{name: Approve, kind: approval, uses: user}, "
ASYNC = "{from: caller, to: fn, protocol: Lambda invoke, async: true, permissions: ['lambda:InvokeFunction']}"
CALLER = "  caller: {type: lambda, runtime: python3.12}\n"
FLOW = ("flows:\n  f:\n    name: F\n    steps:\n"
        "      - {from: user, to: api, action: call, timeout: %d}\n"
        "      - {from: api, to: fn, action: invoke, timeout: %d}\n")

CASES = {
    "SEC001": (comps(API, FN, SITE, ACL, CDN % ", {name: api, target: api, path_pattern: /x, access: custom-header}"),
               comps(API, FN), "no CloudFront distribution"),
    "SEC002": (comps(SITE, ACL, CDN % ""), comps(SITE, CDN.replace("web_acl: acl, ", "") % ""), "no web_acl"),
    "SEC003": (comps(API, FN), comps(API.replace(", authorizer: iam", ""), FN), "GET /x has no authorizer"),
    "SEC004": (comps(ACL), comps("  acl: {type: waf-web-acl, rules: []}\n"), "no rate-based rule"),
    "SEC005": (comps("  acl: {type: waf-web-acl, rules: [{name: c, priority: 0, kind: managed, "
                     "managed_group: AWSManagedRulesCommonRuleSet}]}\n"), comps(ACL), "no AWS managed rule group"),
    "SEC006": (comps(SITE, ACL, CDN % ""),
               comps(SITE, ACL, (CDN % "").replace("}]}", "}], overrides: {dev: {minimum_protocol_version: TLSv1}}}")),
               "minimum protocol is not TLSv1.2_2021 (in dev)"),
    "SEC007": (comps(SITE, ACL, CDN.replace("web_acl", "certificate: cert, web_acl") % "",
                     "  cert: {type: acm-certificate, domain: x.example.com}\n"),
               comps(SITE, ACL, CDN.replace("web_acl", "certificate: cert, web_acl") % "",
                     "  cert: {type: acm-certificate, domain: x.example.com, region: eu-west-1}\n"),
               "is in eu-west-1, not us-east-1"),
    "SEC008": (comps(SITE, ACL, CDN % ""), comps(SITE, ACL, CDN.replace("target: site", "target: site, access: public") % ""),
               "reached publicly"),
    "SEC009": (comps(SITE), comps("  site: {type: s3-bucket, block_public_access: false}\n"), "not blocked"),
    "SEC010": (comps(QUEUE), comps("  q: {type: sqs-queue, encrypted: false}\n"), "not encrypted"),
    "IAM001": (comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:Query']}"),
               comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:*']}"),
               "wildcard permission dynamodb:*"),
    "IAM002": (comps(FN, REPO.replace("gitlab-runner}", "gitlab-runner, deploy_role: role}"),
                     "  role: {type: iam-role, assumed_by: ci, actions: ['lambda:UpdateFunctionCode'], resources: [fn]}\n")
               + conns("{from: runner, to: fn, protocol: CLI, permissions: ['lambda:UpdateFunctionCode']}"),
               comps(FN, REPO.replace("gitlab-runner}", "gitlab-runner, deploy_role: role}"),
                     "  role: {type: iam-role, assumed_by: ci, actions: ['lambda:UpdateFunctionCode', 's3:PutObject'], "
                     "resources: [fn]}\n")
               + conns("{from: runner, to: fn, protocol: CLI, permissions: ['lambda:UpdateFunctionCode']}"),
               "grants actions no connection of its users needs: s3:PutObject"),
    "IAM003": (comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:Query']}"),
               comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK}"), "no permissions for DynamoDB table"),
    "IAM004": (comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:Query']}"),
               comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['s3:GetObject']}"),
               "s3:GetObject do not act on DynamoDB table"),
    "PERF001": (comps(API, FN), comps(API, FN.replace("timeout: 10", "timeout: 29")), "is not below API 'api'"),
    "PERF002": (comps(API, FN, SITE, ACL, CDN % ", {name: api, target: api, path_pattern: /x, access: custom-header}"),
                comps(API, FN, SITE, ACL, CDN % ", {name: api, target: api, path_pattern: /x, access: custom-header, "
                                                 "response_timeout: 20}"),
                "integration timeout 29 s is not below CloudFront 'cdn' origin timeout 20 s"),
    "PERF003": (comps(API, FN) + FLOW % (30000, 29000), comps(API, FN) + FLOW % (10000, 29000),
                "step 2 (api -> fn) waits 29000 ms, longer than its caller's 10000 ms"),
    "PERF004": (comps(API, FN) + FLOW % (30000, 29000), comps(API, FN) + FLOW % (30000, 5000),
                "waits 5000 ms for 'fn', whose timeout is 10 s"),
    "THR001": (comps(API, FN), comps(API.replace(", throttling_rate: 10, throttling_burst: 20", ""), FN),
               "stage 'dev' has no throttling"),
    "THR002": (comps(API, FN, API.replace("api:", "api2:")),
               comps(API.replace("throttling_rate: 10,", "throttling_rate: 6000,"), FN,
                     API.replace("api:", "api2:").replace("throttling_rate: 10,", "throttling_rate: 6000,")),
               "allow 12000 requests/s in total, above 10000"),
    "THR003": (comps(FN, FN.replace("fn:", "fn2:")),
               comps(FN.replace("10}", "500}"), FN.replace("fn:", "fn2:").replace("10}", "500}")),
               "functions reserve 1000 in account 111111111111 eu-west-1, above 900"),
    "THR004": (comps(API, FN), comps(API, FN.replace(", reserved_concurrency: 10", "")), "no reserved concurrency"),
    "THR005": (comps("  table: {type: dynamodb-table, partition_key: {name: id}, billing_mode: PROVISIONED, "
                     "read_capacity: 5, write_capacity: 5}\n"),
               comps("  table: {type: dynamodb-table, partition_key: {name: id}, billing_mode: PROVISIONED}\n"),
               "PROVISIONED without read_capacity"),
    "OBS001": (comps(FN), comps(FN.replace("timeout: 10", "timeout: 10, tracing: PassThrough")), "tracing is not Active"),
    "OBS002": (comps(FN.replace("timeout: 10", "timeout: 10, log_group: logs"), "  logs: {type: log-group}\n"),
               comps(FN.replace("timeout: 10", "timeout: 10, log_group: logs"),
                     "  logs: {type: log-group, overrides: {live: {retention_days: 7}}}\n"),
               "retention below 30 days in live"),
    "OBS003": (comps(API.replace("throttling_burst: 20", "throttling_burst: 20, access_log: logs"), FN,
                     "  logs: {type: log-group}\n"), comps(API, FN), "stage 'dev' has no access_log"),
    "OBS004": (comps(FN, METRIC, ALARM, TOPIC % SUBSCRIBED), comps(FN, METRIC, TOPIC % SUBSCRIBED), "no alarm on Errors"),
    "OBS005": (comps(FN, METRIC, ALARM, TOPIC % SUBSCRIBED), comps(FN, METRIC, ALARM, TOPIC % ""),
               "notifies 'topic', which has no subscriber"),
    "REL001": (comps(CALLER, FN.replace("timeout: 10", "timeout: 10, async: {on_failure: q}"), QUEUE) + conns(ASYNC),
               comps(CALLER, FN) + conns(ASYNC), "invoked asynchronously without a failure destination"),
    "REL002": (comps(CALLER, FN.replace("timeout: 10", "timeout: 100, async: {max_event_age: 3600}")) + conns(ASYNC),
               comps(CALLER, FN.replace("timeout: 10", "timeout: 900, async: {max_event_age: 600}")) + conns(ASYNC),
               "3 attempts x 900 s exceed the maximum event age 600 s"),
    "REL003": (comps(FN.replace("timeout: 10", "timeout: 10, dead_letter: q"), QUEUE, TOPIC % SUBSCRIBED,
                     METRIC.replace("source: fn", "source: q"), ALARM),
               comps(FN.replace("timeout: 10", "timeout: 10, dead_letter: q"), QUEUE), "dead-letter queue without an alarm"),
    "REL004": (comps("  q: {type: sqs-queue, dead_letter: dlq}\n  dlq: {type: sqs-queue}\n"), comps(QUEUE),
               "no dead-letter queue"),
    "DATA001": (comps(TABLE), comps(TABLE.replace("}}", "}, point_in_time_recovery: false}")), "point-in-time recovery is off"),
    "DATA002": (comps(TABLE), comps(TABLE.replace("}}", "}, encryption: AWS_OWNED}")), "AWS owned key"),
    "FN001": (comps("  lib: {type: lambda-layer, runtimes: [python3.12]}\n", FN.replace("timeout: 10", "timeout: 10, layers: [lib]")),
              comps("  lib: {type: lambda-layer, runtimes: [nodejs22.x], architectures: [x86_64]}\n",
                    FN.replace("timeout: 10", "timeout: 10, layers: [lib]")),
              "loads layer 'lib', whose `runtimes` leave out its runtime python3.12"),
    "EDGE001": (comps(SITE, "  idx: {type: cloudfront-function, event: viewer-request, kind: index-rewrite}\n",
                      "  cdn: {type: cloudfront, origins: [{name: site, target: site, functions: [idx]}]}\n"),
                comps(SITE, "  idx: {type: cloudfront-function, event: viewer-response, kind: index-rewrite}\n",
                      "  cdn: {type: cloudfront, origins: [{name: site, target: site, functions: [idx]}]}\n"),
                "kind index-rewrite is for viewer-request, but the function runs on viewer-response"),
    "EDGE002": (comps(SITE, "  edge: {type: lambda, runtime: nodejs22.x, architecture: x86_64, tracing: PassThrough}\n",
                      "  cdn: {type: cloudfront, origins: [{name: site, target: site, edge_functions: "
                      "[{event: origin-request, function: edge}]}]}\n"),
                comps(SITE, "  edge: {type: lambda, runtime: nodejs22.x, tracing: PassThrough}\n",
                      "  cdn: {type: cloudfront, origins: [{name: site, target: site, edge_functions: "
                      "[{event: origin-request, function: edge}]}]}\n"),
                "runs at the edge (origin-request) but its architecture is arm64"),
    "AUTH001": (comps(POOL % ""), comps(POOL % ", access_token_validity: 120"), "tokens live 120 min, above 60"),
    "AUTH002": (comps(POOL % ""), comps(POOL % ", oauth_flows: [code, implicit]"), "allows the implicit flow"),
    "AUTH003": (comps(POOL.replace("clients", "overrides: {dev: {mfa: 'OFF'}}, clients") % ""),
                comps(POOL.replace("clients", "mfa: 'OFF', clients") % ""), "MFA is OFF in live"),
    "AUTH004": (comps(POOL.replace("clients", "mfa: 'ON', clients") % ", mfa: required"),
                comps(POOL % ", mfa: required"),
                "client 'web' has mfa required, but the pool's mfa is OPTIONAL, and Cognito enforces MFA per pool"),
    "CICD001": (comps(REPO, SITE) + pipeline(BUILD, DEV % "site", LIVE % (APPROVE, "site")),
                comps(REPO, SITE) + pipeline(BUILD, DEV % "site", LIVE % ("", "site")),
                "'Deploy live' changes live without a manual approval"),
    "CICD002": (comps(REPO, FN, STACK) + pipeline(DEV % "stack", LIVE % (APPROVE, "stack")),
                comps(REPO, FN, STACK) + pipeline(BUILD), "no pipeline stage has a deploy action with `target: stack`"),
    "CICD003": (comps(REPO, SITE) + pipeline(DEV % "site", LIVE % (APPROVE, "site")),
                comps(REPO, SITE) + pipeline(BUILD, LIVE % (APPROVE, "site")), "'site' not deployed anywhere before"),
    "GOV001": (comps("  q: {type: sqs-queue, owner: team-a}\n"), comps(QUEUE), "no owner"),
    "GOV002": (comps(FN, TABLE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:Query']}"),
               comps(FN, TABLE, QUEUE) + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:Query']}"),
               "not connected to or referred to by anything"),
    "OBS006": (comps(FN, "  traces: {type: xray}\n") + conns(
                   "{from: fn, to: traces, protocol: X-Ray, permissions: ['xray:PutTraceSegments']}"),
               comps(FN, "  traces: {type: xray}\n") + conns(
                   "{from: fn, to: traces, protocol: X-Ray, permissions: ['xray:GetSamplingRules']}"),
               "no connection to an X-Ray component grants xray:PutTraceSegments"),
    "CICD004": (comps(REPO, FN) + pipeline(BUILD, DEV % "fn", LIVE % (APPROVE, "fn")),
                comps(REPO, FN) + pipeline(BUILD),
                "no pipeline deploys this function's code"),
    "REL005": (comps(FN, "  q: {type: sqs-queue, visibility_timeout: 60}\n") + conns("{from: q, to: fn, protocol: SQS poll}"),
               comps(FN, "  q: {type: sqs-queue, visibility_timeout: 59}\n") + conns("{from: q, to: fn, protocol: SQS poll}"),
               "visibility timeout 59 s is under six times the timeout of its consumer 'fn' (10 s): at least 60 s"),
    "REL006": (comps(FN.replace("timeout: 10", "timeout: 10, dead_letter: q"), QUEUE,
                     TOPIC % ", subscriptions: [{protocol: lambda, endpoint: fn}]"),
               comps(FN, TOPIC % ", subscriptions: [{protocol: lambda, endpoint: fn}]"),
               "subscribed to 'topic' without a failure destination"),
    "REL007": (comps(FN.replace("timeout: 10", "timeout: 10, region: eu-central-1"),
                     TABLE.replace("}}", "}, replicas: [eu-central-1]}"))
               + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:GetItem']}"),
               comps(FN.replace("timeout: 10", "timeout: 10, region: eu-central-1"), TABLE)
               + conns("{from: fn, to: table, protocol: SDK, permissions: ['dynamodb:GetItem']}"),
               "'fn' runs in eu-central-1 but calls 'table' in eu-west-1 synchronously"),
    "SEC011": (comps(QUEUE, TOPIC % ", subscriptions: [{protocol: sqs, endpoint: q}]"),
               comps(QUEUE, TOPIC % ", subscriptions: [{protocol: sqs, endpoint: 'arn:aws:sqs:eu-west-1:1:x'}]"),
               "is no component of the model, not a sqs-queue"),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_the_good_fragment(rule_id):
    good, _, _ = CASES[rule_id]
    assert [f.line() for f in findings(good, rule_id)] == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_flags_the_bad_fragment_at_the_element(rule_id):
    _, bad, expected = CASES[rule_id]
    found = findings(bad, rule_id)
    assert found, f"{rule_id} found nothing in the failing fragment"
    assert any(expected in f.message for f in found), [f.message for f in found]
    for f in found:
        assert f.rule == rule_id and f.location is not None and f.location.file.endswith("fragment.yaml")
        assert f.location.line > 0


def test_every_builtin_rule_has_a_case_and_the_metadata():
    rules = builtin_rules()
    assert len(rules) >= 25
    assert {r.id for r in rules} == set(CASES)
    for r in rules:
        assert r.link.startswith("https://docs.aws.amazon.com/"), r.id
        assert r.title and r.rationale and r.fix and r.severity in ("error", "warning", "info")
