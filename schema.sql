-- lambda-reach inventory schema.
--
-- This file is the one definition of the inventory: the binary embeds it at build time
-- (Plugins/EmbedSchema) and creates every database from it. Change it only together with
-- `schema_version` below; a database written by another version is refused with a message.
--
-- The build reads three things from it (Sources/embed-schema), so that none is repeated in Swift:
-- * the schema version: the value of the `'schema_version'` row inserted into lr_meta below,
--   a whole number (`Schema.version`; the build fails without exactly one such row);
-- * each table's columns, in order: `Schema.Subnets.vpcId` names `subnets.vpc_id` (names in
--   camel case), `Table.subnets` the table, and `Row.subnets(subnetId:vpcId:...)` makes a row
--   to insert, every NOT NULL column without a DEFAULT required (scope_id is the writer's);
-- * the text itself (`Schema.sql`). A renamed or removed column is a compile error wherever
--   Swift used it. Column names are lower_snake_case.
--
-- Conventions:
-- * Every resource row belongs to a scope (an account and a region; IAM uses region 'global').
--   Re-importing a kind of resource for a scope replaces that kind in that scope.
-- * AWS IDs are primary keys; child rows (rules, routes, entries, associations) cascade
--   with their parent. References between kinds are deferred foreign keys where AWS
--   guarantees the referenced resource exists (a subnet's VPC) and plain columns where real
--   exports dangle (a function's subnets and security groups may have been deleted).
-- * Booleans are INTEGER 0/1; NULL means "the export did not say".
-- * CIDRs are stored as text exactly as AWS prints them; the network model parses them.

CREATE TABLE lr_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO lr_meta (key, value) VALUES ('application', 'lambda-reach');
INSERT INTO lr_meta (key, value) VALUES ('schema_version', '19');

-- Provenance ---------------------------------------------------------------------------

CREATE TABLE scopes (
    scope_id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    UNIQUE (account_id, region)
);

-- One row per resource kind imported into a scope: which files it came from and when.
CREATE TABLE imports (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    PRIMARY KEY (scope_id, kind)
) WITHOUT ROWID;
-- "Was this kind imported anywhere": a question asks it of a few kinds.
CREATE INDEX imports_kind ON imports (kind);

CREATE TABLE import_files (
    scope_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    document_key TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    PRIMARY KEY (scope_id, kind, path),
    FOREIGN KEY (scope_id, kind) REFERENCES imports (scope_id, kind) ON DELETE CASCADE
) WITHOUT ROWID;

-- VPCs ---------------------------------------------------------------------------------

CREATE TABLE vpcs (
    vpc_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    owner_id TEXT,
    state TEXT,
    cidr_block TEXT,
    instance_tenancy TEXT,
    is_default INTEGER,
    -- From describe-vpc-attribute; NULL when not exported (AWS's default is then assumed:
    -- support on, hostnames on for default VPCs only).
    enable_dns_support INTEGER,
    enable_dns_hostnames INTEGER,
    name TEXT,
    -- The VPC's DHCP options set (`DhcpOptionsId`; 'default' for none): where its functions
    -- send their DNS queries. NULL when the export does not say.
    dhcp_options_id TEXT,
    -- VPC Block Public Access as describe-vpcs prints it for the VPC
    -- (`BlockPublicAccessStates.InternetGatewayBlockMode`); NULL when the export does not say.
    block_public_access_mode TEXT
        CHECK (block_public_access_mode IN ('off', 'block-bidirectional', 'block-ingress'))
);
CREATE INDEX vpcs_scope ON vpcs (scope_id);

CREATE TABLE vpc_cidr_blocks (
    vpc_id TEXT NOT NULL REFERENCES vpcs (vpc_id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    family TEXT NOT NULL CHECK (family IN ('ipv4', 'ipv6')),
    state TEXT,
    PRIMARY KEY (vpc_id, cidr)
) WITHOUT ROWID;

-- VPC attributes exported without the VPC itself (describe-vpc-attribute for a VPC that is
-- imported later, or in another run): applied when the VPC arrives.
CREATE TABLE vpc_attributes (
    vpc_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    attribute TEXT NOT NULL CHECK (attribute IN ('enableDnsSupport', 'enableDnsHostnames')),
    value INTEGER NOT NULL,
    PRIMARY KEY (vpc_id, attribute)
) WITHOUT ROWID;

-- describe-dhcp-options: the DNS servers a DHCP options set gives (its domain-name-servers,
-- in order: 'AmazonProvidedDNS' or an address; none when the set has no such option). Other
-- options (domain name, NTP) are not kept.
CREATE TABLE dhcp_options (
    dhcp_options_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    owner_id TEXT,
    name TEXT
);
CREATE INDEX dhcp_options_scope ON dhcp_options (scope_id);

CREATE TABLE dhcp_options_dns_servers (
    dhcp_options_id TEXT NOT NULL REFERENCES dhcp_options (dhcp_options_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    server TEXT NOT NULL,
    PRIMARY KEY (dhcp_options_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE subnets (
    subnet_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT NOT NULL REFERENCES vpcs (vpc_id) DEFERRABLE INITIALLY DEFERRED,
    owner_id TEXT,
    availability_zone TEXT,
    availability_zone_id TEXT,
    cidr_block TEXT,
    available_ip_address_count INTEGER,
    map_public_ip_on_launch INTEGER,
    assign_ipv6_address_on_creation INTEGER,
    state TEXT,
    name TEXT,
    -- VPC Block Public Access as describe-subnets prints it for the subnet
    -- (`BlockPublicAccessStates.InternetGatewayBlockMode`); NULL when the export does not say.
    block_public_access_mode TEXT
        CHECK (block_public_access_mode IN ('off', 'block-bidirectional', 'block-ingress')),
    -- EnableDns64: the Amazon DNS server answers the subnet's queries for a name with IPv4
    -- addresses only with synthesized 64:ff9b::/96 addresses (DNS64). NULL when the export does
    -- not say.
    enable_dns64 INTEGER
);
CREATE INDEX subnets_vpc ON subnets (vpc_id);
CREATE INDEX subnets_scope ON subnets (scope_id);

CREATE TABLE subnet_ipv6_cidr_blocks (
    subnet_id TEXT NOT NULL REFERENCES subnets (subnet_id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    -- Ipv6AddressAttribute: a `private` block (IPAM's private GUA or ULA space) is not
    -- advertised on the internet; NULL when the export does not say.
    ipv6_address_attribute TEXT CHECK (ipv6_address_attribute IN ('public', 'private')),
    PRIMARY KEY (subnet_id, cidr)
) WITHOUT ROWID;

-- VPC Block Public Access -------------------------------------------------------------

-- describe-vpc-block-public-access-options: the account's mode in the scope's region, which
-- drops traffic at internet gateways and egress-only internet gateways. One row per scope;
-- none when the call's output was not imported (the subnets' and VPCs' own
-- block_public_access_mode then say what is known).
CREATE TABLE vpc_block_public_access_options (
    scope_id INTEGER PRIMARY KEY REFERENCES scopes (scope_id),
    internet_gateway_block_mode TEXT NOT NULL
        CHECK (internet_gateway_block_mode IN ('off', 'block-bidirectional', 'block-ingress')),
    -- 'allowed' or 'not-allowed' (an AWS Organizations declarative policy can forbid
    -- exclusions); NULL when the export does not say.
    exclusions_allowed TEXT CHECK (exclusions_allowed IN ('allowed', 'not-allowed')),
    -- 'account' or 'declarative-policy': who may change the mode.
    managed_by TEXT,
    state TEXT
);

-- describe-vpc-block-public-access-exclusions: a VPC or subnet exempted from the mode. Plain
-- columns, not references: an exclusion outlives nothing, but exports of it and of its subnet
-- may be taken apart.
CREATE TABLE vpc_block_public_access_exclusions (
    exclusion_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    internet_gateway_exclusion_mode TEXT NOT NULL
        CHECK (internet_gateway_exclusion_mode IN ('allow-bidirectional', 'allow-egress')),
    -- Exactly one of the two, from the exclusion's ResourceArn (or its VpcId/SubnetId).
    vpc_id TEXT,
    subnet_id TEXT,
    -- create-complete, update-complete, ... (an exclusion is in effect once created or
    -- updated); NULL when the export does not say.
    state TEXT,
    CHECK ((vpc_id IS NULL) <> (subnet_id IS NULL))
);
CREATE INDEX vpc_block_public_access_exclusions_scope ON vpc_block_public_access_exclusions (scope_id);

-- Routing ------------------------------------------------------------------------------

CREATE TABLE route_tables (
    route_table_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT NOT NULL REFERENCES vpcs (vpc_id) DEFERRABLE INITIALLY DEFERRED,
    owner_id TEXT,
    name TEXT
);
CREATE INDEX route_tables_vpc ON route_tables (vpc_id);
CREATE INDEX route_tables_scope ON route_tables (scope_id);

-- One row per route. Exactly one destination column is set. target_kind is one of
-- local, igw, eigw, nat, vpce, pcx, tgw, vgw, eni, instance, carrier, lgw, core-network, unknown.
CREATE TABLE routes (
    route_table_id TEXT NOT NULL REFERENCES route_tables (route_table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    destination_cidr TEXT,
    destination_ipv6_cidr TEXT,
    destination_prefix_list_id TEXT,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    state TEXT,
    origin TEXT,
    PRIMARY KEY (route_table_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX routes_target ON routes (target_id);

CREATE TABLE route_table_associations (
    association_id TEXT PRIMARY KEY NOT NULL,
    route_table_id TEXT NOT NULL REFERENCES route_tables (route_table_id) ON DELETE CASCADE,
    subnet_id TEXT,
    gateway_id TEXT,
    is_main INTEGER NOT NULL,
    state TEXT
);
CREATE INDEX route_table_associations_subnet ON route_table_associations (subnet_id);
CREATE INDEX route_table_associations_table ON route_table_associations (route_table_id);

-- Gateways -----------------------------------------------------------------------------

CREATE TABLE internet_gateways (
    internet_gateway_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    owner_id TEXT,
    name TEXT
);
CREATE INDEX internet_gateways_scope ON internet_gateways (scope_id);

CREATE TABLE internet_gateway_attachments (
    internet_gateway_id TEXT NOT NULL REFERENCES internet_gateways (internet_gateway_id) ON DELETE CASCADE,
    vpc_id TEXT NOT NULL,
    state TEXT,
    PRIMARY KEY (internet_gateway_id, vpc_id)
) WITHOUT ROWID;
CREATE INDEX internet_gateway_attachments_vpc ON internet_gateway_attachments (vpc_id);

CREATE TABLE egress_only_internet_gateways (
    egress_only_internet_gateway_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    name TEXT
);
CREATE INDEX egress_only_internet_gateways_scope ON egress_only_internet_gateways (scope_id);

CREATE TABLE egress_only_internet_gateway_attachments (
    egress_only_internet_gateway_id TEXT NOT NULL
        REFERENCES egress_only_internet_gateways (egress_only_internet_gateway_id) ON DELETE CASCADE,
    vpc_id TEXT NOT NULL,
    state TEXT,
    PRIMARY KEY (egress_only_internet_gateway_id, vpc_id)
) WITHOUT ROWID;
CREATE INDEX egress_only_internet_gateway_attachments_vpc ON egress_only_internet_gateway_attachments (vpc_id);

CREATE TABLE nat_gateways (
    nat_gateway_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT,
    subnet_id TEXT,
    state TEXT,
    connectivity_type TEXT,
    failure_code TEXT,
    name TEXT
);
CREATE INDEX nat_gateways_vpc ON nat_gateways (vpc_id);
-- A question finds the NAT gateways of its subnets, whether or not the export named the VPC.
CREATE INDEX nat_gateways_subnet ON nat_gateways (subnet_id);
CREATE INDEX nat_gateways_scope ON nat_gateways (scope_id);

CREATE TABLE nat_gateway_addresses (
    nat_gateway_id TEXT NOT NULL REFERENCES nat_gateways (nat_gateway_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    allocation_id TEXT,
    network_interface_id TEXT,
    private_ip TEXT,
    public_ip TEXT,
    is_primary INTEGER,
    PRIMARY KEY (nat_gateway_id, ordinal)
) WITHOUT ROWID;
-- An `ip:` question about a public address finds the NAT gateway holding it.
CREATE INDEX nat_gateway_addresses_public_ip ON nat_gateway_addresses (public_ip) WHERE public_ip IS NOT NULL;

-- VPC endpoints ------------------------------------------------------------------------

CREATE TABLE vpc_endpoints (
    vpc_endpoint_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT NOT NULL,
    endpoint_type TEXT NOT NULL,
    service_name TEXT NOT NULL,
    state TEXT,
    private_dns_enabled INTEGER,
    -- DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint (S3 interface endpoints beside a
    -- gateway endpoint): 1 when the private DNS names answer only inbound Resolver queries,
    -- so that the VPC's own traffic keeps to the gateway endpoint.
    private_dns_only_for_inbound_resolver_endpoint INTEGER,
    -- DnsOptions.DnsRecordIpType: ipv4 (A records), ipv6 (AAAA only), dualstack, or
    -- service-defined (A records for the private DNS name): which addresses the service's
    -- private DNS name resolves to. NULL when the export does not say.
    dns_record_ip_type TEXT CHECK (dns_record_ip_type IN ('ipv4', 'ipv6', 'dualstack', 'service-defined')),
    policy_document TEXT,
    name TEXT
);
CREATE INDEX vpc_endpoints_vpc ON vpc_endpoints (vpc_id);
CREATE INDEX vpc_endpoints_scope ON vpc_endpoints (scope_id);

-- describe-vpc-endpoints' DnsEntries: the names AWS gives an interface endpoint. A private
-- hosted zone's alias record names one of them when the endpoint is centralised in a hub VPC.
CREATE TABLE vpc_endpoint_dns_entries (
    vpc_endpoint_id TEXT NOT NULL REFERENCES vpc_endpoints (vpc_endpoint_id) ON DELETE CASCADE,
    dns_name TEXT NOT NULL,
    hosted_zone_id TEXT,
    PRIMARY KEY (vpc_endpoint_id, dns_name)
) WITHOUT ROWID;
CREATE INDEX vpc_endpoint_dns_entries_name ON vpc_endpoint_dns_entries (dns_name);

CREATE TABLE vpc_endpoint_route_tables (
    vpc_endpoint_id TEXT NOT NULL REFERENCES vpc_endpoints (vpc_endpoint_id) ON DELETE CASCADE,
    route_table_id TEXT NOT NULL,
    PRIMARY KEY (vpc_endpoint_id, route_table_id)
) WITHOUT ROWID;

CREATE TABLE vpc_endpoint_subnets (
    vpc_endpoint_id TEXT NOT NULL REFERENCES vpc_endpoints (vpc_endpoint_id) ON DELETE CASCADE,
    subnet_id TEXT NOT NULL,
    PRIMARY KEY (vpc_endpoint_id, subnet_id)
) WITHOUT ROWID;

CREATE TABLE vpc_endpoint_security_groups (
    vpc_endpoint_id TEXT NOT NULL REFERENCES vpc_endpoints (vpc_endpoint_id) ON DELETE CASCADE,
    group_id TEXT NOT NULL,
    PRIMARY KEY (vpc_endpoint_id, group_id)
) WITHOUT ROWID;

CREATE TABLE vpc_endpoint_network_interfaces (
    vpc_endpoint_id TEXT NOT NULL REFERENCES vpc_endpoints (vpc_endpoint_id) ON DELETE CASCADE,
    network_interface_id TEXT NOT NULL,
    PRIMARY KEY (vpc_endpoint_id, network_interface_id)
) WITHOUT ROWID;

-- Security groups ----------------------------------------------------------------------

CREATE TABLE security_groups (
    group_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT,
    group_name TEXT,
    description TEXT,
    owner_id TEXT
);
CREATE INDEX security_groups_vpc ON security_groups (vpc_id);
CREATE INDEX security_groups_scope ON security_groups (scope_id);

-- One row per (group, direction, protocol, ports, peer): describe-security-groups' nested
-- permissions are flattened, and rows from describe-security-group-rules merge with them
-- without duplicates. ip_protocol is '-1' for all, else a lower-case name or number.
-- from_port/to_port are NULL for all ports (and -1 for ICMP "all").
CREATE TABLE security_group_rules (
    group_id TEXT NOT NULL REFERENCES security_groups (group_id) ON DELETE CASCADE,
    is_egress INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    security_group_rule_id TEXT,
    ip_protocol TEXT NOT NULL,
    from_port INTEGER,
    to_port INTEGER,
    cidr_ipv4 TEXT,
    cidr_ipv6 TEXT,
    prefix_list_id TEXT,
    referenced_group_id TEXT,
    referenced_user_id TEXT,
    referenced_vpc_id TEXT,
    vpc_peering_connection_id TEXT,
    description TEXT
);
-- The key is a unique index, not the primary key: a WITHOUT ROWID table keyed by group would
-- put every group's rules at a random place in the table's B-tree (AWS's group IDs are random),
-- and with 2.2 million rules at 10,000 VPCs those inserts miss SQLite's page cache. The rows
-- themselves now append in rowid order, and only the narrow index entries land at random:
-- 8.2 s -> 3.8 s for the rules of a 10,000-VPC organisation, with a group's rules still read
-- together (they are inserted together, so their rowids are adjacent).
CREATE UNIQUE INDEX security_group_rules_key ON security_group_rules (group_id, is_egress, ordinal);
-- No index on referenced_group_id: nothing looks rules up by the group they name (a rule that
-- references a group reads the group's members), and on the largest table an index is a
-- second random-key B-tree to insert into (a third of the 10,000-VPC import's rule writes).

-- Network ACLs -------------------------------------------------------------------------

CREATE TABLE network_acls (
    network_acl_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT NOT NULL,
    is_default INTEGER,
    owner_id TEXT,
    name TEXT
);
CREATE INDEX network_acls_vpc ON network_acls (vpc_id);
CREATE INDEX network_acls_scope ON network_acls (scope_id);

CREATE TABLE network_acl_entries (
    network_acl_id TEXT NOT NULL REFERENCES network_acls (network_acl_id) ON DELETE CASCADE,
    is_egress INTEGER NOT NULL,
    rule_number INTEGER NOT NULL,
    protocol TEXT NOT NULL,
    rule_action TEXT NOT NULL CHECK (rule_action IN ('allow', 'deny')),
    cidr_block TEXT,
    ipv6_cidr_block TEXT,
    port_from INTEGER,
    port_to INTEGER,
    icmp_type INTEGER,
    icmp_code INTEGER,
    PRIMARY KEY (network_acl_id, is_egress, rule_number)
) WITHOUT ROWID;

CREATE TABLE network_acl_associations (
    association_id TEXT PRIMARY KEY NOT NULL,
    network_acl_id TEXT NOT NULL REFERENCES network_acls (network_acl_id) ON DELETE CASCADE,
    subnet_id TEXT NOT NULL
);
CREATE INDEX network_acl_associations_subnet ON network_acl_associations (subnet_id);
CREATE INDEX network_acl_associations_acl ON network_acl_associations (network_acl_id);

-- Prefix lists -------------------------------------------------------------------------

-- Keyed by ID and scope: AWS-managed lists (pl-63a5400a is S3 in us-east-1) have the same ID
-- in every account of a region, so each account's export keeps its own copy. So does a
-- customer-managed list shared through AWS RAM: its owner's copy (owner_id) gives its entries,
-- else the copy with the highest version (PrefixListCopies).
CREATE TABLE prefix_lists (
    prefix_list_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    prefix_list_name TEXT,
    address_family TEXT,
    owner_id TEXT,
    state TEXT,
    max_entries INTEGER,
    version INTEGER,
    PRIMARY KEY (prefix_list_id, scope_id)
) WITHOUT ROWID;
CREATE INDEX prefix_lists_scope ON prefix_lists (scope_id);

-- CIDRs of a prefix list, from the older describe-prefix-lists (Cidrs) or from
-- get-managed-prefix-list-entries. Kept apart from prefix_lists so that entries exported in
-- another run survive a re-import of the lists.
CREATE TABLE prefix_list_entries (
    prefix_list_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    cidr TEXT NOT NULL,
    description TEXT,
    PRIMARY KEY (prefix_list_id, scope_id, cidr)
) WITHOUT ROWID;
CREATE INDEX prefix_list_entries_scope ON prefix_list_entries (scope_id);

-- Peering ------------------------------------------------------------------------------

CREATE TABLE vpc_peering_connections (
    vpc_peering_connection_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    status_code TEXT,
    requester_vpc_id TEXT,
    requester_owner_id TEXT,
    requester_region TEXT,
    accepter_vpc_id TEXT,
    accepter_owner_id TEXT,
    accepter_region TEXT,
    -- <Side>VpcInfo.PeeringOptions.AllowDnsResolutionFromRemoteVpc: with it on, the public DNS
    -- names of that side's VPC (a publicly accessible database's endpoint) resolve to private
    -- addresses when queried from the other side. NULL when the export did not say.
    requester_allow_dns_resolution INTEGER,
    accepter_allow_dns_resolution INTEGER,
    name TEXT
);
CREATE INDEX vpc_peering_connections_scope ON vpc_peering_connections (scope_id);
CREATE INDEX vpc_peering_connections_requester ON vpc_peering_connections (requester_vpc_id);
CREATE INDEX vpc_peering_connections_accepter ON vpc_peering_connections (accepter_vpc_id);

-- Each side's blocks as the peering connection lists them: IPv4 ones (CidrBlock, CidrBlockSet)
-- and IPv6 ones (Ipv6CidrBlockSet), which the peering carries when both sides route them.
CREATE TABLE vpc_peering_connection_cidrs (
    vpc_peering_connection_id TEXT NOT NULL
        REFERENCES vpc_peering_connections (vpc_peering_connection_id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('requester', 'accepter')),
    cidr TEXT NOT NULL,
    PRIMARY KEY (vpc_peering_connection_id, side, cidr)
) WITHOUT ROWID;

-- Transit gateways ---------------------------------------------------------------------

-- describe-transit-gateways. The default-table options decide where new attachments land;
-- security_group_referencing_support must be 'enable' here and on both VPC attachments for a
-- security-group reference to match across the transit gateway. dns_support (AWS's default
-- 'enable'), here and on both VPC attachments, lets a public DNS name of one attached VPC
-- resolve to its private address from another.
CREATE TABLE transit_gateways (
    transit_gateway_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    owner_id TEXT,
    state TEXT,
    default_route_table_association TEXT,
    default_route_table_propagation TEXT,
    association_default_route_table_id TEXT,
    propagation_default_route_table_id TEXT,
    security_group_referencing_support TEXT,
    dns_support TEXT,
    name TEXT
);
CREATE INDEX transit_gateways_scope ON transit_gateways (scope_id);

-- describe-transit-gateway-attachments: every attachment type (vpc, peering, vpn,
-- direct-connect-gateway, connect, ...) with the route table it is associated with. Plain
-- columns, not foreign keys: an attachment shared from another account names a transit
-- gateway that this account's export does not list.
CREATE TABLE transit_gateway_attachments (
    transit_gateway_attachment_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    transit_gateway_id TEXT,
    transit_gateway_owner_id TEXT,
    resource_type TEXT,
    resource_id TEXT,
    resource_owner_id TEXT,
    state TEXT,
    association_route_table_id TEXT,
    association_state TEXT,
    name TEXT
);
CREATE INDEX transit_gateway_attachments_scope ON transit_gateway_attachments (scope_id);
CREATE INDEX transit_gateway_attachments_tgw ON transit_gateway_attachments (transit_gateway_id);
CREATE INDEX transit_gateway_attachments_resource ON transit_gateway_attachments (resource_id);

-- describe-transit-gateway-vpc-attachments: the VPC side, with the subnets (one per AZ) where
-- the transit gateway has its network interfaces. Kept apart from transit_gateway_attachments
-- because both describe calls list the same IDs with different fields.
CREATE TABLE transit_gateway_vpc_attachments (
    transit_gateway_attachment_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    transit_gateway_id TEXT,
    vpc_id TEXT,
    vpc_owner_id TEXT,
    state TEXT,
    security_group_referencing_support TEXT,
    appliance_mode_support TEXT,
    dns_support TEXT,
    -- Options.Ipv6Support ('enable' or 'disable', AWS's default): with it on, the transit
    -- gateway's network interfaces get IPv6 addresses and the VPC's IPv6 CIDRs propagate into
    -- the route tables the attachment propagates to. NULL when the export does not say.
    ipv6_support TEXT,
    name TEXT
);
CREATE INDEX transit_gateway_vpc_attachments_scope ON transit_gateway_vpc_attachments (scope_id);
CREATE INDEX transit_gateway_vpc_attachments_vpc ON transit_gateway_vpc_attachments (vpc_id);
CREATE INDEX transit_gateway_vpc_attachments_tgw ON transit_gateway_vpc_attachments (transit_gateway_id);

CREATE TABLE transit_gateway_vpc_attachment_subnets (
    transit_gateway_attachment_id TEXT NOT NULL
        REFERENCES transit_gateway_vpc_attachments (transit_gateway_attachment_id) ON DELETE CASCADE,
    subnet_id TEXT NOT NULL,
    PRIMARY KEY (transit_gateway_attachment_id, subnet_id)
) WITHOUT ROWID;
CREATE INDEX transit_gateway_vpc_attachment_subnets_subnet ON transit_gateway_vpc_attachment_subnets (subnet_id);

-- describe-transit-gateway-route-tables.
CREATE TABLE transit_gateway_route_tables (
    transit_gateway_route_table_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    transit_gateway_id TEXT,
    state TEXT,
    default_association_route_table INTEGER,
    default_propagation_route_table INTEGER,
    name TEXT
);
CREATE INDEX transit_gateway_route_tables_scope ON transit_gateway_route_tables (scope_id);
CREATE INDEX transit_gateway_route_tables_tgw ON transit_gateway_route_tables (transit_gateway_id);

-- The next three come from calls made once per TGW route table
-- (get-transit-gateway-route-table-associations, get-transit-gateway-route-table-propagations,
-- search-transit-gateway-routes), whose output does not name the table: `lambda-reach collect`
-- adds a TransitGatewayRouteTableId key. Each call's rows replace that table's rows, and
-- they are kept apart from transit_gateway_route_tables (no cascade), like
-- prefix_list_entries, so that a re-import of the tables keeps them.
CREATE TABLE transit_gateway_route_table_associations (
    transit_gateway_route_table_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    transit_gateway_attachment_id TEXT NOT NULL,
    resource_type TEXT,
    resource_id TEXT,
    state TEXT,
    PRIMARY KEY (transit_gateway_route_table_id, transit_gateway_attachment_id)
) WITHOUT ROWID;
CREATE INDEX transit_gateway_route_table_associations_attachment
    ON transit_gateway_route_table_associations (transit_gateway_attachment_id);

CREATE TABLE transit_gateway_route_table_propagations (
    transit_gateway_route_table_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    transit_gateway_attachment_id TEXT NOT NULL,
    resource_type TEXT,
    resource_id TEXT,
    state TEXT,
    PRIMARY KEY (transit_gateway_route_table_id, transit_gateway_attachment_id)
) WITHOUT ROWID;

-- One row per route and next-hop attachment (an ECMP route lists several; a blackhole route
-- none, and has one row with a NULL attachment). Exactly one destination column is set.
-- route_type is 'static' or 'propagated'; state 'active' or 'blackhole'.
-- additional_routes_available is search-transit-gateway-routes' AdditionalRoutesAvailable, on
-- every row of its output: the table has more routes than the call returned (at most 1,000).
CREATE TABLE transit_gateway_routes (
    transit_gateway_route_table_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    ordinal INTEGER NOT NULL,
    destination_cidr TEXT,
    destination_prefix_list_id TEXT,
    route_type TEXT,
    state TEXT,
    transit_gateway_attachment_id TEXT,
    resource_type TEXT,
    resource_id TEXT,
    additional_routes_available INTEGER,
    PRIMARY KEY (transit_gateway_route_table_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX transit_gateway_routes_scope ON transit_gateway_routes (scope_id);

-- Network interfaces -------------------------------------------------------------------

CREATE TABLE network_interfaces (
    network_interface_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_id TEXT,
    subnet_id TEXT,
    availability_zone TEXT,
    interface_type TEXT,
    description TEXT,
    requester_id TEXT,
    requester_managed INTEGER,
    status TEXT,
    owner_id TEXT
);
CREATE INDEX network_interfaces_subnet ON network_interfaces (subnet_id);
CREATE INDEX network_interfaces_vpc ON network_interfaces (vpc_id);
CREATE INDEX network_interfaces_scope ON network_interfaces (scope_id);

CREATE TABLE network_interface_addresses (
    network_interface_id TEXT NOT NULL REFERENCES network_interfaces (network_interface_id) ON DELETE CASCADE,
    private_ip TEXT NOT NULL,
    public_ip TEXT,
    is_primary INTEGER,
    PRIMARY KEY (network_interface_id, private_ip)
) WITHOUT ROWID;
CREATE INDEX network_interface_addresses_ip ON network_interface_addresses (private_ip);
-- `ip:` questions about a public address find its owner by it.
CREATE INDEX network_interface_addresses_public_ip ON network_interface_addresses (public_ip) WHERE public_ip IS NOT NULL;

CREATE TABLE network_interface_ipv6_addresses (
    network_interface_id TEXT NOT NULL REFERENCES network_interfaces (network_interface_id) ON DELETE CASCADE,
    ipv6_address TEXT NOT NULL,
    PRIMARY KEY (network_interface_id, ipv6_address)
) WITHOUT ROWID;

CREATE TABLE network_interface_security_groups (
    network_interface_id TEXT NOT NULL REFERENCES network_interfaces (network_interface_id) ON DELETE CASCADE,
    group_id TEXT NOT NULL,
    PRIMARY KEY (network_interface_id, group_id)
) WITHOUT ROWID;

-- Lambda -------------------------------------------------------------------------------

CREATE TABLE lambda_functions (
    function_arn TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    function_name TEXT NOT NULL,
    role_arn TEXT,
    runtime TEXT,
    package_type TEXT,
    state TEXT,
    state_reason TEXT,
    state_reason_code TEXT,
    last_update_status TEXT,
    last_update_status_reason_code TEXT,
    -- VpcConfig.VpcId as exported; unreliable (emulators print a constant). The solver
    -- takes the VPC from the subnets.
    reported_vpc_id TEXT,
    ipv6_allowed_for_dual_stack INTEGER,
    -- LoggingConfig.LogGroup: where Lambda writes the function's output, which the execution
    -- role must allow. NULL when the export did not say: /aws/lambda/FUNCTION_NAME, the default.
    log_group TEXT,
    -- CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn:
    -- a function of Lambda Managed Instances runs on the provider's EC2 instances, in the
    -- provider's subnets and security groups (lambda_capacity_providers), and has no VpcConfig.
    capacity_provider_arn TEXT
);
CREATE INDEX lambda_functions_name ON lambda_functions (function_name);
CREATE INDEX lambda_functions_scope ON lambda_functions (scope_id);

CREATE TABLE lambda_function_subnets (
    function_arn TEXT NOT NULL REFERENCES lambda_functions (function_arn) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    subnet_id TEXT NOT NULL,
    PRIMARY KEY (function_arn, ordinal)
) WITHOUT ROWID;
CREATE INDEX lambda_function_subnets_subnet ON lambda_function_subnets (subnet_id);

CREATE TABLE lambda_function_security_groups (
    function_arn TEXT NOT NULL REFERENCES lambda_functions (function_arn) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    group_id TEXT NOT NULL,
    PRIMARY KEY (function_arn, ordinal)
) WITHOUT ROWID;

-- Lambda Managed Instances' capacity providers (list-capacity-providers,
-- get-capacity-provider): the VPC configuration of the EC2 instances Lambda launches for the
-- functions that name the provider. A function's row names its provider by ARN, a plain column:
-- the provider may not have been exported.
CREATE TABLE lambda_capacity_providers (
    capacity_provider_arn TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    -- The ARN's last part.
    name TEXT NOT NULL,
    -- Pending, Active, Failed or Deleting.
    state TEXT,
    -- PermissionsConfig.CapacityProviderOperatorRoleArn: the role Lambda assumes to launch the
    -- instances (AWSLambdaManagedEC2ResourceOperator), not the functions' execution roles.
    operator_role_arn TEXT
);
CREATE INDEX lambda_capacity_providers_scope ON lambda_capacity_providers (scope_id);

CREATE TABLE lambda_capacity_provider_subnets (
    capacity_provider_arn TEXT NOT NULL REFERENCES lambda_capacity_providers (capacity_provider_arn) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    subnet_id TEXT NOT NULL,
    PRIMARY KEY (capacity_provider_arn, ordinal)
) WITHOUT ROWID;

-- None: the instances get their VPC's default security group (SAM: "If not specified, the
-- default security group for the VPC will be used").
CREATE TABLE lambda_capacity_provider_security_groups (
    capacity_provider_arn TEXT NOT NULL REFERENCES lambda_capacity_providers (capacity_provider_arn) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    group_id TEXT NOT NULL,
    PRIMARY KEY (capacity_provider_arn, ordinal)
) WITHOUT ROWID;

-- RDS ----------------------------------------------------------------------------------

-- DB subnet groups arrive embedded in describe-db-instances; clusters and proxies name them
-- or list subnets directly.
CREATE TABLE rds_db_subnet_groups (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    db_subnet_group_name TEXT NOT NULL,
    vpc_id TEXT,
    status TEXT,
    PRIMARY KEY (scope_id, db_subnet_group_name)
) WITHOUT ROWID;

CREATE TABLE rds_db_subnet_group_subnets (
    scope_id INTEGER NOT NULL,
    db_subnet_group_name TEXT NOT NULL,
    subnet_id TEXT NOT NULL,
    availability_zone TEXT,
    status TEXT,
    PRIMARY KEY (scope_id, db_subnet_group_name, subnet_id),
    FOREIGN KEY (scope_id, db_subnet_group_name)
        REFERENCES rds_db_subnet_groups (scope_id, db_subnet_group_name) ON DELETE CASCADE
) WITHOUT ROWID;

-- DB instances, Aurora/Multi-AZ clusters, RDS proxies and their additional endpoints
-- (describe-db-proxy-endpoints): everything a function can connect to.
CREATE TABLE rds_databases (
    db_key TEXT PRIMARY KEY NOT NULL, -- "<kind>:<scope_id>:<identifier>"
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    kind TEXT NOT NULL CHECK (kind IN ('instance', 'cluster', 'proxy', 'proxy-endpoint')),
    identifier TEXT NOT NULL,
    arn TEXT,
    engine TEXT,
    status TEXT,
    endpoint_address TEXT,
    port INTEGER,
    vpc_id TEXT,
    availability_zone TEXT,
    secondary_availability_zone TEXT,
    multi_az INTEGER,
    publicly_accessible INTEGER,
    db_subnet_group_name TEXT,
    db_cluster_identifier TEXT,
    -- A cluster's writer instance (DBClusterMembers, IsClusterWriter): the cluster endpoint
    -- connects to it, so its zone, public accessibility and state are the cluster's.
    writer_identifier TEXT,
    -- A proxy endpoint's proxy (DBProxyName), of the same scope: the endpoint has subnets and
    -- security groups of its own, possibly in another VPC, and hands every connection to the
    -- proxy, which connects to the database from its own.
    db_proxy_name TEXT,
    -- A proxy endpoint's TargetRole: READ_WRITE, or READ_ONLY (the cluster's reader instances).
    target_role TEXT
);
-- RDS identifiers are not case sensitive: a question finds a database by its identifier in
-- lower case (identifiers are ASCII, which SQLite's lower() folds).
CREATE INDEX rds_databases_identifier ON rds_databases (lower(identifier));
CREATE INDEX rds_databases_vpc ON rds_databases (vpc_id);
CREATE INDEX rds_databases_scope ON rds_databases (scope_id);

-- Subnets listed on the database itself (proxies: VpcSubnetIds).
CREATE TABLE rds_database_subnets (
    db_key TEXT NOT NULL REFERENCES rds_databases (db_key) ON DELETE CASCADE,
    subnet_id TEXT NOT NULL,
    PRIMARY KEY (db_key, subnet_id)
) WITHOUT ROWID;

CREATE TABLE rds_database_security_groups (
    db_key TEXT NOT NULL REFERENCES rds_databases (db_key) ON DELETE CASCADE,
    group_id TEXT NOT NULL,
    status TEXT,
    PRIMARY KEY (db_key, group_id)
) WITHOUT ROWID;

-- The databases an RDS proxy connects to (describe-db-proxy-targets, one call per proxy): the
-- proxy opens its own connection to them, from its own subnets and security groups. Keyed by
-- the proxy's name in its scope, not by its row: describe-db-proxies and this call are
-- imported apart, and re-importing the proxies must not drop what this call said.
-- db_proxy_name is the document's DBProxyName (collect adds it), else the one proxy whose
-- VPC holds the targets' databases with a matching engine family.
CREATE TABLE rds_db_proxy_targets (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    db_proxy_name TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    target_arn TEXT,
    endpoint TEXT,
    tracked_cluster_id TEXT,
    rds_resource_id TEXT,
    port INTEGER,
    type TEXT, -- RDS_INSTANCE, TRACKED_CLUSTER, RDS_SERVERLESS_ENDPOINT
    role TEXT, -- READ_WRITE, READ_ONLY, UNKNOWN
    -- TargetHealth: what AWS observed of the proxy's connection to the target.
    health_state TEXT, -- REGISTERING, AVAILABLE, UNAVAILABLE, UNUSED
    health_reason TEXT,
    health_description TEXT,
    PRIMARY KEY (scope_id, db_proxy_name, ordinal)
) WITHOUT ROWID;

-- IAM ----------------------------------------------------------------------------------

CREATE TABLE iam_roles (
    role_arn TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    role_name TEXT NOT NULL,
    role_id TEXT,
    path TEXT,
    -- PermissionsBoundary.PermissionsBoundaryArn: a managed policy that caps what the role's
    -- own policies can grant (an action must be allowed by both).
    permissions_boundary_arn TEXT
);
CREATE INDEX iam_roles_scope ON iam_roles (scope_id);

CREATE TABLE iam_role_inline_policies (
    role_arn TEXT NOT NULL REFERENCES iam_roles (role_arn) ON DELETE CASCADE,
    policy_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (role_arn, policy_name)
) WITHOUT ROWID;

CREATE TABLE iam_role_attached_policies (
    role_arn TEXT NOT NULL REFERENCES iam_roles (role_arn) ON DELETE CASCADE,
    policy_arn TEXT NOT NULL,
    policy_name TEXT,
    PRIMARY KEY (role_arn, policy_arn)
) WITHOUT ROWID;

-- Managed policies with the document of their default version. AWS managed policies are
-- often absent from exports; the network model recognises the well-known ones by name.
CREATE TABLE iam_policies (
    policy_arn TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    policy_name TEXT,
    default_version_id TEXT,
    document TEXT
);
CREATE INDEX iam_policies_scope ON iam_policies (scope_id);

-- CloudFormation -----------------------------------------------------------------------

-- aws cloudformation list-exports: what `Fn::ImportValue` resolves to when a template is laid
-- over the inventory (`--template`).
CREATE TABLE cloudformation_exports (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    exporting_stack_id TEXT,
    PRIMARY KEY (scope_id, name)
) WITHOUT ROWID;

-- aws cloudformation describe-stack-resources, one call per stack: which physical resource
-- each logical ID of a deployed stack is. A template of that stack laid over the inventory
-- replaces those resources for the run ("what will this change do").
CREATE TABLE cloudformation_stack_resources (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    stack_name TEXT NOT NULL,
    logical_resource_id TEXT NOT NULL,
    physical_resource_id TEXT,
    resource_type TEXT NOT NULL,
    resource_status TEXT,
    PRIMARY KEY (scope_id, stack_name, logical_resource_id)
) WITHOUT ROWID;

-- Organisations ------------------------------------------------------------------------

-- Availability zones as one account names them (describe-availability-zones, and the
-- AvailabilityZone/AvailabilityZoneId pairs of its describe-subnets). Names are mapped per
-- account; zone IDs (use1-az1) are the same physical zone everywhere, which is how a subnet
-- shared from another account is placed.
CREATE TABLE availability_zones (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    zone_id TEXT NOT NULL,
    zone_name TEXT NOT NULL,
    PRIMARY KEY (scope_id, zone_id)
) WITHOUT ROWID;

-- aws ram get-resource-shares (--resource-owner SELF or OTHER-ACCOUNTS), as the scope's
-- account sees them.
CREATE TABLE ram_resource_shares (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    resource_share_arn TEXT NOT NULL,
    name TEXT,
    owning_account_id TEXT NOT NULL,
    status TEXT,
    allow_external_principals INTEGER,
    PRIMARY KEY (scope_id, resource_share_arn)
) WITHOUT ROWID;

-- aws ram list-resources: the resources (subnets, resolver rules, ...) the scope's account
-- shares (its own ARNs) or that are shared with it (another account's ARNs).
CREATE TABLE ram_resources (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    resource_arn TEXT NOT NULL,
    resource_share_arn TEXT NOT NULL,
    resource_type TEXT,
    status TEXT,
    PRIMARY KEY (scope_id, resource_arn, resource_share_arn)
) WITHOUT ROWID;

-- aws ram list-principals --resource-owner SELF: who the scope's shares are shared with.
CREATE TABLE ram_principals (
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    principal TEXT NOT NULL,
    resource_share_arn TEXT NOT NULL,
    external INTEGER,
    PRIMARY KEY (scope_id, principal, resource_share_arn)
) WITHOUT ROWID;

-- aws route53 list-hosted-zones-by-vpc, one call per VPC (collect adds VPCId and VPCRegion):
-- the private hosted zones a VPC resolves names in, whichever account owns them.
CREATE TABLE hosted_zone_vpc_associations (
    vpc_id TEXT NOT NULL,
    hosted_zone_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    vpc_region TEXT NOT NULL,
    zone_name TEXT NOT NULL,
    owning_account TEXT,
    PRIMARY KEY (vpc_id, hosted_zone_id)
) WITHOUT ROWID;
CREATE INDEX hosted_zone_vpc_associations_zone ON hosted_zone_vpc_associations (hosted_zone_id);

-- aws route53 list-resource-record-sets, one call per private hosted zone (collect adds
-- HostedZoneId). Only what resolution needs: A/AAAA/CNAME records, their values or alias.
CREATE TABLE hosted_zone_records (
    hosted_zone_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    alias_dns_name TEXT,
    alias_hosted_zone_id TEXT,
    record_values TEXT,
    set_identifier TEXT,
    PRIMARY KEY (hosted_zone_id, ordinal)
) WITHOUT ROWID;

-- aws route53resolver list-resolver-rules: FORWARD, SYSTEM and RECURSIVE rules the scope's
-- account owns or that are shared with it.
CREATE TABLE resolver_rules (
    resolver_rule_id TEXT NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    domain_name TEXT NOT NULL,
    rule_type TEXT NOT NULL,
    status TEXT,
    name TEXT,
    owner_id TEXT,
    share_status TEXT,
    resolver_endpoint_id TEXT,
    PRIMARY KEY (scope_id, resolver_rule_id)
) WITHOUT ROWID;
-- A question finds the rules of its VPCs' associations, in every account's copy.
CREATE INDEX resolver_rules_rule ON resolver_rules (resolver_rule_id);

CREATE TABLE resolver_rule_target_ips (
    scope_id INTEGER NOT NULL,
    resolver_rule_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    ip TEXT,
    ipv6 TEXT,
    port INTEGER,
    PRIMARY KEY (scope_id, resolver_rule_id, ordinal),
    FOREIGN KEY (scope_id, resolver_rule_id) REFERENCES resolver_rules (scope_id, resolver_rule_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX resolver_rule_target_ips_rule ON resolver_rule_target_ips (resolver_rule_id);

-- aws route53resolver list-resolver-rule-associations: which VPCs use which rules.
CREATE TABLE resolver_rule_associations (
    association_id TEXT PRIMARY KEY NOT NULL,
    scope_id INTEGER NOT NULL REFERENCES scopes (scope_id),
    resolver_rule_id TEXT NOT NULL,
    vpc_id TEXT NOT NULL,
    status TEXT,
    name TEXT
) WITHOUT ROWID;
CREATE INDEX resolver_rule_associations_vpc ON resolver_rule_associations (vpc_id);
