# As peering-routes-both-ways (archive-writer and the archive database instead), but the data
# VPC's route table has no route back to the function's VPC: the request arrives, the reply
# has nowhere to go.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

app_vpc = vpc("10.80.0.0/16", "app")
data_vpc = vpc("10.81.0.0/16", "data")
app_a = subnet(app_vpc, "10.80.1.0/24", "us-east-1a", "app-a")
data_a = subnet(data_vpc, "10.81.1.0/24", "us-east-1a", "data-a")
data_b = subnet(data_vpc, "10.81.2.0/24", "us-east-1b", "data-b")
pcx = peering(app_vpc, data_vpc)
app_rt = route_table(app_vpc, [app_a], [("10.81.0.0/16", {"VpcPeeringConnectionId": pcx})], "app")
data_rt = route_table(data_vpc, [data_a, data_b], [], "data")
group = security_group(app_vpc, "archive-writer")
db_sg = security_group(data_vpc, "archive-db", ingress=[tcp(5432, cidr="10.80.0.0/16")])
db_instance("archive", [data_a, data_b], [db_sg], zone="us-east-1a")
function("archive-writer", role("archive-writer-role"), [app_a], [group])
done({"app_a": app_a, "pcx": pcx, "app_rt": app_rt, "data_rt": data_rt})
