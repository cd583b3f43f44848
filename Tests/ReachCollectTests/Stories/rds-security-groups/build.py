# Two databases next to the function: "orders" (PostgreSQL) admits 5432 from the function's
# security group by reference; "billing" (MySQL) admits 3306 only from 10.99.0.0/16, not from
# the function. A third function, "reporting", has no VpcConfig at all.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.50.0.0/16", "shop")
app_a = subnet(vpc_id, "10.50.1.0/24", "us-east-1a", "app-a")
app_b = subnet(vpc_id, "10.50.2.0/24", "us-east-1b", "app-b")
db_a = subnet(vpc_id, "10.50.11.0/24", "us-east-1a", "db-a")
db_b = subnet(vpc_id, "10.50.12.0/24", "us-east-1b", "db-b")
app = security_group(vpc_id, "checkout")
orders_sg = security_group(vpc_id, "orders-db", ingress=[tcp(5432, group=app)])
billing_sg = security_group(vpc_id, "billing-db", ingress=[tcp(3306, cidr="10.99.0.0/16")])
db_instance("orders", [db_a, db_b], [orders_sg], engine="postgres", zone="us-east-1a")
db_instance("billing", [db_a, db_b], [billing_sg], engine="mysql", zone="us-east-1b")
execution_role = role("checkout-role")
function("checkout", execution_role, [app_a, app_b], [app])
function("reporting", execution_role, [], [])
done({"app_a": app_a, "app_b": app_b, "app_sg": app, "orders_sg": orders_sg, "billing_sg": billing_sg})
