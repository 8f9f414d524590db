"""Deploy generated templates to moto's CloudFormation (server mode on 127.0.0.1) and resolve a template's
intrinsic functions against what was deployed, so that the test can apply, through the service APIs, the
resources moto 5.2.5 creates but does not apply (a bucket's NotificationConfiguration) or does not support in
CloudFormation (AWS::SNS::Subscription, AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy)."""
from __future__ import annotations

import json
import re

from archkit.renderers.cloudformation.intrinsics import GetAtt, Ref, Sub
from archkit.renderers.cloudformation.yamlout import dump

ACCOUNT = "123456789012"  # moto's account
PACKAGE = bytes.fromhex("504b0506" + "00" * 18)  # an empty zip archive: a package Lambda can read
PLACEHOLDER = re.compile(r"^SET-AT-DEPLOY: output (\w+) of stack (\S+) in (\S+)$")


def supported(resource_type: str) -> bool:
    from moto.cloudformation.parsing import resource_class_from_type
    return resource_class_from_type(resource_type) is not None


def stand_in(lid: str, resource: dict):
    """What a reference to a resource moto cannot create resolves to: an alias stands for its function's ARN
    (moto has no AWS::Lambda::Alias); anything else becomes a marked ARN that no assertion may mistake for real."""
    if resource["Type"] == "AWS::Lambda::Alias":
        function = resource["Properties"]["FunctionName"]
        return GetAtt(function.name, "Arn") if isinstance(function, Ref) else function
    return f"arn:aws:not-in-moto:::{lid}"


def for_moto(doc: dict) -> tuple[bytes, dict[str, tuple[str, object]]]:
    """The template without the resources moto's CloudFormation lacks, and what stands in for each
    (logical id -> (type, stand-in))."""
    removed = {lid: (r["Type"], stand_in(lid, r)) for lid, r in doc["Resources"].items() if not supported(r["Type"])}

    def walk(node):
        if isinstance(node, (Ref, GetAtt)):
            lid = node.name if isinstance(node, Ref) else node.resource
            return walk(removed[lid][1]) if lid in removed else node
        if isinstance(node, Sub):
            return Sub(node.template, {k: walk(v) for k, v in node.variables.items()})
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    kept = {lid: walk(r) for lid, r in doc["Resources"].items() if lid not in removed}
    for resource in kept.values():  # moto 5.2.5 resolves !Ref of an event bus to an object, not its name
        bus = resource["Properties"].get("EventBusName") if resource["Type"] == "AWS::Events::Rule" else None
        if isinstance(bus, Ref) and bus.name in kept:
            resource["Properties"]["EventBusName"] = kept[bus.name]["Properties"]["Name"]
    for resource in kept.values():
        if "DependsOn" in resource:
            resource["DependsOn"] = [d for d in resource["DependsOn"] if d not in removed]
            if not resource["DependsOn"]:
                del resource["DependsOn"]
    out = {**doc, "Resources": kept or {"NothingMotoCreates": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": Sub("/moto-stand-in/${AWS::StackName}"), "Type": "String", "Value": "moto creates no other resource of this stack"}}}}
    if "Outputs" in doc:
        out["Outputs"] = walk(doc["Outputs"])
    return dump(out), removed


class Deployed:
    """The stacks of one environment, deployed in order; `client(service, region)` talks to the same server."""

    def __init__(self, session_client, region: str):
        self.client = session_client
        self.region = region
        self.physical: dict[str, tuple[str, str, str]] = {}  # logical id -> (physical id, type, region)
        self.parameters: dict[str, str] = {}
        self.templates: dict[str, dict] = {}  # logical id -> its resource in the template
        self.regions: dict[str, str] = {}  # logical id -> the Region of its stack (also for what moto lacks)
        self.stand_ins: dict[str, object] = {}  # logical id of a resource moto lacks -> what stands in for it

    def deploy(self, name: str, doc: dict, parameters: dict, region: str) -> tuple[dict, dict]:
        """Create the stack (without what moto lacks); its status and {logical id: type} of what was left out."""
        body, removed = for_moto(doc)
        self.stand_ins.update({lid: node for lid, (_, node) in removed.items()})
        cfn = self.client("cloudformation", region)
        values = {k: self.cross_region(v) for k, v in parameters.items()}
        self.upload_packages(doc, values, region)
        cfn.create_stack(StackName=name, TemplateBody=body.decode(),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
                         Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
        for resource in cfn.describe_stack_resources(StackName=name)["StackResources"]:
            self.physical[resource["LogicalResourceId"]] = (resource.get("PhysicalResourceId", ""), resource["ResourceType"],
                                                            region)
        self.parameters.update({k: str(p["Default"]) for k, p in doc.get("Parameters", {}).items()
                                if "Default" in p and k not in values})
        self.parameters.update(values)
        self.templates.update(doc["Resources"])
        self.regions.update({lid: region for lid in doc["Resources"]})
        return stack, {lid: kind for lid, (kind, _) in removed.items()}

    def upload_packages(self, doc: dict, values: dict, region: str) -> None:
        """What the team's build does before a deploy: create the code bucket the parameter file names and put a
        package at each key the stack's functions and layers load from (Lambda reads it when it creates them)."""
        keys = [package["S3Key"] for r in doc["Resources"].values()
                for package in (r["Properties"].get("Code"), r["Properties"].get("Content"))
                if isinstance(package, dict) and package.get("S3Bucket") == Ref("CodeBucket")]
        if not keys:
            return
        s3 = self.client("s3", region)
        bucket = values["CodeBucket"]
        if bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
            s3.create_bucket(Bucket=bucket, **({} if region == "us-east-1" else
                                               {"CreateBucketConfiguration": {"LocationConstraint": region}}))
        defaults = {k: str(p["Default"]) for k, p in doc.get("Parameters", {}).items() if "Default" in p}
        for key in keys:
            name = re.sub(r"\$\{(\w+)\}", lambda m: {**defaults, **values}[m.group(1)], key.template)
            s3.put_object(Bucket=bucket, Key=name, Body=PACKAGE)

    def cross_region(self, value: str) -> str:
        """A parameter the pipeline sets from a pinned stack's output (SET-AT-DEPLOY), read as it would."""
        found = PLACEHOLDER.match(value)
        if not found:
            return value
        output, stack, region = found.groups()
        outputs = self.client("cloudformation", region).describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]
        return next(o["OutputValue"] for o in outputs if o["OutputKey"] == output)

    # -- resolving a template's values ----------------------------------------------------------------------
    def resolve_for(self, lid: str, node):
        """`node` as CloudFormation resolves it in the stack of resource `lid` (its Region's AWS::Region)."""
        home = self.region
        self.region = self.regions.get(lid, home)
        try:
            return self.resolve(node)
        finally:
            self.region = home

    def resolve(self, node):
        lid = node.name if isinstance(node, Ref) else node.resource if isinstance(node, GetAtt) else None
        if lid in self.stand_ins:
            return self.resolve(self.stand_ins[lid])
        if isinstance(node, Ref):
            return self.ref(node.name)
        if isinstance(node, GetAtt):
            return self.attribute(node.resource, node.attribute)
        if isinstance(node, Sub):
            return self.substitute(node)
        if isinstance(node, dict) and set(node) == {"Fn::ImportValue"}:
            return self.export(self.resolve(node["Fn::ImportValue"]))
        if isinstance(node, dict):
            return {k: self.resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.resolve(v) for v in node]
        return node

    def ref(self, name: str) -> str:
        pseudo = {"AWS::AccountId": ACCOUNT, "AWS::Region": self.region, "AWS::Partition": "aws",
                  "AWS::URLSuffix": "amazonaws.com"}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        physical, kind, _ = self.physical[name]
        if kind == "AWS::Events::EventBus":  # moto's physical id of a bus is not its name
            return self.resolve(self.templates[name]["Properties"]["Name"])
        return physical

    def attribute(self, lid: str, attribute: str) -> str:
        physical, kind, region = self.physical[lid]
        if kind == "AWS::SQS::Queue" and attribute == "Arn":
            return self.client("sqs", region).get_queue_attributes(
                QueueUrl=physical, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        if kind == "AWS::Lambda::Function" and attribute == "Arn":
            return self.client("lambda", region).get_function(FunctionName=physical)["Configuration"]["FunctionArn"]
        if kind == "AWS::S3::Bucket" and attribute == "Arn":
            return f"arn:aws:s3:::{physical}"
        if kind == "AWS::Events::Rule" and attribute == "Arn":
            bus = self.resolve(self.templates[lid]["Properties"].get("EventBusName", "default"))
            name = physical.rsplit("/", 1)[-1].split("|")[-1]
            return self.client("events", region).describe_rule(Name=name, EventBusName=bus)["Arn"]
        if kind == "AWS::Kinesis::Stream" and attribute == "Arn":
            return self.client("kinesis", region).describe_stream_summary(
                StreamName=physical)["StreamDescriptionSummary"]["StreamARN"]
        if kind == "AWS::Events::EventBus" and attribute == "Arn":
            return self.client("events", region).describe_event_bus(Name=self.ref(lid))["Arn"]
        if kind == "AWS::Logs::LogGroup" and attribute == "Arn":
            return f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{physical}:*"
        if kind == "AWS::SQS::Queue" and attribute == "QueueName":
            return physical.rsplit("/", 1)[-1]
        if kind == "AWS::IAM::Role" and attribute == "Arn":
            return self.client("iam", region).get_role(RoleName=physical)["Role"]["Arn"]
        if kind == "AWS::KMS::Key" and attribute == "Arn":
            return self.client("kms", region).describe_key(KeyId=physical)["KeyMetadata"]["Arn"]
        raise KeyError(f"{kind}.{attribute} of {lid}")

    def substitute(self, sub: Sub) -> str:
        def one(match):
            name = match.group(1)
            if name in sub.variables:
                return str(self.resolve(sub.variables[name]))
            if "." in name:
                return self.attribute(*name.split(".", 1))
            return self.ref(name)
        return re.sub(r"\$\{([A-Za-z0-9:.]+)\}", one, sub.template)

    def export(self, name: str) -> str:
        cfn = self.client("cloudformation", self.region)
        return next(e["Value"] for e in cfn.list_exports()["Exports"] if e["Name"] == name)


def policy_text(document) -> str:
    return json.dumps(document, sort_keys=True)
