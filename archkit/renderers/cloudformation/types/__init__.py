"""Catalogue type -> the module that turns a component of that type into CloudFormation resources.

Each module has build(ctx, comp) -> [Resource], PRIMARY (suffix of the main logical id) and, when other
components may be granted access to it, arns(ctx, comp, action) -> [ARN expressions] (never "*")."""
from __future__ import annotations

from . import (acm_certificate, alarm, api_gateway_rest, cloudformation_stack, cloudfront, codebuild_project,
               codepipeline, cognito_user_pool, dashboard, dynamodb_table, eventbridge_bus, iam_role, lambda_function,
               log_group, route53_zone, s3_bucket, sns_topic, sqs_queue, step_functions, waf_web_acl, xray)

REGISTRY = {
    "acm-certificate": acm_certificate,
    "alarm": alarm,
    "api-gateway-rest": api_gateway_rest,
    "cloudformation-stack": cloudformation_stack,
    "cloudfront": cloudfront,
    "codebuild-project": codebuild_project,
    "codepipeline": codepipeline,
    "cognito-user-pool": cognito_user_pool,
    "dashboard": dashboard,
    "dynamodb-table": dynamodb_table,
    "eventbridge-bus": eventbridge_bus,
    "iam-role": iam_role,
    "lambda": lambda_function,
    "log-group": log_group,
    "route53-zone": route53_zone,
    "s3-bucket": s3_bucket,
    "sns-topic": sns_topic,
    "sqs-queue": sqs_queue,
    "step-functions": step_functions,
    "waf-web-acl": waf_web_acl,
    "xray": xray,
}
