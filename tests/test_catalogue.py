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
