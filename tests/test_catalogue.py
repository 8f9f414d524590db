"""The catalogue is consistent data: every type complete, no clash with the fields every component has."""
from archkit.model.catalogue import load_catalogue, load_structure


def test_every_type_is_complete():
    catalogue = load_catalogue()
    assert len(catalogue.types) >= 20
    for ctype in catalogue.types.values():
        assert ctype.label and ctype.icon.count(".") == 2, ctype.name
        assert ctype.layer in catalogue.layers, ctype.name
        assert ctype.scope in ("global", "regional", "external"), ctype.name
        assert all(r.startswith("AWS::") for r in ctype.cloudformation), ctype.name


def test_type_properties_do_not_shadow_common_fields():
    common = set(load_structure()["component"].fields)
    for ctype in load_catalogue().types.values():
        assert not common & set(ctype.properties), ctype.name


def test_refs_point_at_known_types():
    catalogue = load_catalogue()

    def walk(spec):
        if spec.kind == "ref" and spec.to:
            assert set(spec.to) <= set(catalogue.types), spec.to
        for sub in [spec.items, spec.values_of, *spec.fields.values()]:
            if sub is not None:
                walk(sub)

    for ctype in catalogue.types.values():
        for spec in ctype.properties.values():
            walk(spec)


def test_enum_defaults_are_allowed_values():
    def walk(spec):
        if spec.kind == "enum" and spec.default is not None:
            defaults = spec.default if isinstance(spec.default, list) else [spec.default]
            assert set(defaults) <= set(spec.values), (spec.default, spec.values)
        if spec.kind == "list" and spec.default is not None and spec.items.kind == "enum":
            assert set(spec.default) <= set(spec.items.values)
        for sub in [spec.items, spec.values_of, *spec.fields.values()]:
            if sub is not None:
                walk(sub)

    for ctype in load_catalogue().types.values():
        for spec in ctype.properties.values():
            walk(spec)


def test_name_limits_agree_with_cloudformation_schemas():
    """name_max_length in the catalogue is AWS's limit on the resource's name; cfn-lint's resource schemas know some
    of them (maxLength, or {1,N} in the pattern): the catalogue may be stricter, never looser."""
    import re

    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    from archkit.model import load_catalogue

    name_property = {"AWS::Lambda::Function": "FunctionName", "AWS::IAM::Role": "RoleName",
                     "AWS::StepFunctions::StateMachine": "StateMachineName", "AWS::DynamoDB::Table": "TableName",
                     "AWS::Cognito::UserPool": "UserPoolName", "AWS::Events::EventBus": "Name"}
    checked = 0
    for ctype in load_catalogue().types.values():
        if ctype.name_max_length is None:
            continue
        primary = ctype.cloudformation[0]
        prop = name_property.get(primary)
        if prop is None:
            continue
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", primary).schema["properties"][prop]
        bounds = [schema["maxLength"]] if "maxLength" in schema else \
            [int(m) for m in re.findall(r"\{1,(\d+)\}", schema.get("pattern", ""))[:1]]
        for bound in bounds:
            assert ctype.name_max_length <= bound, (ctype.name, bound)
            checked += 1
    assert checked >= 5
