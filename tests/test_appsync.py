"""Issue 15: AppSync GraphQL APIs in the model: the schema, auth by a user pool, IAM or a Lambda authorizer,
field-level logs and X-Ray, a data source per resolver target with a role AppSync assumes for this API only,
allowed exactly what its resolvers do, and a resolver per field (direct Lambda, or APPSYNC_JS for a table). A
resolver on a field the schema lacks is a located model error. Applied through moto's appsync API by
test_deploy_moto (tests/models/services)."""
from __future__ import annotations

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.model.connections import wires
from archkit.model.graphql import schema_fields
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload

MODEL = '''
system: {name: Orders}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  graph:
    type: appsync-api
    auth: lambda
    authorizer: gate
    schema: |
      """An order"""
      type Order { orderId: ID! total: Float }  # a comment { with braces }
      type Query {
        order(orderId: ID!): Order
        orders(
          orderId: ID!
        ): [Order]
        quote: Float
      }
      type Mutation { placeOrder(orderId: ID!, input: OrderInput): Order }
      input OrderInput { total: Float }
    resolvers:
      - {type: Query, field: order, target: orders}
      - {type: Query, field: orders, target: orders, action: query}
      - {type: Mutation, field: placeOrder, target: orders}
      - {type: Query, field: quote, target: pricing}
  orders: {type: dynamodb-table, partition_key: {name: orderId}, encryption: CUSTOMER_MANAGED}
  pricing: {type: lambda, runtime: python3.12}
  gate: {type: lambda, runtime: python3.12}
'''


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    result = build(templates_payload(model))
    return model, result, {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}


def test_the_schema_reader_finds_types_and_top_level_fields_only():
    fields = schema_fields(MODEL.split("schema: |")[1].split("resolvers:")[0])
    assert fields["Query"] == ["order", "orders", "quote"] and fields["Order"] == ["orderId", "total"]
    assert fields["Mutation"] == ["placeOrder"] and "OrderInput" not in fields  # an input is not a type to resolve


def test_each_field_has_its_resolver_on_the_data_source_of_its_target(built):
    _, _, placed = built
    resolvers = {(r.properties["TypeName"], r.properties["FieldName"]): r.properties
                 for r in placed.values() if r.type == "AWS::AppSync::Resolver"}
    assert set(resolvers) == {("Query", "order"), ("Query", "orders"), ("Mutation", "placeOrder"), ("Query", "quote")}
    assert resolvers[("Query", "quote")]["DataSourceName"].resource == "GraphPricingSource"
    assert "Code" not in resolvers[("Query", "quote")]  # a direct Lambda resolver
    assert "ddb.get({ key: { orderId: ctx.args.orderId } })" in resolvers[("Query", "order")]["Code"]
    assert "ddb.query(" in resolvers[("Query", "orders")]["Code"]
    assert "ddb.put(" in resolvers[("Mutation", "placeOrder")]["Code"]
    assert placed["GraphOrdersSource"].properties["Type"] == "AMAZON_DYNAMODB"


def test_a_data_source_role_may_do_what_its_resolvers_do_for_this_api_only(built):
    _, _, placed = built
    role = placed["GraphToOrdersRole"].properties
    condition = role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
    assert condition["aws:SourceArn"].resource == "GraphApi"
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    actions = {a for s in statements for a in s["Action"]}
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"} <= actions
    assert "dynamodb:DeleteItem" not in actions and any(a.startswith("kms:") for a in actions)  # the table's own key
    lambda_role = placed["GraphToPricingRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    assert lambda_role == [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"],
                            "Resource": [lambda_role[0]["Resource"][0]]}]


def test_the_lambda_authorizer_may_be_invoked_by_this_api_and_logs_go_to_cloudwatch(built):
    model, result, placed = built
    api = placed["GraphApi"].properties
    assert api["AuthenticationType"] == "AWS_LAMBDA" and api["LogConfig"]["FieldLogLevel"] == "ERROR"
    permission = placed["GraphInvokeAuthorizer"].properties
    assert permission["Principal"] == "appsync.amazonaws.com" and permission["SourceArn"].resource == "GraphApi"
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["graph->orders"] == "appsync-resolver" and kinds["graph->gate"] == "appsync-authorizer"
    assert "GraphQueryOrderResolver" in result.context.realised["graph->orders"]["lids"]


def test_a_resolver_on_a_field_the_schema_lacks_is_a_located_error(write_model):
    text = MODEL.replace("{type: Query, field: quote, target: pricing}", "{type: Query, field: quotes, target: pricing}")
    text = text.replace("    authorizer: gate\n", "")
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": text}))
    message = str(error.value)
    assert "type Query has no field quotes" in message and "quote" in message
    assert "auth lambda needs 'authorizer'" in message and "model.yaml:" in message


def test_a_cloudfront_scope_web_acl_on_the_api_is_a_located_error_and_a_regional_one_is_associated(write_model):
    edge = MODEL.replace("    auth: lambda\n", "    auth: lambda\n    web_acl: acl\n") + "  acl: {type: waf-web-acl}\n"
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": edge}))
    assert "web ACL 'acl' has scope CLOUDFRONT, which only a CloudFront distribution can use" in str(error.value)
    regional = edge.replace("  acl: {type: waf-web-acl}", "  acl: {type: waf-web-acl, scope: REGIONAL, region: eu-west-1}")
    result = build(templates_payload(load_model(write_model({"model.yaml": regional}))))
    placed = {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}
    association = placed["GraphWebAcl"].properties
    assert association["ResourceArn"].resource == "GraphApi" and "AclWebAcl" in repr(association["WebACLArn"])


def test_the_component_page_shows_the_schema_as_written_and_escaped(write_model):
    from archkit.site import pages
    hostile = MODEL.replace('      """An order"""\n', '      """An order </code></pre><script>x</script>"""\n')
    jobs = pages.jobs(load_model(write_model({"model.yaml": hostile})))
    [text] = [next(iter(j.run().values())).decode() for j in jobs if j.outputs and j.outputs[0].endswith("/graph.md")]
    block = text.split("### schema {#prop-schema}\n\n", 1)[1].split("</code></pre>\n", 1)[0]
    assert block.startswith("<pre><code>") and "type Query {\n  order(orderId: ID!): Order\n" in block
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;" in block and "<script>" not in text
