"""The functions' private network: two AZs, no way out but the gateway endpoints."""

from tests.infra.graph import one, policy_statements


def test_two_private_subnets_in_two_zones(stack):
    subnets = stack.by_type("aws:ec2/subnet:Subnet")
    assert len(subnets) == 2
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 2
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)


def test_no_internet_gateway_and_no_nat(stack):
    types = {r.type for r in stack.resources}
    assert not types & {"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"}
    assert not stack.by_type("aws:ec2/route:Route")


def test_gateway_endpoints_for_dynamodb_and_s3_on_the_private_route_table(stack):
    route_table = one(stack, "aws:ec2/routeTable:RouteTable", "network-private-rt")
    endpoints = {e.inputs["serviceName"]: e.inputs for e in stack.by_type("aws:ec2/vpcEndpoint:VpcEndpoint")}
    assert set(endpoints) == {"com.amazonaws.us-east-2.dynamodb", "com.amazonaws.us-east-2.s3"}
    for endpoint in endpoints.values():
        assert endpoint["vpcEndpointType"] == "Gateway"
        assert endpoint["routeTableIds"] == [route_table.id]
    associated = {a.inputs["subnetId"] for a in stack.by_type("aws:ec2/routeTableAssociation:RouteTableAssociation")}
    assert associated == {s.id for s in stack.by_type("aws:ec2/subnet:Subnet")}


def test_function_security_group_only_allows_https_to_the_endpoint_prefix_lists(stack):
    group = one(stack, "aws:ec2/securityGroup:SecurityGroup", "network-functions-sg")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    prefix_lists = {e.outputs["prefixListId"] for e in stack.by_type("aws:ec2/vpcEndpoint:VpcEndpoint")}
    rules = stack.by_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert {r.inputs["prefixListId"] for r in rules} == prefix_lists
    for rule in rules:
        assert rule.inputs["securityGroupId"] == group.id
        assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == ("tcp", 443, 443)
        assert "cidrIpv4" not in rule.inputs
    assert not stack.by_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")


def test_default_security_group_is_closed(stack):
    default = one(stack, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg").inputs
    assert not default.get("ingress") and not default.get("egress")


def test_flow_logs_capture_all_traffic_into_a_seven_day_group(stack):
    flow = one(stack, "aws:ec2/flowLog:FlowLog", "network-flow-log").inputs
    group = one(stack, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs")
    assert flow["trafficType"] == "ALL"
    assert flow["logDestination"] == group.outputs["arn"]
    assert flow["vpcId"] == one(stack, "aws:ec2/vpc:Vpc", "network-vpc").id
    assert group.inputs["retentionInDays"] == 7


def test_the_flow_logs_role_writes_only_its_group_and_lists_groups_where_aws_allows_it(stack):
    group = one(stack, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").outputs["arn"]
    statements = {
        s["Sid"]: s for s in policy_statements(one(stack, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs-policy"))
    }
    assert statements["WriteFlowLogs"]["Action"] == [
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
    ]
    assert statements["WriteFlowLogs"]["Resource"] == [group, f"{group}:*"]
    # DescribeLogGroups supports no resource-level permission: on the group's ARN it would allow nothing.
    assert (statements["FindLogGroups"]["Action"], statements["FindLogGroups"]["Resource"]) == (
        ["logs:DescribeLogGroups"],
        ["*"],
    )
