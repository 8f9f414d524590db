"""Cross-account deploys: environments in other accounts than the home one are deployed through roles of those
accounts (created by the deploy-access stack) with artefacts under a key they may use; same-account models stay simple."""
from __future__ import annotations

import json
import shutil

from archkit.model import load_model
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL


def rendered(model_path) -> dict:
    return render_templates(templates_payload(load_model(model_path)))


def template(files: dict, stack: str) -> dict:
    return load(files[f"cloudformation/{stack}.yaml"])


def deploy_actions(pipeline_doc: dict) -> dict[str, list[dict]]:
    """Stage name -> its deploy actions (CloudFormation and the CodeBuild deployer of pinned stacks)."""
    stages = pipeline_doc["Resources"]["InfraPipelinePipeline"]["Properties"]["Stages"]
    return {s["Name"]: [a for a in s["Actions"] if a["Name"].startswith("Deploy-")] for s in stages
            if s["Name"].startswith("Deploy")}


def same_account_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    system = folder / "system.yaml"
    system.write_text(system.read_text().replace('account: "222222222222"', 'account: "111111111111"'))
    return folder


def test_actions_for_another_account_assume_its_role_and_deploy_with_its_cloudformation_role():
    files = rendered(MODEL)  # dev (home) in 111111111111, prod in 222222222222
    pipeline = template(files, "pipeline")
    stages = deploy_actions(pipeline)
    assert stages["Deploy-dev"] and stages["Deploy-prod"]
    for action in stages["Deploy-dev"]:
        assert "RoleArn" not in action
    for action in stages["Deploy-prod"]:
        if action["ActionTypeId"]["Provider"] == "CloudFormation":
            assert action["RoleArn"] == {"Ref": "ProdDeployRoleArn"}
            assert action["Configuration"]["RoleArn"] == {"Ref": "ProdCloudFormationRoleArn"}
        else:  # the pinned us-east-1 stack: CodeBuild assumes the same role
            variables = action["Configuration"]["EnvironmentVariables"]["Fn::Sub"]
            assert '"ASSUME_ROLE_ARN", "value": "${Assume}"' in variables[0]
            assert variables[1] == {"Assume": {"Ref": "ProdDeployRoleArn"}, "Deploy": {"Ref": "ProdCloudFormationRoleArn"}}
    values = json.loads(files["cloudformation/parameters/dev/pipeline.json"])["Parameters"]
    assert values["ProdDeployRoleArn"] == "arn:aws:iam::222222222222:role/worklog-prod-pipeline-deploy"
    assert values["ProdCloudFormationRoleArn"] == "arn:aws:iam::222222222222:role/worklog-prod-cloudformation"
    role = pipeline["Resources"]["InfraPipelineRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert {"Effect": "Allow", "Action": ["sts:AssumeRole"], "Resource": [{"Ref": "ProdDeployRoleArn"}]} in role


def test_artefacts_are_under_a_key_and_in_a_bucket_the_other_account_may_read():
    pipeline = template(rendered(MODEL), "pipeline")["Resources"]
    store = pipeline["InfraPipelinePipeline"]["Properties"]["ArtifactStore"]
    assert store["EncryptionKey"] == {"Id": {"Fn::GetAtt": ["InfraPipelineArtifactKey", "Arn"]}, "Type": "KMS"}
    key = pipeline["InfraPipelineArtifactKey"]
    assert key["Properties"]["EnableKeyRotation"] is True and key["DeletionPolicy"] == "Retain"
    grants = key["Properties"]["KeyPolicy"]["Statement"][1]
    assert grants["Principal"]["AWS"] == [{"Fn::Sub": "arn:${AWS::Partition}:iam::222222222222:root"}]
    assert set(grants["Action"]) == {"kms:Decrypt", "kms:DescribeKey"}
    bucket = pipeline["ArtifactBucketBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    reader = next(s for s in bucket if s.get("Sid") == "DeployAccountsReadArtefacts")
    assert reader["Principal"]["AWS"] == grants["Principal"]["AWS"] and "s3:PutObject" not in reader["Action"]
    build = pipeline["BuildProjectProject"]["Properties"]
    assert build["EncryptionKey"] == {"Fn::GetAtt": ["InfraPipelineArtifactKey", "Arn"]}


def test_deploy_access_stack_creates_the_roles_the_pipeline_names_in_the_other_account_only():
    files = rendered(MODEL)
    assert "cloudformation/parameters/prod/deploy-access.json" in files
    assert "cloudformation/parameters/dev/deploy-access.json" not in files
    roles = template(files, "deploy-access")["Resources"]
    names = {r["Properties"]["RoleName"]["Fn::Sub"] for r in roles.values() if r["Type"] == "AWS::IAM::Role"}
    assert names == {"${SystemName}-${Environment}-pipeline-deploy", "${SystemName}-${Environment}-cloudformation"}
    deploy = roles["InfraPipelineAccessDeployRole"]["Properties"]
    assert deploy["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::111111111111:root"}}
    resources = [r for s in deploy["Policies"][0]["PolicyDocument"]["Statement"] for r in s["Resource"]]
    assert "*" not in resources
    values = json.loads(files["cloudformation/parameters/prod/deploy-access.json"])["Parameters"]
    assert values["DeployPolicyArn"].startswith("arn:aws:iam::222222222222:")
    assert values["ArtifactKeyArn"].startswith("SET-AT-DEPLOY: output ArtifactKeyArn of stack worklog-dev-pipeline")
    assert {"ArtifactKeyArn", "ArtifactBucketArn"} <= set(template(files, "pipeline")["Outputs"])
    page = files["docs/architecture/cloudformation.md"].decode()
    assert "`deploy-access` by hand, once in the account of `prod`, after `pipeline`" in page


def test_same_account_models_get_no_key_no_action_roles_and_no_access_stack(tmp_path):
    files = rendered(same_account_model(tmp_path))
    assert "cloudformation/deploy-access.yaml" not in files
    pipeline = template(files, "pipeline")
    assert "InfraPipelineArtifactKey" not in pipeline["Resources"]
    assert "EncryptionKey" not in pipeline["Resources"]["InfraPipelinePipeline"]["Properties"]["ArtifactStore"]
    assert not any("RoleArn" in a for actions in deploy_actions(pipeline).values() for a in actions)
    assert not any(name.endswith("DeployRoleArn") for name in pipeline["Parameters"])
    assert "sts:AssumeRole" not in json.dumps(pipeline["Resources"]["InfraPipelineRole"]["Properties"]["Policies"])


def test_deploy_access_roles_deploy_only_in_the_environments_region_and_the_pinned_regions():
    files = rendered(MODEL)
    payload = templates_payload(load_model(MODEL))
    regions = {payload["environments"]["prod"]["region"], "us-east-1"}
    roles = [r for r in template(files, "deploy-access")["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    stack_arns = [arn["Fn::Sub"] for role in roles for policy in role["Properties"].get("Policies", [])
                  for s in policy["PolicyDocument"]["Statement"] if "cloudformation:CreateStack" in s["Action"]
                  for arn in s["Resource"]]
    assert {arn.split(":cloudformation:")[1].split(":")[0] for arn in stack_arns} == regions
