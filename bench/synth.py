#!/usr/bin/env python3
"""Write a synthetic but valid serverless model with about N components: python bench/synth.py N OUT_DIR."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

BASE = ["zone", "cert", "cdn", "waf", "site", "logs", "api", "users", "alerts", "traces", "repo", "runner"]
# checkov checks the model decides against, with the reason an architect would give (they reach the templates)
SKIPS = {rule: {"rule": rule, "reason": reason} for rule, reason in {
    "CKV_AWS_18": "This is the access-log bucket itself; logging it into itself would loop",
    "CKV_AWS_116": "Invoked synchronously by API Gateway: errors go back to the caller, there is no event to keep",
    "CKV_AWS_117": "The function reaches only AWS APIs over IAM-signed HTTPS; no VPC resource to reach",
    "CKV_AWS_120": "Responses are per user and change on every write; caching would serve stale or foreign data",
    "CKV_AWS_158": "Log data holds no secrets or personal data; CloudWatch Logs encrypts it at rest with its service key",
    "CKV_AWS_173": "Environment variables hold names, no secrets; Lambda encrypts them at rest with the AWS managed key",
}.items()}
PER_SERVICE = 5  # function, its log group, its error metric, its alarm, its table
SERVICES_PER_API = 100  # an API's resources stay in one stack (at most 500): 3 per route, so a new API per 100


def base_components(domain: str) -> dict:
    return {
        "zone": {"type": "route53-zone", "domain": domain, "records": [{"name": "@", "alias_to": "cdn"}]},
        "cert": {"type": "acm-certificate", "domain": domain},
        "cdn": {"type": "cloudfront", "certificate": "cert", "web_acl": "waf", "access_log_bucket": "logs",
                "origins": [{"name": "api", "target": "api", "path_pattern": "/api/*"},
                            {"name": "site", "target": "site"}]},
        "waf": {"type": "waf-web-acl", "rules": [
            {"name": "common", "priority": 0, "kind": "managed", "managed_group": "AWSManagedRulesCommonRuleSet",
             "action": "none"},
            {"name": "bad-inputs", "priority": 1, "kind": "managed", "managed_group": "AWSManagedRulesKnownBadInputsRuleSet",
             "action": "none"},
            {"name": "rate", "priority": 2, "kind": "rate-based", "limit": 2000}]},
        "site": {"type": "s3-bucket", "purpose": "static-site", "served_by": "cdn"},
        "logs": {"type": "s3-bucket", "purpose": "logs", "lifecycle_days": 90, "suppress": [SKIPS["CKV_AWS_18"]]},
        "api": {"type": "api-gateway-rest", "stages": {"dev": {"environment": "dev", "throttling_rate": 100,
                                                               "throttling_burst": 200}},
                "authorizers": [{"name": "users", "kind": "cognito", "user_pool": "users"}], "routes": [],
                "suppress": [SKIPS["CKV_AWS_120"], SKIPS["CKV_AWS_158"]]},
        "users": {"type": "cognito-user-pool", "clients": [{"name": "web"}]},
        "alerts": {"type": "sns-topic", "subscriptions": [{"protocol": "email", "endpoint": "ops@example.org"}]},
        "traces": {"type": "xray"},
        "repo": {"type": "gitlab-repo"},
        "runner": {"type": "gitlab-runner", "tools": ["aws-cli"]},
    }


def api_for(index: int, components: dict, connections: list) -> tuple[str, str]:
    """(API id, route prefix) of a service: the first hundred on `api` under /api, then one more API per hundred
    (`api-2` under /g2, ...), each behind its own CloudFront origin."""
    group = index // SERVICES_PER_API + 1
    if group == 1:
        return "api", "/api"
    api, prefix = f"api-{group}", f"/g{group}"
    if api not in components:
        components[api] = {**components["api"], "routes": []}
        components["cdn"]["origins"].insert(-1, {"name": api, "target": api, "path_pattern": f"{prefix}/*"})
        connections += [{"from": "cdn", "to": api, "protocol": "HTTPS"}, {"from": api, "to": "users", "protocol": "HTTPS"}]
    return api, prefix


def add_service(index: int, components: dict, connections: list):
    api, prefix = api_for(index, components, connections)
    fn, logs, metric, alarm, table = (f"svc{index}-{part}" for part in ("fn", "logs", "errors", "alarm", "table"))
    components[fn] = {"type": "lambda", "runtime": "python3.12", "memory": 256, "timeout": 10,
                      "reserved_concurrency": 2, "log_group": logs, "owner": f"team-{index % 7}",
                      "suppress": [SKIPS["CKV_AWS_116"], SKIPS["CKV_AWS_117"], SKIPS["CKV_AWS_173"]]}
    components[logs] = {"type": "log-group", "retention_days": 30, "source": fn, "suppress": [SKIPS["CKV_AWS_158"]]}
    components[metric] = {"type": "metric", "namespace": "AWS/Lambda", "metric_name": "Errors", "source": fn}
    components[alarm] = {"type": "alarm", "metric": metric, "threshold": 1, "notify": ["alerts"]}
    components[table] = {"type": "dynamodb-table", "partition_key": {"name": "pk"}, "encryption": "CUSTOMER_MANAGED"}
    components[api]["routes"].append({"method": "GET", "path": f"{prefix}/svc{index}", "target": fn,
                                      "authorizer": "users"})
    connections += [
        {"from": api, "to": fn, "protocol": "Lambda invoke", "permissions": ["lambda:InvokeFunction"]},
        {"from": fn, "to": table, "protocol": "AWS SDK", "permissions": ["dynamodb:GetItem", "dynamodb:PutItem"]},
        {"from": fn, "to": logs, "protocol": "CloudWatch Logs", "async": True},
        {"from": fn, "to": "traces", "protocol": "X-Ray", "async": True},
        {"from": alarm, "to": "alerts", "protocol": "SNS", "async": True},
        {"from": "runner", "to": fn, "protocol": "AWS CLI", "permissions": ["lambda:UpdateFunctionCode"]},
    ]


def synthetic_model(size: int) -> dict:
    components = base_components("bench.example.org")
    connections = [
        {"from": "user", "to": "zone", "protocol": "DNS"},
        {"from": "user", "to": "cdn", "protocol": "HTTPS"},
        {"from": "cdn", "to": "waf", "protocol": "WAF"},
        {"from": "cdn", "to": "site", "protocol": "HTTPS", "auth": "OAC"},
        {"from": "cdn", "to": "api", "protocol": "HTTPS"},
        {"from": "api", "to": "users", "protocol": "HTTPS"},
        {"from": "repo", "to": "runner", "protocol": "GitLab CI"},
    ]
    for index in range(max(1, (size - len(BASE)) // PER_SERVICE)):
        add_service(index, components, connections)
    return {
        "system": {"name": f"Synthetic {size}", "description": "Generated by bench/synth.py."},
        "environments": {"dev": {"account": "123456789012", "region": "eu-west-1", "domain": "bench.example.org"}},
        "actors": {"user": {"kind": "browser"}, "dev": {"kind": "developer"}},
        "components": components,
        "connections": connections,
        "flows": {"request": {"name": "Request", "kind": "request", "steps": [
            {"from": "user", "to": "cdn", "action": "GET /api/svc0", "protocol": "HTTPS"},
            {"from": "cdn", "to": "waf", "action": "Inspect"},
            {"from": "cdn", "to": "api", "action": "Forward"},
            {"from": "api", "to": "svc0-fn", "action": "Invoke"},
            {"from": "svc0-fn", "to": "svc0-table", "action": "GetItem"}]}},
        "pipelines": {"deploy": {"name": "Deploy", "trigger": "push", "source": "repo", "runs_on": "runner",
                                 "stages": [{"name": "Deploy", "environment": "dev", "actions": [
                                     {"name": "Update svc0", "kind": "deploy", "uses": "runner",
                                      "target": "svc0-fn"}]}]}},
    }


def main(argv: list[str]) -> int:
    size, out = int(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(synthetic_model(size), sort_keys=False, width=120)
    (out / "model.yaml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
