"""Writes cdk-vpc-function-nested-database/cdk.out: the cloud assembly `cdk synth` would print for

    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'OrdersStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });   // public + private-with-egress
    const fn = new lambda.Function(stack, 'OrdersFunction', {
      functionName: 'orders-api', runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'), timeout: cdk.Duration.seconds(10), vpc });
    const data = new cdk.NestedStack(stack, 'Data');
    const db = new rds.DatabaseInstance(data, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_6 }),
      instanceIdentifier: 'orders-db', instanceType: new ec2.InstanceType('t4g.medium'), vpc,
      removalPolicy: cdk.RemovalPolicy.SNAPSHOT });
    db.connections.allowDefaultPortFrom(fn);

written by hand because npm (and so the CDK) is not available where these fixtures were made. Logical IDs
are computed the way aws-cdk-lib's makeUniqueId does (path components without "Default", md5 of the path
joined with "/", first 8 hex digits upper-case, "Resource" left out of the human part); they match the IDs
CDK prints for the same paths (Vpc8378EB38, VpcPrivateSubnet1Subnet536B997A, DatabaseB269D8BB, ...).
Templates are written with 1-space indentation and manifest.json with 2, as cdk synth does.
Run `python3 write_cdk_assembly.py` from this folder; the output is deterministic.
"""
import hashlib, re, json, os, gzip, base64
ACCOUNT, REGION = "123456789012", "us-east-1"
STACK = "OrdersStack"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cdk-vpc-function-nested-database", "cdk.out")

def uid(comps):
    comps = [c for c in comps if c != "Default"]
    if len(comps) == 1:
        return re.sub('[^A-Za-z0-9]', '', comps[0])
    h = hashlib.md5('/'.join(comps).encode()).hexdigest()[:8].upper()
    human = []
    for c in comps:
        if human and human[-1] == c:
            continue
        human.append(c)
    return ''.join(re.sub('[^A-Za-z0-9]', '', c) for c in human if c != "Resource")[:240] + h

def lid(path):  # logical id of a resource at path (relative to its stack)
    return uid(path.split('/'))

def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()

ASSET_BUCKET = f"cdk-hnb659fds-assets-{ACCOUNT}-{REGION}"
FN_ASSET = sha("orders-api function code")
CR_ASSET = sha("custom-resource-handlers/dist/aws-ec2/restrict-default-security-group-handler")
NESTED_FILE = uid([STACK, "Data"]) + ".nested.template.json"
NESTED_ASSET = sha("nested " + NESTED_FILE)
STACK_ASSET = sha("stack template " + STACK)

def meta(path):
    return {"aws:cdk:path": f"{STACK}/{path}"}

def res(type_, props, path, **extra):
    r = {"Type": type_, "Properties": props}
    for k in ("DependsOn", "UpdateReplacePolicy", "DeletionPolicy"):
        if k in extra:
            r[k] = extra[k]
    r["Metadata"] = extra.get("Metadata", meta(path))
    return r

def ref(x): return {"Ref": x}
def getatt(x, a): return {"Fn::GetAtt": [x, a]}

R = {}
ids = {}
def add(path, type_, props, **extra):
    logical = lid(path)
    ids[path] = logical
    R[logical] = res(type_, props, path, **extra)
    return logical

VPC = add("Vpc/Resource", "AWS::EC2::VPC", {
    "CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": True, "EnableDnsSupport": True,
    "InstanceTenancy": "default", "Tags": [{"Key": "Name", "Value": f"{STACK}/Vpc"}]})
IGW = lid("Vpc/IGW"); VPCGW = lid("Vpc/VPCGW")
subnets = [("Public", 1, "10.0.0.0/18", "us-east-1a"), ("Public", 2, "10.0.64.0/18", "us-east-1b"),
           ("Private", 1, "10.0.128.0/18", "us-east-1a"), ("Private", 2, "10.0.192.0/18", "us-east-1b")]
NAT = lid("Vpc/PublicSubnet1/NATGateway")
for kind, n, cidr, az in subnets:
    name = f"{kind}Subnet{n}"
    sn = add(f"Vpc/{name}/Subnet", "AWS::EC2::Subnet", {
        "VpcId": ref(VPC), "AvailabilityZone": az, "CidrBlock": cidr,
        "MapPublicIpOnLaunch": kind == "Public",
        "Tags": [{"Key": "aws-cdk:subnet-name", "Value": kind}, {"Key": "aws-cdk:subnet-type", "Value": kind},
                 {"Key": "Name", "Value": f"{STACK}/Vpc/{name}"}]})
    rt = add(f"Vpc/{name}/RouteTable", "AWS::EC2::RouteTable", {
        "VpcId": ref(VPC), "Tags": [{"Key": "Name", "Value": f"{STACK}/Vpc/{name}"}]})
    assoc = add(f"Vpc/{name}/RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation", {
        "RouteTableId": ref(rt), "SubnetId": ref(sn)})
    if kind == "Public":
        route = add(f"Vpc/{name}/DefaultRoute", "AWS::EC2::Route", {
            "RouteTableId": ref(rt), "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": ref(IGW)},
            DependsOn=[VPCGW])
        if n == 1:
            eip = add(f"Vpc/{name}/EIP", "AWS::EC2::EIP", {
                "Domain": "vpc", "Tags": [{"Key": "Name", "Value": f"{STACK}/Vpc/{name}"}]})
            add(f"Vpc/{name}/NATGateway", "AWS::EC2::NatGateway", {
                "SubnetId": ref(sn), "AllocationId": getatt(eip, "AllocationId"),
                "Tags": [{"Key": "Name", "Value": f"{STACK}/Vpc/{name}"}]},
                DependsOn=[route, assoc])
    else:
        add(f"Vpc/{name}/DefaultRoute", "AWS::EC2::Route", {
            "RouteTableId": ref(rt), "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": ref(NAT)})
add("Vpc/IGW", "AWS::EC2::InternetGateway", {"Tags": [{"Key": "Name", "Value": f"{STACK}/Vpc"}]})
add("Vpc/VPCGW", "AWS::EC2::VPCGatewayAttachment", {"VpcId": ref(VPC), "InternetGatewayId": ref(IGW)})
CR_HANDLER = lid("Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler")
CR_ROLE = lid("Custom::VpcRestrictDefaultSGCustomResourceProvider/Role")
add("Vpc/RestrictDefaultSecurityGroupCustomResource/Default", "Custom::VpcRestrictDefaultSG", {
    "ServiceToken": getatt(CR_HANDLER, "Arn"),
    "DefaultSecurityGroupId": getatt(VPC, "DefaultSecurityGroup"),
    "Account": ACCOUNT}, UpdateReplacePolicy="Delete", DeletionPolicy="Delete")
add("Custom::VpcRestrictDefaultSGCustomResourceProvider/Role", "AWS::IAM::Role", {
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]},
    "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
    "Policies": [{"PolicyName": "Inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Action": ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                   "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
        "Resource": [{"Fn::Join": ["", [f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/",
                                        getatt(VPC, "DefaultSecurityGroup")]]}]}]}}]})
add("Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler", "AWS::Lambda::Function", {
    "Code": {"S3Bucket": ASSET_BUCKET, "S3Key": f"{CR_ASSET}.zip"},
    "Timeout": 900, "MemorySize": 128, "Handler": "__entrypoint__.handler",
    "Role": getatt(CR_ROLE, "Arn"), "Runtime": "nodejs22.x",
    "Description": "Lambda function for removing all inbound/outbound rules from the VPC default security group"},
    DependsOn=[CR_ROLE],
    Metadata={**meta("Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler"),
              "aws:asset:path": f"asset.{CR_ASSET}", "aws:asset:property": "Code"})

private_deps = sorted([ids["Vpc/PrivateSubnet1/DefaultRoute"], ids["Vpc/PrivateSubnet1/RouteTableAssociation"],
                       ids["Vpc/PrivateSubnet2/DefaultRoute"], ids["Vpc/PrivateSubnet2/RouteTableAssociation"]])
FN_ROLE = add("OrdersFunction/ServiceRole/Resource", "AWS::IAM::Role", {
    "AssumeRolePolicyDocument": {"Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}],
        "Version": "2012-10-17"},
    "ManagedPolicyArns": [
        {"Fn::Join": ["", ["arn:", ref("AWS::Partition"), ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]},
        {"Fn::Join": ["", ["arn:", ref("AWS::Partition"), ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]}]},
    DependsOn=private_deps)
FN_SG = add("OrdersFunction/SecurityGroup/Resource", "AWS::EC2::SecurityGroup", {
    "GroupDescription": "Automatic security group for Lambda Function " + uid([STACK, "OrdersFunction"]),
    "SecurityGroupEgress": [{"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1"}],
    "VpcId": ref(VPC)}, DependsOn=private_deps)
FN = add("OrdersFunction/Resource", "AWS::Lambda::Function", {
    "Code": {"S3Bucket": ASSET_BUCKET, "S3Key": f"{FN_ASSET}.zip"},
    "FunctionName": "orders-api",
    "Handler": "index.handler",
    "Role": getatt(FN_ROLE, "Arn"),
    "Runtime": "nodejs22.x",
    "Timeout": 10,
    "VpcConfig": {"SecurityGroupIds": [getatt(FN_SG, "GroupId")],
                  "SubnetIds": [ref(ids["Vpc/PrivateSubnet1/Subnet"]), ref(ids["Vpc/PrivateSubnet2/Subnet"])]}},
    DependsOn=sorted([FN_ROLE] + private_deps),
    Metadata={**meta("OrdersFunction/Resource"), "aws:asset:path": f"asset.{FN_ASSET}", "aws:asset:property": "Code"})

# ---- nested stack "Data" ----
def param_for(target_path_in_parent, display):
    return "referenceto" + uid([STACK] + target_path_in_parent.split('/')) + display
P_VPC = param_for("Vpc/Resource", "Ref")
P_SN1 = param_for("Vpc/PrivateSubnet1/Subnet", "Ref")
P_SN2 = param_for("Vpc/PrivateSubnet2/Subnet", "Ref")
P_FNSG = param_for("OrdersFunction/SecurityGroup/Resource", "GroupId")
peer_unique = uid([STACK, "OrdersFunction", "SecurityGroup"])

NR = {}
def nadd(path, type_, props, **extra):
    logical = lid(path)
    r = {"Type": type_, "Properties": props}
    for k in ("DependsOn", "UpdateReplacePolicy", "DeletionPolicy"):
        if k in extra:
            r[k] = extra[k]
    r["Metadata"] = {"aws:cdk:path": f"{STACK}/Data/{path}"}
    NR[logical] = r
    return logical
DB_SNG = nadd("Database/SubnetGroup/Default", "AWS::RDS::DBSubnetGroup", {
    "DBSubnetGroupDescription": "Subnet group for Database database",
    "SubnetIds": [ref(P_SN1), ref(P_SN2)]})
DB_SG = nadd("Database/SecurityGroup/Resource", "AWS::EC2::SecurityGroup", {
    "GroupDescription": "Security group for Database database",
    "SecurityGroupEgress": [{"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1"}],
    "VpcId": ref(P_VPC)})
DB = lid("Database/Resource")
nadd(f"Database/SecurityGroup/from {peer_unique}:{{IndirectPort}}", "AWS::EC2::SecurityGroupIngress", {
    "Description": f"from {peer_unique}:{{IndirectPort}}",
    "FromPort": getatt(DB, "Endpoint.Port"),
    "GroupId": getatt(DB_SG, "GroupId"),
    "IpProtocol": "tcp",
    "SourceSecurityGroupId": ref(P_FNSG),
    "ToPort": getatt(DB, "Endpoint.Port")})
SECRET = nadd("Database/Secret/Resource", "AWS::SecretsManager::Secret", {
    "GenerateSecretString": {"ExcludeCharacters": " %+~`#$&*()|[]{}:;<>?!'/@\"\\",
                             "GenerateStringKey": "password", "PasswordLength": 30,
                             "SecretStringTemplate": "{\"username\":\"postgres\"}"}},
    UpdateReplacePolicy="Delete", DeletionPolicy="Delete")
nadd("Database/Secret/Attachment/Resource", "AWS::SecretsManager::SecretTargetAttachment", {
    "SecretId": ref(SECRET), "TargetId": ref(DB), "TargetType": "AWS::RDS::DBInstance"})
nadd("Database/Resource", "AWS::RDS::DBInstance", {
    "AllocatedStorage": "100",
    "CopyTagsToSnapshot": True,
    "DBInstanceClass": "db.t4g.medium",
    "DBInstanceIdentifier": "orders-db",
    "DBSubnetGroupName": ref(DB_SNG),
    "Engine": "postgres",
    "EngineVersion": "16.6",
    "MasterUserPassword": {"Fn::Join": ["", ["{{resolve:secretsmanager:", ref(SECRET), ":SecretString:password::}}"]]},
    "MasterUsername": {"Fn::Join": ["", ["{{resolve:secretsmanager:", ref(SECRET), ":SecretString:username::}}"]]},
    "PubliclyAccessible": False,
    "StorageType": "gp2",
    "VPCSecurityGroups": [getatt(DB_SG, "GroupId")]},
    UpdateReplacePolicy="Snapshot", DeletionPolicy="Snapshot")
nested = {"Resources": NR,
          "Parameters": {p: {"Type": "String"} for p in sorted([P_FNSG, P_SN1, P_SN2, P_VPC])}}

NESTED_RES = lid("Data.NestedStack/Data.NestedStackResource")
R[NESTED_RES] = {
    "Type": "AWS::CloudFormation::Stack",
    "Properties": {
        "Parameters": {
            P_FNSG: getatt(FN_SG, "GroupId"),
            P_SN1: ref(ids["Vpc/PrivateSubnet1/Subnet"]),
            P_SN2: ref(ids["Vpc/PrivateSubnet2/Subnet"]),
            P_VPC: ref(VPC)},
        "TemplateURL": {"Fn::Join": ["", [f"https://s3.{REGION}.", ref("AWS::URLSuffix"),
                                          f"/{ASSET_BUCKET}/{NESTED_ASSET}.json"]]}},
    "UpdateReplacePolicy": "Delete",
    "DeletionPolicy": "Delete",
    "Metadata": {"aws:cdk:path": f"{STACK}/Data.NestedStack/Data.NestedStackResource",
                 "aws:asset:path": NESTED_FILE, "aws:asset:property": "TemplateURL"}}
analytics = "v2:deflate64:" + base64.b64encode(gzip.compress(
    b"1.0.0!aws-cdk-lib.aws_ec2.Vpc,aws-cdk-lib.aws_lambda.Function,aws-cdk-lib.NestedStack,aws-cdk-lib.aws_rds.DatabaseInstance",
    mtime=0)).decode()
R["CDKMetadata"] = {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": analytics},
                    "Metadata": {"aws:cdk:path": f"{STACK}/CDKMetadata/Default"}}
template = {
    "Resources": R,
    "Parameters": {"BootstrapVersion": {
        "Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version",
        "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]"}},
    "Rules": {"CheckBootstrapVersion": {"Assertions": [{
        "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], ref("BootstrapVersion")]}]},
        "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."}]}}}

def dump1(obj, path):
    with open(path, "w") as f:
        f.write(json.dumps(obj, indent=1, ensure_ascii=False))
def dump2(obj, path):
    with open(path, "w") as f:
        f.write(json.dumps(obj, indent=2, ensure_ascii=False))

os.makedirs(OUT, exist_ok=True)
dump1(template, f"{OUT}/{STACK}.template.json")
dump1(nested, f"{OUT}/{NESTED_FILE}")
os.makedirs(f"{OUT}/asset.{FN_ASSET}", exist_ok=True)
with open(f"{OUT}/asset.{FN_ASSET}/index.js", "w") as f:
    f.write("exports.handler = async () => ({ statusCode: 200 });\n")
os.makedirs(f"{OUT}/asset.{CR_ASSET}", exist_ok=True)
with open(f"{OUT}/asset.{CR_ASSET}/__entrypoint__.js", "w") as f:
    f.write("// placeholder for the restrict-default-security-group handler bundled by aws-cdk-lib\n")
with open(f"{OUT}/cdk.out", "w") as f:
    f.write(json.dumps({"version": "36.0.0"}))

dest = lambda key: {f"{ACCOUNT}-{REGION}": {
    "bucketName": ASSET_BUCKET, "objectKey": key, "region": REGION,
    "assumeRoleArn": f"arn:${{AWS::Partition}}:iam::{ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-{ACCOUNT}-{REGION}"}}
assets = {"version": "36.0.0", "files": {
    CR_ASSET: {"source": {"path": f"asset.{CR_ASSET}", "packaging": "zip"}, "destinations": dest(f"{CR_ASSET}.zip")},
    FN_ASSET: {"source": {"path": f"asset.{FN_ASSET}", "packaging": "zip"}, "destinations": dest(f"{FN_ASSET}.zip")},
    NESTED_ASSET: {"source": {"path": NESTED_FILE, "packaging": "file"}, "destinations": dest(f"{NESTED_ASSET}.json")},
    STACK_ASSET: {"source": {"path": f"{STACK}.template.json", "packaging": "file"}, "destinations": dest(f"{STACK_ASSET}.json")}},
    "dockerImages": {}}
dump2(assets, f"{OUT}/{STACK}.assets.json")

md = {}
for path, logical in ids.items():
    md[f"/{STACK}/{path}"] = [{"type": "aws:cdk:logicalId", "data": logical}]
md[f"/{STACK}/Data.NestedStack/Data.NestedStackResource"] = [{"type": "aws:cdk:logicalId", "data": NESTED_RES}]
md[f"/{STACK}/CDKMetadata/Default"] = [{"type": "aws:cdk:logicalId", "data": "CDKMetadata"}]
md[f"/{STACK}/BootstrapVersion"] = [{"type": "aws:cdk:logicalId", "data": "BootstrapVersion"}]
md[f"/{STACK}/CheckBootstrapVersion"] = [{"type": "aws:cdk:logicalId", "data": "CheckBootstrapVersion"}]
manifest = {"version": "36.0.0", "artifacts": {
    f"{STACK}.assets": {"type": "cdk:asset-manifest", "properties": {
        "file": f"{STACK}.assets.json", "requiresBootstrapStackVersion": 6,
        "bootstrapStackVersionSsmParameter": "/cdk-bootstrap/hnb659fds/version"}},
    STACK: {"type": "aws:cloudformation:stack", "environment": f"aws://{ACCOUNT}/{REGION}",
            "properties": {
                "templateFile": f"{STACK}.template.json",
                "terminationProtection": False, "validateOnSynth": False,
                "assumeRoleArn": f"arn:${{AWS::Partition}}:iam::{ACCOUNT}:role/cdk-hnb659fds-deploy-role-{ACCOUNT}-{REGION}",
                "cloudFormationExecutionRoleArn": f"arn:${{AWS::Partition}}:iam::{ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-{ACCOUNT}-{REGION}",
                "stackTemplateAssetObjectUrl": f"s3://{ASSET_BUCKET}/{STACK_ASSET}.json",
                "requiresBootstrapStackVersion": 6,
                "bootstrapStackVersionSsmParameter": "/cdk-bootstrap/hnb659fds/version",
                "additionalDependencies": [f"{STACK}.assets"],
                "lookupRole": {"arn": f"arn:${{AWS::Partition}}:iam::{ACCOUNT}:role/cdk-hnb659fds-lookup-role-{ACCOUNT}-{REGION}",
                               "requiresBootstrapStackVersion": 8,
                               "bootstrapStackVersionSsmParameter": "/cdk-bootstrap/hnb659fds/version"}},
            "dependencies": [f"{STACK}.assets"],
            "metadata": md,
            "displayName": STACK},
    "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}
dump2(manifest, f"{OUT}/manifest.json")
tree = {"version": "tree-0.1", "tree": {"id": "App", "path": "", "children": {
    STACK: {"id": STACK, "path": STACK, "children": {
        c: {"id": c, "path": f"{STACK}/{c}"} for c in
        ["Vpc", "Custom::VpcRestrictDefaultSGCustomResourceProvider", "OrdersFunction", "Data", "Data.NestedStack",
         "CDKMetadata", "BootstrapVersion", "CheckBootstrapVersion"]},
        "constructInfo": {"fqn": "aws-cdk-lib.Stack", "version": "2.150.0"}},
    "Tree": {"id": "Tree", "path": "Tree", "constructInfo": {"fqn": "constructs.Construct", "version": "10.3.0"}}},
    "constructInfo": {"fqn": "aws-cdk-lib.App", "version": "2.150.0"}}}
dump2(tree, f"{OUT}/tree.json")
if __name__ == "__main__" and os.environ.get("VERBOSE"):
    print(json.dumps({"fn": FN, "fn_sg": FN_SG, "db_sg": DB_SG, "nested": NESTED_RES, "nested_file": NESTED_FILE,
                  "sn1": ids["Vpc/PrivateSubnet1/Subnet"], "sn2": ids["Vpc/PrivateSubnet2/Subnet"],
                  "p": [P_VPC, P_SN1, P_SN2, P_FNSG]}, indent=1))
