#!/usr/bin/env python3
"""Converts AWS CLI describe output into what AWS Config would hold for the same resources.

Standard library only, deterministic (same input, same bytes out). See README.md beside this
file for the shapes, the evidence behind them and the mapping tables.

    config_from_describe.py INPUT OUTPUT [--account A] [--region R]
        INPUT is one account/region folder of describe JSON files (any names; a document is
        recognised by its top-level key, as the importer does), or the ACCOUNT/REGION/ tree that
        `lambda-reach collect` writes (ACCOUNT/global/ for IAM). OUTPUT receives, per
        account/region, select-resource-config.json, snapshot.json.gz and dropped.json; a tree
        also gets select-aggregate-resource-config.json at its top.
    config_from_describe.py --all
        Regenerates every fixture folder listed in FIXTURES below (paths relative to this file).
    config_from_describe.py --check [DIR ...]
        Loads the copied schema files (schema/) and checks every property path of every
        select-*.json and snapshot.json.gz under DIR (default: this folder). Exits 1 on the first
        file with a path the schema does not know. Every conversion runs this check on what it
        wrote.
    config_from_describe.py --self-test
        Converts a small built-in topology of the paths no fixture takes and asserts the shapes.
    config_from_describe.py --readme
        Rewrites the generated mapping tables in README.md (between the mapping markers) from a
        conversion of every fixture in FIXTURES.
"""

import argparse
import collections
import gzip
import hashlib
import io
import json
import os
import re
import sys
import uuid
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_DIR = os.path.join(HERE, "schema")
SCENARIOS = os.path.normpath(os.path.join(HERE, "..", "..", "ScenarioTests", "Fixtures"))
ORGANISATIONS = os.path.normpath(os.path.join(HERE, "..", "Fixtures"))

# (input folder, output folder name). Organisation trees are converted when present.
FIXTURES = [(os.path.join(SCENARIOS, name), name) for name in [
    "peering-rds-reachable",
    "interface-endpoint-private-dns",
    "interface-endpoint-sg-blocks",
    "private-subnet-with-nat",
    "public-subnet-trap",
    "nacl-return-ephemeral-missing",
    "sg-egress-restricted",
    "rds-sg-ingress-by-reference",
    "gateway-endpoint-dynamodb-isolated",
    "transit-gateway-vpc-to-vpc-rds",
    "logs-role-missing-permissions",
]] + [(os.path.join(ORGANISATIONS, name), name) for name in [
    "shared-vpc-rds-in-other-participant",
]]

TYPES = [
    "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway", "AWS::EC2::NetworkAcl", "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint",
    "AWS::EC2::VPCPeeringConnection", "AWS::EC2::NetworkInterface", "AWS::EC2::TransitGateway",
    "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayRouteTable", "AWS::Lambda::Function",
    "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup", "AWS::IAM::Role", "AWS::IAM::Policy",
]

# Types whose configuration is the service SDK's bean (camelCase, nulls written in delivered
# items). The transit gateway types are recorded in their CloudFormation shape (PascalCase).
CLOUDFORMATION_SHAPED = {"AWS::EC2::TransitGateway", "AWS::EC2::TransitGatewayAttachment",
                         "AWS::EC2::TransitGatewayRouteTable"}

SELECT_FIELDS = ["resourceId", "resourceName", "resourceType", "accountId", "awsRegion", "availabilityZone",
                 "arn", "configuration", "supplementaryConfiguration", "relationships", "tags"]
SELECT_EXPRESSION = (
    "SELECT " + ", ".join(SELECT_FIELDS)
    + " WHERE resourceType IN (" + ", ".join("'%s'" % t for t in TYPES) + ")"
    + " AND configurationItemStatus IN ('OK', 'ResourceDiscovered')")

CAPTURE_TIME = "2024-06-01T00:00:00.000Z"
STATE_ID_BASE = 1717200000000  # CAPTURE_TIME in epoch milliseconds

# Paths Config records but the schema (the searchable subset) does not list. Each is allowed
# only for its type and only with the evidence named here; nothing else outside the schema is
# ever written.
EC2_CONFIGURATION_TAGS = {
    "configuration.tags.key": "recorded SG select result, cloud-custodian tests/data/placebo/"
                              "test_security_group_config_source (configuration.tags [{key, value}])",
    "configuration.tags.value": "same",
}
NOT_INDEXED = {
    "AWS::IAM::Role": {
        "configuration.assumeRolePolicyDocument": "selected by cloud-copilot/iam-collect "
            "(src/awsConfigClients/clients/AwsConfigIamClient.ts); URL-decoded by the AWS sample "
            "policy-validation Config rule (IamRoleConfigRuleHandler)",
        "configuration.rolePolicyList.policyDocument": "selected and read by cloud-copilot/iam-collect",
    },
    "AWS::IAM::Policy": {
        "configuration.policyVersionList.document": "read with json.loads(unquote(...)) by the AWS sample "
            "policy-validation Config rule; selected by cloud-copilot/iam-collect",
    },
    "AWS::EC2::VPCEndpoint": {
        "configuration.policyDocument": "selected by cloud-copilot/iam-collect (AwsConfigEC2Client.ts)",
    },
    "AWS::Lambda::Function": {
        "supplementaryConfiguration.Policy": "recorded select result, cloud-custodian tests/data/placebo/"
            "test_aws_lambda_config_source",
        "supplementaryConfiguration.Tags": "same record: supplementaryConfiguration.Tags is a map",
    },
    "AWS::RDS::DBInstance": {
        "supplementaryConfiguration.Tags.key": "recorded DBInstance item (1.2), cloud-custodian "
            "tests/data/config/rds-from-rule.json",
        "supplementaryConfiguration.Tags.value": "same",
    },
}
for _t in ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::InternetGateway",
           "AWS::EC2::NatGateway", "AWS::EC2::NetworkAcl", "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint",
           "AWS::EC2::VPCPeeringConnection"]:
    NOT_INDEXED.setdefault(_t, {}).update(EC2_CONFIGURATION_TAGS)

# Allowed paths whose value is a map of free keys to strings (the keys are data, not properties).
MAPS = {("AWS::Lambda::Function", "supplementaryConfiguration.Tags")}

# The envelope of a delivered configuration item (version 1.3), and the schema property each
# key is queried as. Evidence: the 1.3 items quoted in README.md.
SNAPSHOT_ENVELOPE = {
    "relatedEvents": None, "relationships": "relationships", "configuration": "configuration",
    "supplementaryConfiguration": None, "tags": "tags",
    "configurationItemVersion": "version", "configurationItemCaptureTime": "configurationItemCaptureTime",
    "configurationStateId": "configurationStateId", "awsAccountId": "accountId",
    "configurationItemStatus": "configurationItemStatus", "resourceType": "resourceType",
    "resourceId": "resourceId", "resourceName": "resourceName", "ARN": "arn", "awsRegion": "awsRegion",
    "availabilityZone": "availabilityZone", "configurationStateMd5Hash": None,
    "resourceCreationTime": "resourceCreationTime", "recordingFrequency": "recordingFrequency",
}
SNAPSHOT_RELATIONSHIP_KEYS = {"resourceId", "resourceName", "resourceType", "name"}


class Failure(Exception):
    pass


def die(message):
    raise Failure(message)


# ---------------------------------------------------------------------------------------------
# Schema


class Schema:
    """One type's property file, plus the recorded-but-not-indexed paths allowed for it."""

    def __init__(self, rtype):
        path = os.path.join(SCHEMA_DIR, rtype + ".properties.json")
        if not os.path.exists(path):
            die("no schema file for %s: %s (copy it from awslabs/aws-config-resource-schema)" % (rtype, path))
        with open(path) as f:
            self.properties = json.load(f)
        self.rtype = rtype
        self.extra = dict(NOT_INDEXED.get(rtype, {}))
        self.leaves = set(self.properties) | set(self.extra)
        self.maps = {p for t, p in MAPS if t == rtype}
        self.nodes = set()
        for p in self.leaves:
            parts = p.split(".")
            for i in range(1, len(parts)):
                self.nodes.add(".".join(parts[:i]))

    def leaf(self, path):
        """A scalar may sit at `path`: the schema lists it, or lists `path.value` (the index's
        name for a plain string property, see README: `state` is a string, `state.value` is how
        the index exposes it)."""
        return path in self.leaves or (path + ".value") in self.properties

    def node(self, path):
        return path in self.nodes

    def known(self, path):
        return self.leaf(path) or self.node(path)

    def type_of(self, path):
        return self.properties.get(path) or self.properties.get(path + ".value")

    def outside_index(self, path):
        return path in self.extra


_SCHEMAS = {}


def schema(rtype):
    if rtype not in _SCHEMAS:
        _SCHEMAS[rtype] = Schema(rtype)
    return _SCHEMAS[rtype]


def check_value(value, path, sch, errors, where):
    """Every path of `value` (at `path`) must be known to `sch`."""
    if path in sch.maps:
        if not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            errors.append("%s: %s is not a map of strings" % (where, path))
        return
    if isinstance(value, dict):
        if value and not sch.node(path) or not value and not sch.known(path):
            errors.append("%s: %s is an object, the %s schema has no such object" % (where, path, sch.rtype))
            return
        for k in value:
            check_value(value[k], path + "." + k, sch, errors, where)
    elif isinstance(value, list):
        if not value:
            if not sch.known(path):
                errors.append("%s: %s (empty list) is not in the %s schema" % (where, path, sch.rtype))
        for v in value:
            check_value(v, path, sch, errors, where)
    elif value is None:
        if not sch.known(path):
            errors.append("%s: %s (null) is not in the %s schema" % (where, path, sch.rtype))
    else:
        if not sch.leaf(path):
            errors.append("%s: %s = %r is not a property of %s" % (where, path, value, sch.rtype))


# ---------------------------------------------------------------------------------------------
# Conversion of one describe object into one configuration (schema-driven)


def lower_first(key):
    return key[:1].lower() + key[1:]


def config_date(value):
    """2024-03-11T09:11:00+00:00 (the CLI) -> 2024-03-11T09:11:00.000Z (Config)."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|\+00:00)", value)
    if not m:
        return value
    fraction = (m.group(2) or ".000")[:4].ljust(4, "0")
    return m.group(1) + fraction + "Z"


def url_document(document):
    """IAM policy documents as Config holds them: the JSON text, percent-encoded."""
    if isinstance(document, str):
        text = document
    else:
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return quote(text, safe="")


class Recorder:
    """What became what, and what was left out, across a run (for dropped.json and README)."""

    def __init__(self):
        self.mapped = collections.defaultdict(set)    # type -> {(describe path, config path)}
        self.dropped = collections.defaultdict(dict)  # type -> {describe path: reason}

    def map(self, rtype, dpath, cpath):
        self.mapped[rtype].add((dpath, cpath))

    def drop(self, rtype, dpath, reason):
        self.dropped[rtype].setdefault(dpath, reason)


class Spec:
    """How one type's describe object becomes its configuration.

    renames: describe path -> configuration key (default: first letter lowered)
    values:  describe path -> function(value) applied before conversion
    leave:   describe path -> reason it is left out although the schema might take it
    moved:   describe path -> where it goes instead of configuration (the item's tags, ARN)
    dates:   convert date-typed leaves from the CLI's format (not for Lambda's lastModified)
    """

    def __init__(self, renames=None, values=None, leave=None, moved=None, keep_date_text=()):
        self.renames = renames or {}
        self.values = values or {}
        self.leave = leave or {}
        self.moved = moved or {}
        self.keep_date_text = set(keep_date_text)


def convert(rtype, spec, obj, rec, root="configuration", dbase="", cbase=None, shown=None):
    """Converts `obj` (a describe object) into the configuration object of `rtype`; any field the
    schema does not know is left out and recorded."""
    sch = schema(rtype)
    cbase = cbase or root
    shown = shown if shown is not None else root
    out = {}
    for key, value in obj.items():
        dpath = (dbase + "." + key) if dbase else key
        spath = re.sub(r"\[\]", "", dpath)
        if spath in spec.moved:
            rec.map(rtype, display(dpath, value), spec.moved[spath])
            continue
        if spath in spec.leave:
            rec.drop(rtype, display(dpath, value), spec.leave[spath])
            continue
        ckey = spec.renames.get(spath, lower_first(key))
        cpath = cbase + "." + ckey
        cshown = shown + "." + ckey
        if spath in spec.values:
            value = spec.values[spath](value)
        converted = convert_value(rtype, spec, value, rec, dpath, cpath, cshown, sch)
        if converted is not _DROP:
            out[ckey] = converted
    return out


_DROP = object()


def display(dpath, value):
    return dpath + ("[]" if isinstance(value, list) else "")


def convert_value(rtype, spec, value, rec, dpath, cpath, cshown, sch):
    if isinstance(value, dict):
        if not sch.node(cpath):
            if not value and sch.known(cpath):
                return {}
            rec.drop(rtype, dpath, "not in the Config schema of %s" % rtype)
            return _DROP
        return convert(rtype, spec, value, rec, root=None, dbase=dpath, cbase=cpath, shown=cshown)
    if isinstance(value, list):
        if not sch.known(cpath):
            rec.drop(rtype, dpath + "[]", "not in the Config schema of %s" % rtype)
            return _DROP
        items = []
        for v in value:
            c = convert_value(rtype, spec, v, rec, dpath + "[]", cpath, cshown + "[]", sch)
            if c is not _DROP:
                items.append(c)
        if not value:
            rec.map(rtype, dpath + "[]", cshown + "[]")
        return items
    if not sch.leaf(cpath):
        rec.drop(rtype, dpath, "not in the Config schema of %s" % rtype)
        return _DROP
    if isinstance(value, str) and sch.type_of(cpath) == "date" and re.sub(r"\[\]", "", dpath) not in spec.keep_date_text:
        value = config_date(value)
    rec.map(rtype, dpath, cshown)
    return value


def fill_nulls(rtype, configuration):
    """Delivered items of SDK-shaped types carry every bean property, absent ones as null (see
    README). Every schema path under `configuration` that is missing at its first missing step is
    written as null."""
    sch = schema(rtype)
    for prop in sorted(sch.properties):
        if not prop.startswith("configuration."):
            continue
        _fill(configuration, prop.split(".")[1:])


def _fill(node, parts):
    if isinstance(node, list):
        for n in node:
            _fill(n, parts)
        return
    if not isinstance(node, dict) or not parts:
        return
    head = parts[0]
    if head == "value" and len(parts) == 1:
        return
    if head not in node:
        node[head] = None
        return
    _fill(node[head], parts[1:])


# ---------------------------------------------------------------------------------------------
# Items


class Item:
    def __init__(self, rtype, resource_id, arn, account, region, configuration, name=None, zone="Not Applicable",
                 supplementary=None, relationships=(), tags=None, created=None, source=""):
        self.rtype = rtype
        self.resource_id = resource_id
        self.name = name
        self.arn = arn
        self.account = account
        self.region = region
        self.zone = zone
        self.configuration = configuration
        self.supplementary = supplementary or {}
        self.relationships = list(relationships)  # (type, id, name, relationship name)
        self.tags = tags or {}
        self.created = created
        self.source = source

    def key(self):
        return (self.account, self.region, self.rtype, self.resource_id or "", self.name or "")


def tag_map(tags):
    out = {}
    for t in tags or []:
        if isinstance(t, dict) and "Key" in t:
            out[t["Key"]] = t.get("Value", "")
    return out


def ec2_arn(region, account, kind, rid):
    return "arn:aws:ec2:%s:%s:%s/%s" % (region, account, kind, rid)


class Scope:
    """One account and region: its describe documents and the items made from them."""

    def __init__(self, account, region, rec, source):
        self.account = account
        self.region = region
        self.rec = rec
        self.source = source
        self.items = []
        self.dropped_documents = []   # {file, key, reason}
        self.dropped_resources = []   # {resourceType, resourceId, reason}
        self.synthesized = []         # {resourceType, resourceId, field, value, reason}
        self.field_drops = collections.defaultdict(lambda: collections.defaultdict(set))  # type -> path -> ids
        self.policy_ids = {}          # customer managed policy ARN -> PolicyId

    def owned(self, rtype, rid, owner):
        if owner and owner != self.account:
            self.dropped_resources.append({
                "resourceType": rtype, "resourceId": rid,
                "reason": "owned by %s: Config records a resource in its owner's account, not in the "
                          "accounts it is shared with or visible to" % owner})
            return False
        return True

    def add(self, item):
        self.items.append(item)


# ---------------------------------------------------------------------------------------------
# The per-type conversions

class TrackingRecorder(Recorder):
    """A Recorder for one resource that forwards to the run's recorder and to the scope."""

    def __init__(self, scope, rtype, rid):
        super().__init__()
        self.scope, self.rtype, self.rid = scope, rtype, rid

    def map(self, rtype, dpath, cpath):
        self.scope.rec.map(rtype, dpath, cpath)

    def drop(self, rtype, dpath, reason):
        self.scope.rec.drop(rtype, dpath, reason)
        self.scope.field_drops[rtype][(dpath, reason)].add(self.rid)


def conv(scope, rtype, rid, spec, obj, root="configuration"):
    return convert(rtype, spec, obj, TrackingRecorder(scope, rtype, rid), root=root)


VPC_SPEC = Spec(renames={})
SUBNET_SPEC = Spec(renames={})
ROUTE_TABLE_SPEC = Spec(renames={})
IGW_SPEC = Spec(renames={})
NAT_SPEC = Spec(renames={})
NACL_SPEC = Spec(renames={})
SG_SPEC = Spec(renames={
    "IpPermissions.IpRanges": "ipv4Ranges", "IpPermissionsEgress.IpRanges": "ipv4Ranges",
}, moved={"SecurityGroupArn": "the item's ARN (not in configuration)"})
ENDPOINT_SPEC = Spec(renames={})
PEERING_SPEC = Spec(renames={}, values={"Status": lambda s: s.get("Code") if isinstance(s, dict) else s})
ENI_SPEC = Spec(moved={"TagSet": "the item's tags (not in configuration)"})
LAMBDA_SPEC = Spec(renames={"KMSKeyArn": "kmskeyArn"}, keep_date_text={"LastModified"})
RDS_SPEC = Spec(moved={"TagList": "supplementaryConfiguration.Tags[] ({key, value}) and the item's tags"})
SUBNET_GROUP_SPEC = Spec()
ROLE_SPEC = Spec(values={
    "AssumeRolePolicyDocument": url_document,
    "RolePolicyList.PolicyDocument": url_document,
}, moved={"Tags": "the item's tags (not in configuration)"})
POLICY_SPEC = Spec(values={"PolicyVersionList.Document": url_document},
                   moved={"Tags": "the item's tags (not in configuration)"})


def sg_post(scope, configuration):
    """Config keeps the legacy `ipRanges` (a list of CIDR strings) beside `ipv4Ranges`."""
    for key, dkey in (("ipPermissions", "IpPermissions"), ("ipPermissionsEgress", "IpPermissionsEgress")):
        for perm in configuration.get(key, []):
            perm["ipRanges"] = [r["cidrIp"] for r in perm.get("ipv4Ranges", []) if "cidrIp" in r]
            if perm["ipRanges"]:
                scope.rec.map("AWS::EC2::SecurityGroup", "%s[].IpRanges[].CidrIp" % dkey,
                              "configuration.%s[].ipRanges[] (a list of strings, beside ipv4Ranges)" % key)


def configuration_tags(tags):
    return [{"key": t["Key"], "value": t.get("Value", "")} for t in tags or [] if "Key" in t]


def vpc_items(scope, doc, source):
    for v in doc.get("Vpcs", []):
        rid = v["VpcId"]
        if not scope.owned("AWS::EC2::VPC", rid, v.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::VPC", rid, VPC_SPEC, v)
        scope.add(Item("AWS::EC2::VPC", rid, ec2_arn(scope.region, scope.account, "vpc", rid), scope.account,
                       scope.region, c, tags=tag_map(v.get("Tags")), source=source))


def subnet_items(scope, doc, source):
    for s in doc.get("Subnets", []):
        rid = s["SubnetId"]
        if not scope.owned("AWS::EC2::Subnet", rid, s.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::Subnet", rid, SUBNET_SPEC, s)
        rel = [("AWS::EC2::VPC", s["VpcId"], None, "Is contained in Vpc")]
        scope.add(Item("AWS::EC2::Subnet", rid, s.get("SubnetArn") or ec2_arn(scope.region, scope.account, "subnet", rid),
                       scope.account, scope.region, c, zone=s.get("AvailabilityZone", "Not Applicable"),
                       relationships=rel, tags=tag_map(s.get("Tags")), source=source))


def route_table_items(scope, doc, source):
    for t in doc.get("RouteTables", []):
        rid = t["RouteTableId"]
        if not scope.owned("AWS::EC2::RouteTable", rid, t.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::RouteTable", rid, ROUTE_TABLE_SPEC, t)
        rel = [("AWS::EC2::VPC", t["VpcId"], None, "Is contained in Vpc")]
        scope.add(Item("AWS::EC2::RouteTable", rid, ec2_arn(scope.region, scope.account, "route-table", rid),
                       scope.account, scope.region, c, relationships=rel, tags=tag_map(t.get("Tags")), source=source))


def igw_items(scope, doc, source):
    for g in doc.get("InternetGateways", []):
        rid = g["InternetGatewayId"]
        if not scope.owned("AWS::EC2::InternetGateway", rid, g.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::InternetGateway", rid, IGW_SPEC, g)
        rel = [("AWS::EC2::VPC", a["VpcId"], None, "Is attached to Vpc") for a in g.get("Attachments", []) if "VpcId" in a]
        scope.add(Item("AWS::EC2::InternetGateway", rid, ec2_arn(scope.region, scope.account, "internet-gateway", rid),
                       scope.account, scope.region, c, relationships=rel, tags=tag_map(g.get("Tags")), source=source))


def nat_items(scope, doc, source):
    for n in doc.get("NatGateways", []):
        rid = n["NatGatewayId"]
        c = conv(scope, "AWS::EC2::NatGateway", rid, NAT_SPEC, n)
        rel = [("AWS::EC2::VPC", n["VpcId"], None, "Is contained in Vpc"),
               ("AWS::EC2::Subnet", n["SubnetId"], None, "Is contained in Subnet")]
        scope.add(Item("AWS::EC2::NatGateway", rid, ec2_arn(scope.region, scope.account, "natgateway", rid),
                       scope.account, scope.region, c, relationships=rel, tags=tag_map(n.get("Tags")),
                       created=config_date(n["CreateTime"]) if n.get("CreateTime") else None, source=source))


def nacl_items(scope, doc, source):
    for a in doc.get("NetworkAcls", []):
        rid = a["NetworkAclId"]
        if not scope.owned("AWS::EC2::NetworkAcl", rid, a.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::NetworkAcl", rid, NACL_SPEC, a)
        rel = [("AWS::EC2::VPC", a["VpcId"], None, "Is contained in Vpc")]
        rel += [("AWS::EC2::Subnet", s["SubnetId"], None, "Is attached to Subnet")
                for s in a.get("Associations", []) if "SubnetId" in s]
        scope.add(Item("AWS::EC2::NetworkAcl", rid, ec2_arn(scope.region, scope.account, "network-acl", rid),
                       scope.account, scope.region, c, relationships=rel, tags=tag_map(a.get("Tags")), source=source))


def sg_items(scope, doc, source):
    for g in doc.get("SecurityGroups", []):
        rid = g["GroupId"]
        if not scope.owned("AWS::EC2::SecurityGroup", rid, g.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::SecurityGroup", rid, SG_SPEC, g)
        sg_post(scope, c)
        rel = [("AWS::EC2::VPC", g["VpcId"], None, "Is contained in Vpc")] if g.get("VpcId") else []
        scope.add(Item("AWS::EC2::SecurityGroup", rid,
                       g.get("SecurityGroupArn") or ec2_arn(scope.region, scope.account, "security-group", rid),
                       scope.account, scope.region, c, name=g.get("GroupName"), relationships=rel,
                       tags=tag_map(g.get("Tags")), source=source))


def endpoint_items(scope, doc, source):
    for e in doc.get("VpcEndpoints", []):
        rid = e["VpcEndpointId"]
        if not scope.owned("AWS::EC2::VPCEndpoint", rid, e.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::VPCEndpoint", rid, ENDPOINT_SPEC, e)
        rel = [("AWS::EC2::VPC", e["VpcId"], None, "Is contained in Vpc")]
        scope.add(Item("AWS::EC2::VPCEndpoint", rid, ec2_arn(scope.region, scope.account, "vpc-endpoint", rid),
                       scope.account, scope.region, c, relationships=rel, tags=tag_map(e.get("Tags")),
                       created=config_date(e["CreationTimestamp"]) if e.get("CreationTimestamp") else None,
                       source=source))


def peering_items(scope, doc, source):
    for p in doc.get("VpcPeeringConnections", []):
        rid = p["VpcPeeringConnectionId"]
        c = conv(scope, "AWS::EC2::VPCPeeringConnection", rid, PEERING_SPEC, p)
        rel = []
        for side in ("RequesterVpcInfo", "AccepterVpcInfo"):
            info = p.get(side) or {}
            if info.get("VpcId"):
                rel.append(("AWS::EC2::VPC", info["VpcId"], None, "Is associated with Vpc"))
        scope.add(Item("AWS::EC2::VPCPeeringConnection", rid,
                       ec2_arn(scope.region, scope.account, "vpc-peering-connection", rid), scope.account,
                       scope.region, c, relationships=rel, tags=tag_map(p.get("Tags")), source=source))


def eni_items(scope, doc, source):
    for n in doc.get("NetworkInterfaces", []):
        rid = n["NetworkInterfaceId"]
        if not scope.owned("AWS::EC2::NetworkInterface", rid, n.get("OwnerId")):
            continue
        c = conv(scope, "AWS::EC2::NetworkInterface", rid, ENI_SPEC, n)
        rel = [("AWS::EC2::VPC", n["VpcId"], None, "Is contained in Vpc")] if n.get("VpcId") else []
        if n.get("SubnetId"):
            rel.append(("AWS::EC2::Subnet", n["SubnetId"], None, "Is contained in Subnet"))
        rel += [("AWS::EC2::SecurityGroup", g["GroupId"], None, "Is associated with SecurityGroup")
                for g in n.get("Groups", []) if "GroupId" in g]
        scope.add(Item("AWS::EC2::NetworkInterface", rid, ec2_arn(scope.region, scope.account, "network-interface", rid),
                       scope.account, scope.region, c, zone=n.get("AvailabilityZone", "Not Applicable"),
                       relationships=rel, tags=tag_map(n.get("TagSet") or n.get("Tags")), source=source))


def cfn(scope, rtype, rid, pairs):
    """Builds a CloudFormation-shaped configuration from (describe path, value, key) triples."""
    sch = schema(rtype)
    out = {}
    for dpath, value, key in pairs:
        if value is None:
            continue
        cpath = "configuration." + key
        if not sch.known(cpath):
            die("%s: %s is not in the schema (converter bug)" % (rtype, cpath))
        out[key] = value
        scope.rec.map(rtype, dpath, cpath + ("[]" if isinstance(value, list) else ""))
    return out


def tgw_items(scope, doc, source):
    for g in doc.get("TransitGateways", []):
        rid = g["TransitGatewayId"]
        if not scope.owned("AWS::EC2::TransitGateway", rid, g.get("OwnerId")):
            continue
        o = g.get("Options") or {}
        pairs = [("TransitGatewayId", rid, "Id"), ("Description", g.get("Description"), "Description")]
        for k in ["AmazonSideAsn", "AutoAcceptSharedAttachments", "DefaultRouteTableAssociation",
                  "AssociationDefaultRouteTableId", "DefaultRouteTablePropagation", "PropagationDefaultRouteTableId",
                  "VpnEcmpSupport", "DnsSupport", "MulticastSupport", "TransitGatewayCidrBlocks"]:
            pairs.append(("Options." + k, o.get(k), k))
        c = cfn(scope, "AWS::EC2::TransitGateway", rid, pairs)
        used = {p[2] for p in pairs}
        for k in sorted(o):
            if k not in used:
                drop_field(scope, "AWS::EC2::TransitGateway", rid, "Options." + k)
        for k in ("State", "OwnerId"):
            if k in g:
                drop_field(scope, "AWS::EC2::TransitGateway", rid, k)
        scope.add(Item("AWS::EC2::TransitGateway", rid,
                       g.get("TransitGatewayArn") or ec2_arn(scope.region, scope.account, "transit-gateway", rid),
                       scope.account, scope.region, c, tags=tag_map(g.get("Tags")),
                       created=config_date(g["CreationTime"]) if g.get("CreationTime") else None, source=source))


def drop_field(scope, rtype, rid, dpath, reason=None):
    reason = reason or "not in the Config schema of %s" % rtype
    scope.rec.drop(rtype, dpath, reason)
    scope.field_drops[rtype][(dpath, reason)].add(rid)


def tgw_attachment_items(scope, generic, vpc_specific, source):
    """describe-transit-gateway-attachments and -vpc-attachments, merged by ID. Config's
    AWS::EC2::TransitGatewayAttachment is the VPC attachment."""
    rtype = "AWS::EC2::TransitGatewayAttachment"
    by_id = collections.OrderedDict()
    for a in generic:
        by_id.setdefault(a["TransitGatewayAttachmentId"], [None, None])[0] = a
    for a in vpc_specific:
        by_id.setdefault(a["TransitGatewayAttachmentId"], [None, None])[1] = a
    for rid in sorted(by_id):
        g, v = by_id[rid]
        kind = (g or {}).get("ResourceType", "vpc")
        if kind != "vpc":
            scope.dropped_resources.append({"resourceType": "transit gateway %s attachment" % kind, "resourceId": rid,
                                            "reason": "not an AWS::EC2::TransitGatewayAttachment (that type is "
                                                      "the VPC attachment); not converted"})
            continue
        owner = (v or {}).get("VpcOwnerId") or (g or {}).get("ResourceOwnerId")
        if not scope.owned(rtype, rid, owner):
            continue
        vpc_id = (v or {}).get("VpcId") or (g or {}).get("ResourceId")
        tgw_id = (v or g).get("TransitGatewayId")
        c = cfn(scope, rtype, rid, [("TransitGatewayAttachmentId", rid, "Id"),
                                    ("TransitGatewayId", tgw_id, "TransitGatewayId"),
                                    ("VpcId", vpc_id, "VpcId"),
                                    ("SubnetIds[]", list((v or {}).get("SubnetIds", [])) if v else None, "SubnetIds")])
        for src in (g, v):
            for k in sorted(src or {}):
                if k in ("TransitGatewayAttachmentId", "TransitGatewayId", "VpcId", "SubnetIds", "ResourceId",
                         "ResourceType", "Tags", "CreationTime"):
                    continue
                if k in ("Association", "Options"):
                    for sub in sorted(src[k] or {}):
                        drop_field(scope, rtype, rid, "%s.%s" % (k, sub))
                else:
                    drop_field(scope, rtype, rid, k)
        if not v:
            drop_field(scope, rtype, rid, "SubnetIds[]",
                       "no describe-transit-gateway-vpc-attachments document: the subnets are unknown")
        created = (v or g).get("CreationTime")
        scope.add(Item(rtype, rid, ec2_arn(scope.region, scope.account, "transit-gateway-attachment", rid),
                       scope.account, scope.region, c, tags=tag_map((v or g).get("Tags")),
                       created=config_date(created) if created else None, source=source))


def tgw_route_table_items(scope, doc, source):
    rtype = "AWS::EC2::TransitGatewayRouteTable"
    for t in doc.get("TransitGatewayRouteTables", []):
        rid = t["TransitGatewayRouteTableId"]
        c = cfn(scope, rtype, rid, [("TransitGatewayRouteTableId", rid, "Id"),
                                    ("TransitGatewayId", t.get("TransitGatewayId"), "TransitGatewayId")])
        for k in sorted(t):
            if k not in ("TransitGatewayRouteTableId", "TransitGatewayId", "Tags", "CreationTime"):
                drop_field(scope, rtype, rid, k)
        scope.add(Item(rtype, rid, ec2_arn(scope.region, scope.account, "transit-gateway-route-table", rid),
                       scope.account, scope.region, c, tags=tag_map(t.get("Tags")),
                       created=config_date(t["CreationTime"]) if t.get("CreationTime") else None, source=source))


def lambda_items(scope, functions, source):
    rtype = "AWS::Lambda::Function"
    for arn in sorted(functions):
        f, extra = functions[arn]
        name = f["FunctionName"]
        parts = arn.split(":")
        if len(parts) > 4 and not scope.owned(rtype, name, parts[4]):
            continue
        c = conv(scope, rtype, name, LAMBDA_SPEC, f)
        supplementary = {}
        if extra.get("Policy") is not None:
            supplementary["Policy"] = extra["Policy"]
            scope.rec.map(rtype, "(get-policy) Policy", "supplementaryConfiguration.Policy")
        if extra.get("Tags") is not None:
            supplementary["Tags"] = dict(extra["Tags"])
            scope.rec.map(rtype, "(get-function) Tags", "supplementaryConfiguration.Tags")
        if extra.get("Concurrency") and "ReservedConcurrentExecutions" in extra["Concurrency"]:
            supplementary["Concurrency"] = {
                "reservedConcurrentExecutions": float(extra["Concurrency"]["ReservedConcurrentExecutions"])}
            scope.rec.map(rtype, "(get-function) Concurrency.ReservedConcurrentExecutions",
                          "supplementaryConfiguration.Concurrency.reservedConcurrentExecutions")
        rel = []
        role = f.get("Role")
        if role:
            rel.append(("AWS::IAM::Role", None, role.split("/")[-1], "Is associated with "))
        scope.add(Item(rtype, name, ":".join(arn.split(":")[:7]),
                       scope.account, scope.region, c, name=name, supplementary=supplementary, relationships=rel,
                       tags=dict(extra.get("Tags") or {}), source=source))


def rds_items(scope, doc, source):
    groups = {}
    for d in doc.get("DBInstances", []):
        rtype = "AWS::RDS::DBInstance"
        ident = d["DBInstanceIdentifier"]
        arn = d.get("DBInstanceArn") or "arn:aws:rds:%s:%s:db:%s" % (scope.region, scope.account, ident)
        if not scope.owned(rtype, ident, arn.split(":")[4]):
            continue
        rid = d.get("DbiResourceId")
        if not rid:
            rid = "db-" + hashlib.sha256(arn.encode()).hexdigest()[:26].upper()
            scope.synthesized.append({"resourceType": rtype, "resourceName": ident, "field": "resourceId",
                                      "value": rid, "reason": "describe-db-instances has no DbiResourceId (Config's "
                                      "resourceId for a DB instance); made from the ARN"})
        c = conv(scope, rtype, ident, RDS_SPEC, d)
        supplementary = {}
        if d.get("TagList"):
            supplementary["Tags"] = [{"key": t["Key"], "value": t.get("Value", "")} for t in d["TagList"]]
        rel = []
        sg = d.get("DBSubnetGroup") or {}
        if sg.get("DBSubnetGroupName"):
            rel.append(("AWS::RDS::DBSubnetGroup", sg["DBSubnetGroupName"], None, "Is associated with DBSubnetGroup"))
            groups.setdefault(sg["DBSubnetGroupName"], sg)
        rel += [("AWS::EC2::SecurityGroup", g["VpcSecurityGroupId"], None, "Is associated with SecurityGroup")
                for g in d.get("VpcSecurityGroups", []) if "VpcSecurityGroupId" in g]
        scope.add(Item(rtype, rid, arn, scope.account, scope.region, c, name=ident,
                       zone=d.get("AvailabilityZone") or "Not Applicable", supplementary=supplementary,
                       relationships=rel, tags=tag_map(d.get("TagList")),
                       created=config_date(d["InstanceCreateTime"]) if d.get("InstanceCreateTime") else None,
                       source=source))
    for name in sorted(groups):
        rtype = "AWS::RDS::DBSubnetGroup"
        g = dict(groups[name])
        arn = g.get("DBSubnetGroupArn") or "arn:aws:rds:%s:%s:subgrp:%s" % (scope.region, scope.account, name)
        if "DBSubnetGroupArn" not in g:
            g["DBSubnetGroupArn"] = arn
            scope.synthesized.append({"resourceType": rtype, "resourceName": name, "field": "configuration.dBSubnetGroupArn",
                                      "value": arn, "reason": "describe-db-instances embeds the group without its "
                                      "ARN; made as arn:aws:rds:REGION:ACCOUNT:subgrp:NAME"})
        c = conv(scope, rtype, name, SUBNET_GROUP_SPEC, g)
        rel = [("AWS::EC2::VPC", g["VpcId"], None, "Is contained in Vpc")] if g.get("VpcId") else []
        scope.add(Item(rtype, name, arn, scope.account, scope.region, c, name=name, relationships=rel, source=source))


def is_aws_managed(arn):
    return arn.startswith("arn:aws:iam::aws:") or re.match(r"arn:aws[-a-z]*:iam::aws:policy/", arn or "") is not None


def iam_items(scope, doc, source):
    for p in doc.get("Policies", []):
        if not is_aws_managed(p.get("Arn", "")):
            scope.policy_ids[p["Arn"]] = p.get("PolicyId")
    for r in doc.get("RoleDetailList", []):
        rtype = "AWS::IAM::Role"
        rid = r["RoleId"]
        if not scope.owned(rtype, r["RoleName"], r["Arn"].split(":")[4]):
            continue
        c = conv(scope, rtype, r["RoleName"], ROLE_SPEC, r)
        rel = []
        for a in r.get("AttachedManagedPolicies", []):
            if is_aws_managed(a.get("PolicyArn", "")):
                continue
            rel.append(("AWS::IAM::Policy", scope.policy_ids.get(a["PolicyArn"]), a.get("PolicyName"),
                        "Is attached to CustomerManagedPolicy"))
        scope.add(Item(rtype, rid, r["Arn"], scope.account, "global", c, name=r["RoleName"], relationships=rel,
                       tags=tag_map(r.get("Tags")), created=config_date(r["CreateDate"]) if r.get("CreateDate") else None,
                       source=source))
    for p in doc.get("Policies", []):
        rtype = "AWS::IAM::Policy"
        if is_aws_managed(p.get("Arn", "")):
            scope.dropped_resources.append({
                "resourceType": rtype, "resourceId": p.get("Arn"),
                "reason": "AWS managed policy: Config records customer managed policies only; its document "
                          "is unknown to an importer of Config data"})
            continue
        if not scope.owned(rtype, p["PolicyName"], p["Arn"].split(":")[4]):
            continue
        c = conv(scope, rtype, p["PolicyName"], POLICY_SPEC, p)
        scope.add(Item(rtype, p["PolicyId"], p["Arn"], scope.account, "global", c, name=p["PolicyName"],
                       tags=tag_map(p.get("Tags")), created=config_date(p["CreateDate"]) if p.get("CreateDate") else None,
                       source=source))
    attached_aws = sorted({a["PolicyArn"] for r in doc.get("RoleDetailList", []) for a in r.get("AttachedManagedPolicies", [])
                           if is_aws_managed(a.get("PolicyArn", ""))} - {p.get("Arn") for p in doc.get("Policies", [])})
    for arn in attached_aws:
        scope.dropped_resources.append({
            "resourceType": "AWS::IAM::Policy", "resourceId": arn,
            "reason": "AWS managed policy attached to a role: Config records the attachment "
                      "(attachedManagedPolicies) but never the policy; its document is unknown"})
    for key in ("UserDetailList", "GroupDetailList"):
        if doc.get(key):
            scope.dropped_documents.append({"file": source, "key": key,
                                            "reason": "IAM users and groups are not among the converted types"})


# Documents left out entirely, by top-level key.
DROPPED_DOCUMENTS = {
    "EnableDnsSupport": "VPC attribute (describe-vpc-attribute): AWS::EC2::VPC's configuration has no enableDnsSupport",
    "EnableDnsHostnames": "VPC attribute (describe-vpc-attribute): AWS::EC2::VPC's configuration has no enableDnsHostnames",
    "PrefixLists": "managed prefix lists: the AWS-managed lists (com.amazonaws.REGION.SERVICE, owner AWS) are not "
                   "recorded by Config; customer-managed lists (AWS::EC2::PrefixList) are not among the converted types",
    "Entries": "managed prefix list entries: not recorded for AWS-managed lists",
    "Associations": "transit gateway route table associations: not recorded (AWS::EC2::TransitGatewayRouteTable "
                    "holds only Id and TransitGatewayId)",
    "TransitGatewayRouteTablePropagations": "transit gateway route table propagations: not recorded",
    "Routes": "transit gateway routes (search-transit-gateway-routes): not recorded",
    "TransitGatewayStaticRoutes": "transit gateway routes: not recorded",
    "TransitGatewayPropagations": "transit gateway propagations: not recorded",
    "SecurityGroupRules": "security group rules: recorded inside AWS::EC2::SecurityGroup (ipPermissions), not apart",
    "EgressOnlyInternetGateways": "AWS::EC2::EgressOnlyInternetGateway is not among the converted types",
    "VpnGateways": "AWS::EC2::VPNGateway is not among the converted types",
    "DBClusters": "AWS::RDS::DBCluster is not among the converted types",
    "DBProxies": "RDS proxies are not among the converted types",
    "Exports": "CloudFormation exports: not Config data",
    "Stacks": "CloudFormation stacks: not among the converted types",
    "StackResources": "CloudFormation stack resources: not Config data",
    "AvailabilityZones": "availability zones (describe-availability-zones): not Config data",
    "HostedZoneSummaries": "Route 53 hosted zones: not among the converted types",
    "HostedZones": "Route 53 hosted zones: not among the converted types",
    "ResourceRecordSets": "Route 53 records: not recorded by Config",
    "ResolverEndpoints": "Route 53 Resolver endpoints: not among the converted types",
    "ResolverRules": "Route 53 Resolver rules: not among the converted types",
    "ResolverRuleAssociations": "Route 53 Resolver rule associations: not among the converted types",
    "resourceShares": "RAM resource shares (ram get-resource-shares): not among the converted types; with Config "
                      "data a shared subnet is known only from its owner's account (an aggregator)",
    "resources": "RAM shared resources (ram list-resources): not among the converted types",
}


def read_documents(folder):
    """(relative path, document) for every JSON file under `folder`, sorted, expected.json aside."""
    docs = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".json") or name == "expected.json":
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                try:
                    docs.append((os.path.relpath(path, folder), json.load(f)))
                except ValueError as e:
                    die("%s: not JSON (%s)" % (path, e))
    docs.sort(key=lambda d: d[0])
    return docs


def convert_scope(scope, docs):
    functions = {}
    tgw_generic, tgw_vpc = [], []
    for source, doc in docs:
        if not isinstance(doc, dict):
            scope.dropped_documents.append({"file": source, "key": None, "reason": "not a JSON object"})
            continue
        keys = set(doc)
        handled = False
        for key, fn in (("Vpcs", vpc_items), ("Subnets", subnet_items), ("RouteTables", route_table_items),
                        ("InternetGateways", igw_items), ("NatGateways", nat_items), ("NetworkAcls", nacl_items),
                        ("SecurityGroups", sg_items), ("VpcEndpoints", endpoint_items),
                        ("VpcPeeringConnections", peering_items), ("NetworkInterfaces", eni_items),
                        ("TransitGateways", tgw_items), ("TransitGatewayRouteTables", tgw_route_table_items),
                        ("DBInstances", rds_items)):
            if key in keys:
                fn(scope, doc, source)
                handled = True
        if "TransitGatewayAttachments" in keys:
            tgw_generic += doc["TransitGatewayAttachments"]
            handled = True
        if "TransitGatewayVpcAttachments" in keys:
            tgw_vpc += doc["TransitGatewayVpcAttachments"]
            handled = True
        if "RoleDetailList" in keys or ("Policies" in keys and ("UserDetailList" in keys or "GroupDetailList" in keys)):
            iam_items(scope, doc, source)
            handled = True
        if "Functions" in keys:
            for f in doc["Functions"]:
                entry = functions.setdefault(f["FunctionArn"], [{}, {}])
                entry[0].update(f)
            handled = True
        if "FunctionArn" in keys and "FunctionName" in keys:  # get-function-configuration
            functions.setdefault(doc["FunctionArn"], [{}, {}])[0].update(doc)
            handled = True
        if "Configuration" in keys and isinstance(doc["Configuration"], dict):  # get-function
            cfg = doc["Configuration"]
            entry = functions.setdefault(cfg["FunctionArn"], [{}, {}])
            entry[0].update(cfg)
            for k in ("Tags", "Concurrency"):
                if k in doc:
                    entry[1][k] = doc[k]
            handled = True
        if not handled:
            reason = None
            for key in sorted(keys):
                if key in DROPPED_DOCUMENTS:
                    reason = DROPPED_DOCUMENTS[key]
                    scope.dropped_documents.append({"file": source, "key": key, "reason": reason})
                    break
            if reason is None:
                scope.dropped_documents.append({"file": source, "key": ",".join(sorted(keys)),
                                                "reason": "not recognised"})
    if tgw_generic or tgw_vpc:
        tgw_attachment_items(scope, tgw_generic, tgw_vpc, "describe-transit-gateway-(vpc-)attachments")
    if functions:
        lambda_items(scope, {k: (v[0], v[1]) for k, v in functions.items()}, "list-functions")


# ---------------------------------------------------------------------------------------------
# Output shapes


def relationships_snapshot(item):
    out = []
    for rtype, rid, name, relname in sorted(item.relationships, key=lambda r: (r[3], r[0], r[1] or "", r[2] or "")):
        out.append({"resourceId": rid, "resourceName": name, "resourceType": rtype, "name": relname})
    return out


def relationships_select(item):
    out = []
    for r in relationships_snapshot(item):
        out.append({k: r[k] for k in ("resourceId", "resourceName", "resourceType") if r[k] is not None})
    return out


def configuration_item(item, index):
    configuration = json.loads(json.dumps(item.configuration))
    if item.rtype not in CLOUDFORMATION_SHAPED:
        fill_nulls(item.rtype, configuration)
    return collections.OrderedDict([
        ("relatedEvents", []),
        ("relationships", relationships_snapshot(item)),
        ("configuration", configuration),
        ("supplementaryConfiguration", item.supplementary),
        ("tags", dict(sorted(item.tags.items()))),
        ("configurationItemVersion", "1.3"),
        ("configurationItemCaptureTime", CAPTURE_TIME),
        ("configurationStateId", STATE_ID_BASE + index),
        ("awsAccountId", item.account),
        ("configurationItemStatus", "OK"),
        ("resourceType", item.rtype),
        ("resourceId", item.resource_id),
        ("resourceName", item.name),
        ("ARN", item.arn),
        ("awsRegion", item.region),
        ("availabilityZone", item.zone),
        ("configurationStateMd5Hash", ""),
        ("resourceCreationTime", item.created),
        ("recordingFrequency", "CONTINUOUS"),
    ])


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


def floats(value):
    """Advanced query returns numbers as floating point (codeSize 8830136.0 in the recorded result)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [floats(v) for v in value]
    return value


GSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d", "'": "\\u0027"}


def result_text(obj):
    """One Results string as the service writes it: compact JSON, with Gson's HTML-safe escapes
    (codeSha256 "...\\u003d" in the recorded result)."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return "".join(GSON_ESCAPES.get(ch, ch) for ch in text)


def select_result(item):
    values = {
        "resourceId": item.resource_id,
        "resourceName": item.name,
        "resourceType": item.rtype,
        "accountId": item.account,
        "awsRegion": item.region,
        "availabilityZone": item.zone,
        "arn": item.arn,
        "configuration": floats(drop_nulls(item.configuration)),
        "supplementaryConfiguration": floats(drop_nulls(item.supplementary)),
        "relationships": relationships_select(item),
        "tags": [{"key": k, "value": v, "tag": "%s=%s" % (k, v)} for k, v in sorted(item.tags.items())],
    }
    return collections.OrderedDict((f, values[f]) for f in SELECT_FIELDS if values[f] is not None)


def select_output(items):
    """What `aws configservice select-resource-config --expression ...` prints (CLI v2, JSON
    output): the paginated Results merged, then QueryInfo."""
    results = [result_text(select_result(i)) for i in sorted(items, key=Item.key)]
    doc = collections.OrderedDict([
        ("Results", results),
        ("QueryInfo", {"SelectFields": [{"Name": f} for f in SELECT_FIELDS]}),
    ])
    return json.dumps(doc, indent=4, ensure_ascii=False) + "\n"


def snapshot_bytes(account, region, items):
    items = sorted(items, key=Item.key)
    cis = [configuration_item(i, n) for n, i in enumerate(items)]
    body = json.dumps(cis, separators=(",", ":"), ensure_ascii=False)
    snapshot_id = str(uuid.UUID(bytes=hashlib.sha256(("%s/%s/%s" % (account, region, body)).encode()).digest()[:16],
                                version=4))
    doc = collections.OrderedDict([("fileVersion", "1.0"), ("configSnapshotId", snapshot_id),
                                   ("configurationItems", cis)])
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as z:
        z.write(raw)
    return buf.getvalue()


def dropped_document(scope, relsource):
    fields = []
    for rtype in sorted(scope.field_drops):
        for (dpath, reason), ids in sorted(scope.field_drops[rtype].items()):
            fields.append({"resourceType": rtype, "describe": dpath, "reason": reason,
                           "resources": sorted(i for i in ids if i)})
    return collections.OrderedDict([
        ("source", relsource),
        ("account", scope.account),
        ("region", scope.region),
        ("selectExpression", SELECT_EXPRESSION),
        ("documents", sorted(scope.dropped_documents, key=lambda d: (d["file"], d["key"] or ""))),
        ("resources", sorted(scope.dropped_resources, key=lambda d: (d["resourceType"], str(d["resourceId"])))),
        ("fields", fields),
        ("synthesized", scope.synthesized),
    ])


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------
# Layouts


ACCOUNT = re.compile(r"^\d{12}$")


def is_tree(folder):
    return any(ACCOUNT.match(n) and os.path.isdir(os.path.join(folder, n)) for n in os.listdir(folder))


def infer_scope(docs):
    """Account and region of a flat folder, from ARNs first, then owners and zones."""
    accounts, regions = collections.Counter(), collections.Counter()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if isinstance(v, str):
                    m = re.match(r"arn:aws[-a-z]*:(ec2|lambda|rds):([a-z0-9-]+):(\d{12}):", v)
                    if m:
                        regions[m.group(2)] += 1
                        accounts[m.group(3)] += 1
                    if k in ("OwnerId",) and ACCOUNT.match(v):
                        accounts[v] += 1
                    if k in ("AvailabilityZone",) and re.match(r"^[a-z]{2}(-[a-z]+)+-\d[a-z]$", v):
                        regions[v[:-1]] += 1
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for _, d in docs:
        walk(d)
    account = accounts.most_common(1)[0][0] if accounts else "123456789012"
    region = sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if regions else "us-east-1"
    return account, region


def convert_folder(input_dir, output_dir, rec, account=None, region=None):
    """Converts one input (flat or tree) into output_dir; returns the files written."""
    written = []
    rel = os.path.relpath(input_dir, HERE).replace(os.sep, "/")
    if is_tree(input_dir):
        scopes = []
        for acct in sorted(n for n in os.listdir(input_dir) if ACCOUNT.match(n)):
            adir = os.path.join(input_dir, acct)
            regions = sorted(n for n in os.listdir(adir) if os.path.isdir(os.path.join(adir, n)) and n != "global")
            global_docs = read_documents(os.path.join(adir, "global")) if os.path.isdir(os.path.join(adir, "global")) else []
            home = "us-east-1" if "us-east-1" in regions else (regions[0] if regions else None)
            if global_docs and home is None:
                home = "us-east-1"
                regions.append(home)
            for reg in regions:
                rdir = os.path.join(adir, reg)
                docs = read_documents(rdir) if os.path.isdir(rdir) else []
                if reg == home:
                    docs += [("../global/" + s, d) for s, d in global_docs]
                scope = Scope(acct, reg, rec, rel + "/" + acct + "/" + reg)
                convert_scope(scope, docs)
                scopes.append(scope)
                written += write_scope(scope, os.path.join(output_dir, acct, reg), rel + "/" + acct + "/" + reg)
        path = os.path.join(output_dir, "select-aggregate-resource-config.json")
        write(path, select_output([i for s in scopes for i in s.items]))
        written.append(path)
    else:
        docs = read_documents(input_dir)
        a, r = infer_scope(docs)
        scope = Scope(account or a, region or r, rec, rel)
        convert_scope(scope, docs)
        written += write_scope(scope, output_dir, rel)
    return written


def write_scope(scope, out, relsource):
    files = []
    p = os.path.join(out, "select-resource-config.json")
    write(p, select_output(scope.items))
    files.append(p)
    p = os.path.join(out, "snapshot.json.gz")
    write(p, snapshot_bytes(scope.account, scope.region, scope.items))
    files.append(p)
    p = os.path.join(out, "dropped.json")
    write(p, json.dumps(dropped_document(scope, relsource), indent=2, ensure_ascii=False) + "\n")
    files.append(p)
    return files


# ---------------------------------------------------------------------------------------------
# Check


def check_select(path, errors):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if set(doc) - {"Results", "QueryInfo", "NextToken"} or "Results" not in doc or "QueryInfo" not in doc:
        errors.append("%s: top-level keys %s are not the CLI's (Results, QueryInfo[, NextToken])" % (path, sorted(doc)))
        return
    names = [f.get("Name") for f in doc["QueryInfo"].get("SelectFields", [])]
    for n, text in enumerate(doc["Results"]):
        if not isinstance(text, str):
            errors.append("%s: Results[%d] is not a string" % (path, n))
            continue
        r = json.loads(text)
        where = "%s Results[%d]" % (path, n)
        rtype = r.get("resourceType")
        if rtype not in TYPES:
            errors.append("%s: resourceType %r is not converted" % (where, rtype))
            continue
        sch = schema(rtype)
        for key, value in r.items():
            if key not in names:
                errors.append("%s: %s was not selected" % (where, key))
            if key == "relationships":
                for rel in value:
                    for k in rel:
                        if not sch.leaf("relationships." + k):
                            errors.append("%s: relationships.%s is not in the schema" % (where, k))
            elif key == "tags":
                for t in value:
                    for k in t:
                        if not sch.leaf("tags." + k):
                            errors.append("%s: tags.%s is not in the schema" % (where, k))
            elif key == "supplementaryConfiguration" and value == {}:
                pass
            elif key in ("configuration", "supplementaryConfiguration"):
                check_value(value, key, sch, errors, where)
            elif not sch.leaf(key):
                errors.append("%s: %s is not in the schema" % (where, key))


def check_snapshot(path, errors):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[4:8] != b"\x00\x00\x00\x00":
        errors.append("%s: gzip mtime is not 0" % path)
    doc = json.loads(gzip.decompress(raw).decode("utf-8"))
    if set(doc) != {"fileVersion", "configSnapshotId", "configurationItems"}:
        errors.append("%s: top-level keys %s" % (path, sorted(doc)))
        return
    for n, ci in enumerate(doc["configurationItems"]):
        where = "%s configurationItems[%d]" % (path, n)
        rtype = ci.get("resourceType")
        if rtype not in TYPES:
            errors.append("%s: resourceType %r is not converted" % (where, rtype))
            continue
        sch = schema(rtype)
        for key in ci:
            if key not in SNAPSHOT_ENVELOPE:
                errors.append("%s: %s is not a configuration item key" % (where, key))
            elif SNAPSHOT_ENVELOPE[key] and not sch.known(SNAPSHOT_ENVELOPE[key]):
                errors.append("%s: %s (queried as %s) is not in the schema" % (where, key, SNAPSHOT_ENVELOPE[key]))
        if ci.get("configurationItemVersion") != "1.3" or ci.get("configurationItemStatus") != "OK":
            errors.append("%s: version or status is not 1.3 / OK" % where)
        for rel in ci.get("relationships", []):
            if set(rel) != SNAPSHOT_RELATIONSHIP_KEYS:
                errors.append("%s: relationship keys %s" % (where, sorted(rel)))
        if not isinstance(ci.get("tags"), dict):
            errors.append("%s: tags is not a map" % where)
        check_value(ci.get("configuration"), "configuration", sch, errors, where)
        if ci.get("supplementaryConfiguration") != {}:
            check_value(ci.get("supplementaryConfiguration"), "supplementaryConfiguration", sch, errors, where)


def check(dirs):
    for t in TYPES:
        schema(t)
    errors, files = [], 0
    for d in dirs:
        for dirpath, dirnames, filenames in os.walk(d):
            dirnames[:] = sorted(x for x in dirnames if x != "schema")
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if name.startswith("select-") and name.endswith(".json"):
                    check_select(path, errors)
                    files += 1
                elif name == "snapshot.json.gz":
                    check_snapshot(path, errors)
                    files += 1
    if errors:
        for e in errors[:50]:
            print("check: " + e, file=sys.stderr)
        die("%d path(s) outside the Config schema in %d file(s) checked" % (len(errors), files))
    return files


# ---------------------------------------------------------------------------------------------
# README tables


# Notes on table rows: (type, configuration path without []) -> how the value is written.
NOTES = {
    ("AWS::IAM::Role", "configuration.assumeRolePolicyDocument"): "the JSON text, percent-encoded",
    ("AWS::IAM::Role", "configuration.rolePolicyList.policyDocument"): "the JSON text, percent-encoded",
    ("AWS::IAM::Policy", "configuration.policyVersionList.document"): "the JSON text, percent-encoded",
    ("AWS::EC2::VPCEndpoint", "configuration.policyDocument"): "the JSON text as describe gives it",
    ("AWS::EC2::VPCPeeringConnection", "configuration.status"): "Status.Code only, a string",
    ("AWS::Lambda::Function", "configuration.lastModified"): "Lambda's text, not re-formatted",
}


def row_note(rtype, cpath):
    plain = re.sub(r"\[\]", "", cpath).split(" ")[0]
    notes = []
    if schema(rtype).outside_index(plain):
        notes.append("recorded, not searchable")
    if (rtype, plain) in NOTES:
        notes.append(NOTES[(rtype, plain)])
    elif schema(rtype).type_of(plain) == "date":
        notes.append("as 2024-03-11T09:11:00.000Z")
    if (plain + ".value") in schema(rtype).properties:
        notes.append("a string; the schema's %s.value" % plain.split(".")[-1])
    return (" (" + "; ".join(notes) + ")") if notes else ""


def mapping_tables(rec):
    lines = []
    for rtype in TYPES:
        lines.append("#### %s" % rtype)
        lines.append("")
        lines.append("| describe field | Config path |")
        lines.append("| --- | --- |")
        rows = sorted(rec.mapped.get(rtype, ()))
        described = {d for d, _ in rows}
        rows = [(d, c) for d, c in rows
                if not (d.endswith("[]") and any(o.startswith(d + ".") or o.startswith(d + "[]") for o in described if o != d))]
        for dpath, cpath in rows:
            if cpath.startswith("configuration") or cpath.startswith("supplementaryConfiguration"):
                path, _, rest = cpath.partition(" ")
                lines.append("| `%s` | `%s`%s%s |" % (dpath, path, (" " + rest) if rest else "", row_note(rtype, path)))
            else:
                lines.append("| `%s` | %s |" % (dpath, cpath))
        for dpath, reason in sorted(rec.dropped.get(rtype, {}).items()):
            lines.append("| `%s` | dropped: %s |" % (dpath, reason))
        if not rows and not rec.dropped.get(rtype):
            lines.append("| (no fixture has one) | |")
        lines.append("")
    return "\n".join(lines)


# A small topology of the paths no fixture takes (a customer managed policy, get-function's
# tags and concurrency, a DB instance's tags, IPv6 and prefix list rules, a foreign owner), for
# --self-test and the README tables.
SELF_TEST = {
    "iam.json": {"UserDetailList": [], "GroupDetailList": [], "IsTruncated": False,
                 "RoleDetailList": [{
                     "Path": "/", "RoleName": "r", "RoleId": "AROASELFTEST000000001",
                     "Arn": "arn:aws:iam::123456789012:role/r", "CreateDate": "2024-01-15T08:30:01+00:00",
                     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                         "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                         "Action": "sts:AssumeRole"}]},
                     "InstanceProfileList": [], "RolePolicyList": [],
                     "AttachedManagedPolicies": [{"PolicyName": "logs", "PolicyArn": "arn:aws:iam::123456789012:policy/logs"}],
                     "Tags": [{"Key": "team", "Value": "a=b"}], "RoleLastUsed": {}}],
                 "Policies": [{
                     "PolicyName": "logs", "PolicyId": "ANPASELFTEST000000001",
                     "Arn": "arn:aws:iam::123456789012:policy/logs", "Path": "/", "DefaultVersionId": "v2",
                     "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                     "CreateDate": "2024-01-15T08:30:01+00:00", "UpdateDate": "2024-01-16T08:30:01+00:00",
                     "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{
                         "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                         "Resource": "arn:aws:logs:*:*:*"}]}, "VersionId": "v2", "IsDefaultVersion": True,
                         "CreateDate": "2024-01-16T08:30:01+00:00"}]}]},
    "get-function.json": {"Configuration": {
        "FunctionName": "f", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Role": "arn:aws:iam::123456789012:role/r", "Runtime": "python3.12", "Handler": "a.h",
        "CodeSize": 1, "Timeout": 3, "MemorySize": 128, "LastModified": "2024-05-02T14:11:07.000+0000",
        "State": "Pending", "StateReason": "The function is being created.", "StateReasonCode": "Creating",
        "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k",
        "Layers": [{"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1", "CodeSize": 10}],
        "VpcConfig": {"SubnetIds": ["subnet-5e1f000000000001"], "SecurityGroupIds": ["sg-5e1f000000000001"],
                      "VpcId": "vpc-5e1f000000000001"}},
        "Tags": {"team": "a"}, "Concurrency": {"ReservedConcurrentExecutions": 5}},
    "describe-db-instances.json": {"DBInstances": [{
        "DBInstanceIdentifier": "d", "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:d",
        "DbiResourceId": "db-SELFTEST", "Engine": "mysql", "DBInstanceStatus": "available",
        "IAMDatabaseAuthenticationEnabled": False, "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "Endpoint": {"Address": "d.x.us-east-1.rds.amazonaws.com", "Port": 3306},
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-5e1f000000000001", "Status": "active"}],
        "DBSubnetGroup": {"DBSubnetGroupName": "g", "DBSubnetGroupArn": "arn:aws:rds:us-east-1:123456789012:subgrp:g",
                          "VpcId": "vpc-5e1f000000000001", "SubnetGroupStatus": "Complete",
                          "Subnets": [{"SubnetIdentifier": "subnet-5e1f000000000001",
                                       "SubnetAvailabilityZone": {"Name": "us-east-1a"}, "SubnetStatus": "Active"}]},
        "TagList": [{"Key": "team", "Value": "a"}]}]},
    "describe-security-groups.json": {"SecurityGroups": [{
        "GroupId": "sg-5e1f000000000001", "GroupName": "g", "Description": "d", "OwnerId": "123456789012",
        "VpcId": "vpc-5e1f000000000001",
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                           "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "corp <&>"}],
                           "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "v6"}],
                           "PrefixListIds": [{"PrefixListId": "pl-63a5400a", "Description": "s3"}],
                           "UserIdGroupPairs": [{"GroupId": "sg-5e1f000000000002", "UserId": "210987654321",
                                                 "VpcId": "vpc-5e1f000000000002", "PeeringStatus": "active",
                                                 "VpcPeeringConnectionId": "pcx-5e1f000000000001"}]}],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
                                 "UserIdGroupPairs": [{"GroupId": "sg-5e1f000000000002", "GroupName": "x",
                                                       "UserId": "123456789012"}]}]},
        {"GroupId": "sg-5e1f000000000009", "GroupName": "theirs", "Description": "d", "OwnerId": "210987654321",
         "VpcId": "vpc-5e1f000000000001", "IpPermissions": [], "IpPermissionsEgress": []}]},
}


def self_test():
    """Converts SELF_TEST and asserts what the README promises."""
    import tempfile
    rec = Recorder()
    with tempfile.TemporaryDirectory() as scratch:
        src, out = os.path.join(scratch, "in"), os.path.join(scratch, "out")
        for name, doc in SELF_TEST.items():
            write(os.path.join(src, name), json.dumps(doc))
        convert_folder(src, out, rec)
        check([out])
        with open(os.path.join(out, "select-resource-config.json"), encoding="utf-8") as f:
            results = [json.loads(r) for r in json.load(f)["Results"]]
        with open(os.path.join(out, "select-resource-config.json"), encoding="utf-8") as f:
            texts = json.load(f)["Results"]
        with open(os.path.join(out, "snapshot.json.gz"), "rb") as f:
            items = json.loads(gzip.decompress(f.read()))["configurationItems"]
        with open(os.path.join(out, "dropped.json"), encoding="utf-8") as f:
            dropped = json.load(f)
    by = {(r["resourceType"], r["resourceId"]): r for r in results}
    ci = {(i["resourceType"], i["resourceId"]): i for i in items}

    def expect(cond, what):
        if not cond:
            die("self-test: " + what)

    from urllib.parse import unquote
    role = ci[("AWS::IAM::Role", "AROASELFTEST000000001")]
    expect(json.loads(unquote(role["configuration"]["assumeRolePolicyDocument"]))["Statement"][0]["Action"]
           == "sts:AssumeRole", "role trust policy round-trips through percent-encoding")
    expect(role["awsRegion"] == "global" and role["tags"] == {"team": "a=b"}, "role is global, tags a map")
    expect(role["relationships"] == [{"resourceId": "ANPASELFTEST000000001", "resourceName": "logs",
                                      "resourceType": "AWS::IAM::Policy",
                                      "name": "Is attached to CustomerManagedPolicy"}], "role -> policy relationship")
    policy = ci[("AWS::IAM::Policy", "ANPASELFTEST000000001")]
    expect("logs%3APutLogEvents" in policy["configuration"]["policyVersionList"][0]["document"], "policy document encoded")
    fn = by[("AWS::Lambda::Function", "f")]
    expect(fn["configuration"]["state"] == "Pending" and fn["configuration"]["kmskeyArn"].endswith("key/k"),
           "lambda state is a string, KMSKeyArn is kmskeyArn")
    expect(fn["configuration"]["timeout"] == 3.0 and isinstance(fn["configuration"]["timeout"], float), "floats")
    expect("vpcId" not in fn["configuration"]["vpcConfig"], "lambda vpcConfig.vpcId dropped")
    expect(fn["supplementaryConfiguration"] == {"Tags": {"team": "a"}, "Concurrency": {"reservedConcurrentExecutions": 5.0}},
           "lambda supplementary configuration")
    db = ci[("AWS::RDS::DBInstance", "db-SELFTEST")]
    expect(db["configuration"]["iAMDatabaseAuthenticationEnabled"] is False
           and db["configuration"]["cACertificateIdentifier"] == "rds-ca-rsa2048-g1", "RDS bean names")
    expect(db["supplementaryConfiguration"] == {"Tags": [{"key": "team", "value": "a"}]}, "RDS supplementary tags")
    expect(("AWS::RDS::DBSubnetGroup", "g") in ci, "subnet group item")
    sg = ci[("AWS::EC2::SecurityGroup", "sg-5e1f000000000001")]["configuration"]
    ingress = sg["ipPermissions"][0]
    expect(ingress["ipRanges"] == ["10.0.0.0/8"] and ingress["ipv4Ranges"][0]["cidrIp"] == "10.0.0.0/8",
           "SG keeps ipRanges strings beside ipv4Ranges")
    expect("groupName" not in sg["ipPermissionsEgress"][0]["userIdGroupPairs"][0], "egress pair groupName dropped")
    expect(any("corp \\u003c\\u0026\\u003e" in t for t in texts), "Gson escapes in results")
    expect(("AWS::EC2::SecurityGroup", "sg-5e1f000000000009") not in ci
           and any(r["resourceId"] == "sg-5e1f000000000009" for r in dropped["resources"]), "foreign owner dropped")
    return rec


def run_all(rec):
    written = []
    for src, name in FIXTURES:
        if not os.path.isdir(src):
            print("skip (absent): %s" % os.path.relpath(src, HERE), file=sys.stderr)
            continue
        written += convert_folder(src, os.path.join(HERE, name), rec)
    return written


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--account")
    ap.add_argument("--region")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--check", nargs="*", metavar="DIR")
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args(argv)
    try:
        if a.check is not None:
            n = check(a.check or [HERE])
            print("check: %d file(s), every path in the Config schema" % n)
            return 0
        if a.self_test:
            self_test()
            print("self-test: ok")
            return 0
        rec = Recorder()
        if a.all or a.readme:
            written = run_all(rec)
            n = check([HERE])
            print("wrote %d file(s); check: %d file(s) ok" % (len(written), n))
            if a.readme:
                # The tables cover every scenario fixture, converted to a scratch folder (and
                # checked), not only the ones kept here.
                import tempfile
                with tempfile.TemporaryDirectory() as scratch:
                    count = 0
                    for root in (SCENARIOS, ORGANISATIONS):
                        if not os.path.isdir(root):
                            continue
                        for name in sorted(os.listdir(root)):
                            src = os.path.join(root, name)
                            if os.path.isdir(src):
                                convert_folder(src, os.path.join(scratch, os.path.basename(root), name), rec)
                                count += 1
                    n = check([scratch])
                    print("mapping tables from %d fixture folder(s); check: %d file(s) ok" % (count, n))
                for rtype, pairs in self_test().mapped.items():
                    rec.mapped[rtype] |= pairs
                path = os.path.join(HERE, "README.md")
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                begin, end = "<!-- mapping:begin -->", "<!-- mapping:end -->"
                if begin not in text or end not in text:
                    die("README.md lacks the mapping markers")
                head, rest = text.split(begin, 1)
                _, tail = rest.split(end, 1)
                write(path, head + begin + "\n\n" + mapping_tables(rec) + "\n" + end + tail)
                print("README.md mapping tables rewritten")
            return 0
        if not a.input or not a.output:
            ap.error("INPUT and OUTPUT are required (or --all, --check, --readme)")
        written = convert_folder(os.path.abspath(a.input), os.path.abspath(a.output), rec, a.account, a.region)
        n = check([os.path.abspath(a.output)])
        print("wrote %d file(s); check: %d file(s) ok" % (len(written), n))
        return 0
    except Failure as e:
        print("config_from_describe: " + str(e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
