# The function's VPC (10.70/16) is peered with the data VPC (10.71/16); each side routes the
# other's CIDR into the peering connection, and the database admits 5432 from 10.70.0.0/16.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

app_vpc = vpc("10.70.0.0/16", "app")
data_vpc = vpc("10.71.0.0/16", "data")
app_a = subnet(app_vpc, "10.70.1.0/24", "us-east-1a", "app-a")
data_a = subnet(data_vpc, "10.71.1.0/24", "us-east-1a", "data-a")
data_b = subnet(data_vpc, "10.71.2.0/24", "us-east-1b", "data-b")
pcx = peering(app_vpc, data_vpc)
app_rt = route_table(app_vpc, [app_a], [("10.71.0.0/16", {"VpcPeeringConnectionId": pcx})], "app")
data_rt = route_table(data_vpc, [data_a, data_b], [("10.70.0.0/16", {"VpcPeeringConnectionId": pcx})], "data")
group = security_group(app_vpc, "ledger-writer")
db_sg = security_group(data_vpc, "ledger-db", ingress=[tcp(5432, cidr="10.70.0.0/16")])
db_instance("ledger", [data_a, data_b], [db_sg], zone="us-east-1a")
function("ledger-writer", role("ledger-writer-role"), [app_a], [group])
done({"app_a": app_a, "pcx": pcx, "app_rt": app_rt, "data_rt": data_rt})
