# The function's VPC (10.74/16) and the data VPC (10.75/16) are attached to one transit gateway
# and propagate into its default route table; each side routes the other's CIDR to the transit
# gateway. The function has subnets in us-east-1a and us-east-1b, but its VPC's attachment has
# a subnet in us-east-1a only: from us-east-1b the traffic cannot enter the transit gateway.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

app_vpc = vpc("10.74.0.0/16", "tgw-app")
data_vpc = vpc("10.75.0.0/16", "tgw-data")
app_a = subnet(app_vpc, "10.74.1.0/24", "us-east-1a", "tgw-app-a")
app_b = subnet(app_vpc, "10.74.2.0/24", "us-east-1b", "tgw-app-b")
app_attach_a = subnet(app_vpc, "10.74.240.0/28", "us-east-1a", "tgw-app-attach-a")
data_a = subnet(data_vpc, "10.75.1.0/24", "us-east-1a", "tgw-data-a")
data_b = subnet(data_vpc, "10.75.2.0/24", "us-east-1b", "tgw-data-b")
gateway, tgw_table = transit_gateway("hub")
app_attachment = transit_gateway_attachment(gateway, app_vpc, [app_attach_a], tgw_table)
data_attachment = transit_gateway_attachment(gateway, data_vpc, [data_a, data_b], tgw_table)
route_table(app_vpc, [app_a, app_b], [("10.75.0.0/16", {"TransitGatewayId": gateway})], "tgw-app")
route_table(data_vpc, [data_a, data_b], [("10.74.0.0/16", {"TransitGatewayId": gateway})], "tgw-data")
group = security_group(app_vpc, "settlement-worker")
db_sg = security_group(data_vpc, "settlement-db", ingress=[tcp(5432, cidr="10.74.0.0/16")])
db_instance("settlement", [data_a, data_b], [db_sg], zone="us-east-1a")
function("settlement-worker", role("settlement-worker-role"), [app_a, app_b], [group])
done({"app_a": app_a, "app_b": app_b, "app_attachment": app_attachment, "gateway": gateway})
