import ReachCore

/// The form a value of an AWS export must have, checked when it is imported.
///
/// Everything the solver relies on (CIDRs, addresses, IDs, protocols, ports, rule numbers) and
/// everything that is printed into the `fix:` shell commands (IDs, names) is checked here, so
/// that the inventory holds only values AWS could have printed. An ID is never quoted when it
/// is pasted into a command: it must not be able to hold `;`, `$`, a backquote, a quote, a
/// space, a path separator or a control character, and no form below lets one through.
///
/// The checks scan bytes and allocate nothing: an organisation is hundreds of thousands of
/// values, and the import must stay close to the speed of parsing its JSON.
struct ValueForm: Sendable {
    /// What a message says was expected: `a VPC ID (vpc- followed by ..., e.g. vpc-0a1b2c3d)`.
    let expected: String
    let test: @Sendable (String) -> Bool

    func accepts(_ text: String) -> Bool { test(text) }
}

extension ValueForm {
    /// A resource ID: `prefix` then lower-case letters, digits and inner hyphens. Real IDs are
    /// 8 or 17 hex digits; emulators and hand-written fixtures use shorter names such as
    /// `vpc-0app` or `subnet-0private-a`, which are just as safe in a command.
    static func id(_ noun: String, _ prefix: String, example: String) -> ValueForm {
        ValueForm(expected: "\(noun) (\(prefix) followed by lower-case letters and digits, e.g. \(example))") {
            AWSSyntax.isID($0, prefix: prefix)
        }
    }

    static let vpcID = id("a VPC ID", "vpc-", example: "vpc-0a1b2c3d4e5f67890")
    static let subnetID = id("a subnet ID", "subnet-", example: "subnet-0a1b2c3d4e5f67890")
    static let dhcpOptionsID = id("a DHCP options set ID", "dopt-", example: "dopt-0a1b2c3d4e5f67890")
    /// A VPC's `DhcpOptionsId`: a set's ID, or `default` for a VPC that has none.
    static let vpcDHCPOptionsID = ValueForm(
        expected: "\"default\" or a DHCP options set ID (dopt- followed by lower-case letters and digits)"
    ) { $0 == "default" || AWSSyntax.isID($0, prefix: "dopt-") }
    /// A domain-name-servers value: `AmazonProvidedDNS` or an address.
    static let dnsServer = ValueForm(
        expected: "AmazonProvidedDNS or an IPv4 or IPv6 address (e.g. 10.0.0.2)"
    ) { $0 == "AmazonProvidedDNS" || ipv4Address.accepts($0) || ipv6Address.accepts($0) }
    static let routeTableID = id("a route table ID", "rtb-", example: "rtb-0a1b2c3d4e5f67890")
    static let routeTableAssociationID = id(
        "a route table association ID", "rtbassoc-", example: "rtbassoc-0a1b2c3d4e5f67890")
    static let networkACLID = id("a network ACL ID", "acl-", example: "acl-0a1b2c3d4e5f67890")
    static let networkACLAssociationID = id(
        "a network ACL association ID", "aclassoc-", example: "aclassoc-0a1b2c3d4e5f67890")
    static let internetGatewayID = id("an internet gateway ID", "igw-", example: "igw-0a1b2c3d4e5f67890")
    static let egressOnlyInternetGatewayID = id(
        "an egress-only internet gateway ID", "eigw-", example: "eigw-0a1b2c3d4e5f67890")
    static let natGatewayID = id("a NAT gateway ID", "nat-", example: "nat-0a1b2c3d4e5f67890")
    static let vpcEndpointID = id("a VPC endpoint ID", "vpce-", example: "vpce-0a1b2c3d4e5f67890")
    static let securityGroupID = id("a security group ID", "sg-", example: "sg-0a1b2c3d4e5f67890")
    static let securityGroupRuleID = id("a security group rule ID", "sgr-", example: "sgr-0a1b2c3d4e5f67890")
    static let prefixListID = id("a prefix list ID", "pl-", example: "pl-63a5400a")
    static let peeringID = id("a VPC peering connection ID", "pcx-", example: "pcx-0a1b2c3d4e5f67890")
    static let transitGatewayID = id("a transit gateway ID", "tgw-", example: "tgw-0a1b2c3d4e5f67890")
    static let transitGatewayAttachmentID = id(
        "a transit gateway attachment ID", "tgw-attach-", example: "tgw-attach-0a1b2c3d4e5f67890")
    static let transitGatewayRouteTableID = id(
        "a transit gateway route table ID", "tgw-rtb-", example: "tgw-rtb-0a1b2c3d4e5f67890")
    static let networkInterfaceID = id("a network interface ID", "eni-", example: "eni-0a1b2c3d4e5f67890")
    static let allocationID = id("an Elastic IP allocation ID", "eipalloc-", example: "eipalloc-0a1b2c3d4e5f67890")
    static let instanceID = id("an instance ID", "i-", example: "i-0a1b2c3d4e5f67890")
    static let carrierGatewayID = id("a carrier gateway ID", "cagw-", example: "cagw-0a1b2c3d4e5f67890")
    static let localGatewayID = id("a local gateway ID", "lgw-", example: "lgw-0a1b2c3d4e5f67890")

    /// Any resource ID (`igw-`, `vgw-`, `vpce-`, ...): where a key holds IDs of several kinds.
    static let anyID = ValueForm(
        expected: "a resource ID (a prefix such as igw- or vgw- followed by lower-case letters and digits)"
    ) { AWSSyntax.isAnyID($0) }

    /// A route's GatewayId: `local`, or the ID of a gateway.
    static let gatewayID = ValueForm(
        expected: "\"local\" or a gateway ID (igw-, vgw-, vpce-, eigw-... followed by lower-case letters and digits)"
    ) { $0 == "local" || AWSSyntax.isAnyID($0) }

    /// An ID that AWS prints in several forms (a transit gateway attachment's resource: a VPC,
    /// a VPN, a Direct Connect gateway's UUID): letters, digits and `-_.:/` only.
    static let token = ValueForm(
        expected: "an ID of letters, digits and - _ . : / only"
    ) { AWSSyntax.isToken($0, maxLength: 256, allowed: .token) }

    /// One of a few words AWS prints for a state or a kind (`active`, `blackhole`): anything
    /// else would be read as one of them, and a route that drops traffic must never be read as
    /// one that carries it.
    static func oneOf(_ words: [String]) -> ValueForm {
        ValueForm(expected: "one of " + words.joined(separator: ", ")) { words.contains($0) }
    }

    static let routeState = oneOf(["active", "blackhole"])

    /// VPC Block Public Access: the account's mode (`VpcBlockPublicAccessOptions`) and a
    /// subnet's or VPC's (`BlockPublicAccessStates`), per the EC2 API reference
    /// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockPublicAccessStates.html).
    /// Anything else would be read as one of them, and a mode that blocks must never be read as
    /// one that does not.
    static let blockPublicAccessMode = oneOf(["off", "block-bidirectional", "block-ingress"])
    static let ipv6AddressAttribute = oneOf(["public", "private"])
    static let blockPublicAccessExclusionMode = oneOf(["allow-bidirectional", "allow-egress"])
    static let blockPublicAccessExclusionsAllowed = oneOf(["allowed", "not-allowed"])
    static let blockPublicAccessManagedBy = oneOf(["account", "declarative-policy"])
    static let blockPublicAccessState = oneOf(["default-state", "update-in-progress", "update-complete"])
    static let blockPublicAccessExclusionState = oneOf([
        "create-in-progress", "create-complete", "create-failed", "update-in-progress", "update-complete",
        "update-failed", "delete-in-progress", "delete-complete", "disable-in-progress", "disable-complete",
    ])
    static let blockPublicAccessExclusionID = id(
        "a VPC Block Public Access exclusion ID", "vpcbpa-exclude-", example: "vpcbpa-exclude-0a1b2c3d4e5f67890")
    static let transitGatewayRouteState = oneOf(["active", "blackhole", "pending", "deleting", "deleted"])
    /// A Lambda function's `State` and `LastUpdateStatus`, per the Lambda guide's function
    /// states (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html). Anything
    /// else would be read as Active, and a function Lambda does not invoke must never be read
    /// as one it does.
    static let lambdaState = oneOf(["Pending", "Active", "Inactive", "Failed"])
    static let lambdaLastUpdateStatus = oneOf(["Successful", "Failed", "InProgress"])
    static let transitGatewayRouteType = oneOf(["static", "propagated"])

    static let account = ValueForm(expected: "an AWS account ID (12 digits, e.g. 123456789012)") {
        AWSSyntax.isAccount($0)
    }

    /// The owner of an AWS-managed prefix list is `AWS`.
    static let prefixListOwner = ValueForm(expected: "an AWS account ID (12 digits) or \"AWS\"") {
        $0 == "AWS" || AWSSyntax.isAccount($0)
    }

    /// The owner of a group a rule refers to: an account, or an AWS service's own name
    /// (`amazon-elb` for Classic Load Balancers).
    static let groupOwner = ValueForm(
        expected: "an AWS account ID (12 digits) or an AWS service's name such as amazon-elb"
    ) { AWSSyntax.isAccount($0) || AWSSyntax.isAnyID($0) }

    static let region = ValueForm(
        expected: "an AWS region name (e.g. us-east-1, eu-central-2, us-gov-west-1, cn-north-1)"
    ) { AWSSyntax.isRegion($0) }

    static let availabilityZone = ValueForm(
        expected: "an availability zone (e.g. us-east-1a, use1-az1, us-west-2-lax-1a)"
    ) { AWSSyntax.isToken($0, maxLength: 64, allowed: .lowerID) }

    /// An availability zone ID, the same physical zone in every account: `use1-az1`.
    static let zoneID = ValueForm(expected: "an availability zone ID (e.g. use1-az1)") {
        AWSSyntax.isToken($0, maxLength: 64, allowed: .lowerID) && $0.contains("-")
    }

    /// Route 53's hosted zone IDs (`Z0155203UL4V6R2VSKS0`), also printed as `/hostedzone/Z...`.
    static let hostedZoneID = ValueForm(expected: "a hosted zone ID (e.g. Z0155203UL4V6R2VSKS0)") {
        AWSSyntax.isToken($0, maxLength: 128, allowed: .token)
    }

    /// A DNS name as Route 53 prints it: a final dot, `*` as `\052`, underscores in service
    /// labels (`_sip._tcp`).
    static let dnsName = ValueForm(expected: "a DNS name (e.g. secretsmanager.us-east-1.amazonaws.com.)") {
        AWSSyntax.isToken($0, maxLength: 1024, allowed: .dnsName)
    }

    /// Resolver rule IDs: `rslvr-rr-...`, and `rslvr-autodefined-rr-internet-resolver`.
    static let resolverRuleID = ValueForm(expected: "a Resolver rule ID (e.g. rslvr-rr-0a1b2c3d4e5f67890)") {
        $0.hasPrefix("rslvr-") && AWSSyntax.isToken($0, maxLength: 128, allowed: .lowerID)
    }

    static let resolverRuleType = oneOf(["FORWARD", "SYSTEM", "RECURSIVE"])

    /// An ARN of any service (RAM shares name subnets, resolver rules, transit gateways...).
    static let anyARN = ValueForm(expected: "an ARN (arn:PARTITION:SERVICE:...)") {
        $0.hasPrefix("arn:") && AWSSyntax.isToken($0, maxLength: 2048, allowed: .arnResource)
    }

    static let ipv4CIDR = ValueForm(expected: "an IPv4 CIDR block (e.g. 10.0.0.0/16)") {
        AWSSyntax.isIPv4CIDR($0)
    }
    static let ipv6CIDR = ValueForm(expected: "an IPv6 CIDR block (e.g. 2600:1f18:abcd:1200::/56)") {
        AWSSyntax.isIPv6CIDR($0)
    }
    /// Transit gateway routes and managed prefix lists hold either family.
    static let anyCIDR = ValueForm(expected: "an IPv4 or IPv6 CIDR block (e.g. 10.0.0.0/16 or 2600:1f18::/56)") {
        AWSSyntax.isIPv4CIDR($0) || AWSSyntax.isIPv6CIDR($0)
    }
    static let ipv4Address = ValueForm(expected: "an IPv4 address (e.g. 10.0.1.25)") {
        AWSSyntax.isIPv4Address($0)
    }
    static let ipv6Address = ValueForm(expected: "an IPv6 address (e.g. 2600:1f18:abcd:1200::10)") {
        AWSSyntax.isIPv6Address($0)
    }

    /// A name or description that AWS stores as text: anything but control characters, which
    /// no AWS name can hold and which would reach the terminal when it is printed.
    static let name = ValueForm(expected: "text without control characters") {
        !AWSSyntax.hasControlCharacter($0)
    }

    /// lambda's function names: letters, digits, `-` and `_`, at most 64.
    static let functionName = ValueForm(
        expected: "a Lambda function name (1 to 64 letters, digits, - and _)"
    ) { AWSSyntax.isToken($0, maxLength: 64, allowed: .functionName) }

    /// CloudWatch Logs log group names: letters, digits and `._-/#`, at most 512.
    static let logGroupName = ValueForm(
        expected: "a CloudWatch Logs log group name (1 to 512 letters, digits and . _ - / #)"
    ) { AWSSyntax.isToken($0, maxLength: 512, allowed: .logGroupName) }

    static let functionARN = ValueForm(
        expected: "a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
    ) { AWSSyntax.isFunctionARN($0) }

    /// CapacityProvider.State's valid values.
    static let capacityProviderState = oneOf(["Pending", "Active", "Failed", "Deleting"])

    static let capacityProviderARN = ValueForm(
        expected: "a Lambda capacity provider ARN (arn:aws:lambda:REGION:ACCOUNT:capacity-provider:NAME)"
    ) { AWSSyntax.isCapacityProviderARN($0) }

    /// An ARN of `service`, with a region and account where the service has them.
    static func arn(_ service: String) -> ValueForm {
        ValueForm(expected: "an ARN of \(service) (arn:aws:\(service):...)") { AWSSyntax.isARN($0, service: service) }
    }

    static let rdsIdentifier = ValueForm(
        expected: "an RDS identifier (1 to 63 letters, digits and hyphens, starting with a letter)"
    ) { AWSSyntax.isRDSIdentifier($0) }

    /// RDS lets subnet-group names hold spaces and periods; they are never put into a command.
    static let subnetGroupName = ValueForm(
        expected: "a DB subnet group name (1 to 255 letters, digits, spaces, '.', '_' and '-')"
    ) { AWSSyntax.isToken($0, maxLength: 255, allowed: .subnetGroupName) }

    static let hostName = ValueForm(expected: "a DNS name (letters, digits, '.' and '-')") {
        AWSSyntax.isToken($0, maxLength: 255, allowed: .hostName)
    }

    /// An endpoint service name: `com.amazonaws.us-east-1.s3`, `com.amazonaws.vpce.us-east-1.vpce-svc-...`.
    static let serviceName = ValueForm(expected: "a service name (e.g. com.amazonaws.us-east-1.s3)") {
        AWSSyntax.isToken($0, maxLength: 255, allowed: .serviceName)
    }

    /// IAM role and policy names: letters, digits and `+=,.@_-`.
    static let iamName = ValueForm(expected: "an IAM name (1 to 128 letters, digits and + = , . @ _ -)") {
        AWSSyntax.isIAMName($0, maxLength: 128)
    }

    /// IAM's unique IDs (`AROA...`) and policy version IDs (`v3`).
    static let alphanumeric = ValueForm(expected: "letters and digits only") {
        AWSSyntax.isToken($0, maxLength: 128, allowed: .alphanumeric)
    }
}

/// Byte-level checks behind `ValueForm`.
enum AWSSyntax {
    @inline(__always)
    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// `prefix` followed by 1 to 64 lower-case letters, digits and hyphens, not ending in one.
    static func isID(_ text: String, prefix: String) -> Bool {
        let bytes = text.utf8
        let prefixLength = prefix.utf8.count
        guard bytes.count > prefixLength, bytes.count <= prefixLength + 64, bytes.starts(with: prefix.utf8) else {
            return false
        }
        return isIDBody(bytes.dropFirst(prefixLength))
    }

    /// Lower-case letters, then a hyphen, then an ID body: the shape of every EC2 ID.
    static func isAnyID(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let hyphen = bytes.firstIndex(of: UInt8(ascii: "-")), hyphen != bytes.startIndex,
            bytes[..<hyphen].allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return false }
        let body = bytes[bytes.index(after: hyphen)...]
        return !body.isEmpty && body.count <= 128 && isIDBody(body)
    }

    private static func isIDBody(_ body: Substring.UTF8View) -> Bool {
        guard let first = body.first, let last = body.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else { return false }
        return body.allSatisfy(ByteSet.lowerID.contains)
    }

    /// 1 to `maxLength` bytes, each in `allowed`.
    static func isToken<Text: StringProtocol>(_ text: Text, maxLength: Int, allowed: ByteSet) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy(allowed.contains)
    }

    static func isAccount(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count == 12 && bytes.allSatisfy(isDigit)
    }

    /// A folder named as a region is (`us-east-1`), its direction one that AWS's region names
    /// use: a folder a person named `sg-proto-6` or `my-exports-1` has the region's shape but
    /// is no region, and would override what the data says. (Values in the data keep the
    /// looser `isRegion`.)
    static func isRegionFolderName(_ text: String) -> Bool {
        guard isRegion(text) else { return false }
        let parts = text.split(separator: "-")
        return directions.contains(String(parts[parts.count - 2]))
    }

    /// The directions in AWS's region names (`us-east-1`, `ap-southeast-2`, `cn-northwest-1`).
    static let directions: Set<String> = [
        "east", "west", "north", "south", "central", "northeast", "northwest", "southeast", "southwest",
    ]

    /// `us-east-1`, `us-gov-west-1`, `us-isob-east-1`, `cn-north-1`: two letters, an optional
    /// `gov` or `iso` partition marker, a direction, a number. A pattern, not a list, so that a
    /// region opened after this release still imports.
    static func isRegion<Text: StringProtocol>(_ text: Text) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4 else { return false }
        let letters = { (part: Text.UTF8View.SubSequence) in
            !part.isEmpty && part.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        }
        guard parts[0].count == 2, letters(parts[0]), letters(parts[parts.count - 2]) else { return false }
        let number = parts[parts.count - 1]
        guard (1...2).contains(number.count), number.allSatisfy(isDigit) else { return false }
        if parts.count == 4 {
            let marker = parts[1]
            guard
                marker.elementsEqual("gov".utf8)
                    || (marker.starts(with: "iso".utf8) && marker.count <= 4 && letters(marker))
            else { return false }
        }
        return true
    }

    static func isIPv4CIDR(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "/")) && IPv4CIDR(text) != nil
    }

    static func isIPv6CIDR(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "/")) && text.utf8.count <= 64
            && text.utf8.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
            && IPv6CIDR(text) != nil
    }

    static func isIPv4Address(_ text: String) -> Bool { IPv4Address(text) != nil }

    static func isIPv6Address(_ text: String) -> Bool {
        text.utf8.count <= 39 && text.utf8.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") }
            && IPv6Address(text) != nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// C0 controls, DEL and the C1 controls (U+0080-U+009F, which some terminals obey as ESC).
    static func hasControlCharacter(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return true }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            previous = byte
        }
        return false
    }

    static func isIAMName<Text: StringProtocol>(_ text: Text, maxLength: Int) -> Bool {
        isToken(text, maxLength: maxLength, allowed: .iamName)
    }

    static func isRDSIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, ByteSet.letters.contains(first) else { return false }
        return isToken(text, maxLength: 63, allowed: .rdsIdentifier)
    }

    /// The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), nil when it is
    /// not one: the partition is `aws` or `aws-...`, the region empty or a region, the account
    /// empty, 12 digits, or `aws` (AWS-managed IAM policies and prefix lists; moto prints `AWS`).
    static func arnParts(_ text: String) -> (
        service: Substring, region: Substring, account: Substring, resource: Substring
    )? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == "aws" || parts[1].hasPrefix("aws-"),
            parts[1].utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "-") }
            ),
            !parts[2].isEmpty, parts[2].utf8.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
            parts[3].isEmpty || isRegion(parts[3]),
            parts[4].isEmpty || parts[4] == "aws" || parts[4] == "AWS"
                || (parts[4].utf8.count == 12 && parts[4].utf8.allSatisfy(isDigit))
        else { return nil }
        return (parts[2], parts[3], parts[4], parts[5])
    }

    /// An ARN of `service` whose resource part holds only letters, digits and `_+=,.@/:-`.
    static func isARN(_ text: String, service: String) -> Bool {
        guard text.utf8.count <= 2048, let parts = arnParts(text), parts.service == service, !parts.resource.isEmpty
        else { return false }
        return parts.resource.utf8.allSatisfy(ByteSet.arnResource.contains)
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`.
    static func isFunctionARN(_ text: String) -> Bool {
        guard let parts = arnParts(text), parts.service == "lambda", !parts.region.isEmpty,
            parts.account.utf8.count == 12
        else { return false }
        let resource = parts.resource.split(separator: ":", omittingEmptySubsequences: false)
        guard resource.count == 2 || resource.count == 3, resource[0] == "function",
            isToken(resource[1], maxLength: 64, allowed: .functionName)
        else { return false }
        return resource.count == 2 || isToken(resource[2], maxLength: 128, allowed: .functionName)
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:capacity-provider:NAME`, NAME of letters, digits, `-`
    /// and `_` (the CapacityProvider type's pattern), at most 140 characters in all.
    static func isCapacityProviderARN(_ text: String) -> Bool {
        guard text.utf8.count <= 140, let parts = arnParts(text), parts.service == "lambda", !parts.region.isEmpty,
            parts.account.utf8.count == 12
        else { return false }
        let resource = parts.resource.split(separator: ":", omittingEmptySubsequences: false)
        return resource.count == 2 && resource[0] == "capacity-provider"
            && isToken(resource[1], maxLength: 140, allowed: .functionName)
    }

    /// What an IAM role or policy ARN is: one lambda-reach takes, one AWS could print but whose
    /// path holds characters that are unsafe in a shell (IAM paths may hold any printable
    /// ASCII), or not an IAM ARN of that kind at all.
    enum IAMARN { case valid, unsafePath, invalid }

    static func iamARN(_ text: String, kind: String) -> IAMARN {
        guard text.utf8.count <= 2048, let parts = arnParts(text), parts.service == "iam", parts.region.isEmpty,
            !parts.account.isEmpty, parts.resource.hasPrefix("\(kind)/")
        else { return .invalid }
        let path = parts.resource.dropFirst(kind.count + 1)
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard isIAMName(name, maxLength: 128) else { return .invalid }
        let pathBytes = path.utf8.dropLast(name.utf8.count)
        if pathBytes.allSatisfy(ByteSet.iamPath.contains) { return .valid }
        return pathBytes.allSatisfy { (0x21...0x7E).contains($0) } ? .unsafePath : .invalid
    }
}

/// A set of ASCII bytes as two 64-bit masks: a membership test is a shift and an AND.
struct ByteSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ ranges: [ClosedRange<UInt8>] = [], _ singles: String = "") {
        for range in ranges { for byte in range { insert(byte) } }
        for byte in singles.utf8 { insert(byte) }
    }

    private mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte & 63)) != 0
    }

    private static let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
    private static let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
    private static let digits = UInt8(ascii: "0")...UInt8(ascii: "9")

    static let letters = ByteSet([lower, upper])
    /// The body of an EC2 ID, and availability zones.
    static let lowerID = ByteSet([lower, digits], "-")
    static let token = ByteSet([lower, upper, digits], "-_.:/")
    static let functionName = ByteSet([lower, upper, digits], "-_")
    static let logGroupName = ByteSet([lower, upper, digits], "._-/#")
    static let subnetGroupName = ByteSet([lower, upper, digits], "-_. ")
    static let hostName = ByteSet([lower, upper, digits], "-.")
    static let dnsName = ByteSet([lower, upper, digits], "-._*\\")
    static let serviceName = ByteSet([lower, upper, digits], "-._")
    static let alphanumeric = ByteSet([lower, upper, digits])
    static let rdsIdentifier = ByteSet([lower, upper, digits], "-")
    static let iamName = ByteSet([lower, upper, digits], "+=,.@_-")
    static let iamPath = ByteSet([lower, upper, digits], "+=,.@_-/")
    static let arnResource = ByteSet([lower, upper, digits], "_+=,.@/:-")
}

/// A value shown in a message: quoted, with control characters and quotes escaped (the value
/// may be the very thing being refused), and cut after 80 characters.
enum Shown {
    /// `value` with each control character written as `\u{9}`: text that can be printed.
    static func escapingControlCharacters(_ value: String) -> String {
        guard AWSSyntax.hasControlCharacter(value) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func text(_ value: String) -> String {
        if value.isEmpty { return "an empty string" }
        var out = "\""
        var count = 0
        for scalar in value.unicodeScalars {
            count += 1
            if count > 80 {
                out += "..."
                break
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Fields {
    /// The string at `key`, which must have `form`.
    func string(_ key: String, _ form: ValueForm) throws -> String {
        guard let value = try optionalString(key, form) else {
            throw ShapeError(path: [key], expected: "a string, \(form.expected)", found: "nothing (the key is missing)")
        }
        return value
    }

    /// The string at `key` when there is one, which must have `form`. `emptyIsAbsent`: the
    /// CLI prints `""` for some absent values (`VpcConfig.VpcId` of a function outside a VPC).
    func optionalString(_ key: String, _ form: ValueForm, emptyIsAbsent: Bool = false) throws -> String? {
        guard let text = try optionalString(key) else { return nil }
        if emptyIsAbsent && text.isEmpty { return nil }
        guard form.accepts(text) else {
            throw ShapeError(path: [key], expected: form.expected, found: Shown.text(text))
        }
        return text
    }

    /// The strings of the array at `key` (empty when absent), each of which must have `form`.
    func strings(_ key: String, _ form: ValueForm) throws -> [String] {
        let texts = try strings(key)
        for (index, text) in texts.enumerated() where !form.accepts(text) {
            throw ShapeError(path: [key, "[\(index)]"], expected: form.expected, found: Shown.text(text))
        }
        return texts
    }

    /// The whole number at `key` when there is one, which must be in `range`.
    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try optionalInt(key) else { return nil }
        guard range.contains(number) else {
            throw ShapeError(
                path: [key], expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
                found: "\(number)")
        }
        return number
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int {
        guard let number = try optionalInt(key, in: range) else {
            throw ShapeError(
                path: [key], expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
                found: "nothing (the key is missing)")
        }
        return number
    }
}
