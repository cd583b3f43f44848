# Two isolated VPCs, each with a Secrets Manager interface endpoint (private DNS on) in both
# of the function's subnets, its security group admitting 443 from the VPC. In "vault" the
# VPC's DNS hostnames attribute is on; in "vault-nodns" it is off (moto's default, as AWS's
# for a new VPC), so the service name does not resolve to the endpoint.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

ids = {}
for name, cidr, hostnames in [("vault", "10.40", True), ("vault-nodns", "10.41", False)]:
    vpc_id = vpc(f"{cidr}.0.0/16", name, dns_hostnames=hostnames)
    a = subnet(vpc_id, f"{cidr}.1.0/24", "us-east-1a", f"{name}-a")
    b = subnet(vpc_id, f"{cidr}.2.0/24", "us-east-1b", f"{name}-b")
    table = route_table(vpc_id, [a, b], [], f"{name}-private")
    endpoint_group = security_group(vpc_id, f"{name}-endpoint", ingress=[tcp(443, cidr=f"{cidr}.0.0/16")])
    endpoint = interface_endpoint(vpc_id, "secretsmanager", [a, b], [endpoint_group])
    group = security_group(vpc_id, f"{name}-reader")
    function(f"{name}-reader", role(f"{name}-reader-role"), [a, b], [group])
    key = name.replace("-", "_")
    ids.update({f"{key}_vpc": vpc_id, f"{key}_a": a, f"{key}_b": b, f"{key}_rt": table, f"{key}_endpoint": endpoint})
done(ids)
