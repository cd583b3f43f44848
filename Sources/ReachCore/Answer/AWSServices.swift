/// The names AWS gives its service APIs, as `lambda-reach query --to aws:SERVICE` takes them: what follows
/// `com.amazonaws.<region>.` in the name of an AWS-owned VPC endpoint service (`secretsmanager`, `ecr.dkr`,
/// `sagemaker.runtime`, `kms-fips`, ...), and the endpoint prefixes of the AWS APIs that have no such endpoint
/// service in a region but that a function may still call (`cloudfront`, `support`, `es`, `iot`, ...).
///
/// The set is there to reject a `--to` that names no AWS service (`aws:notaservice`, the typo
/// `aws:secretmanager`) and to offer the close names; it is not a list of what a region offers. It was put
/// together in 2026-12 from:
/// - the AWS PrivateLink Guide, "AWS services that integrate with AWS PrivateLink",
///   https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html, its page on
///   cross-Region enabled services, and the services' own endpoint pages, e.g.
///   https://docs.aws.amazon.com/kms/latest/developerguide/vpce-create-endpoint.html,
///   https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html,
///   https://docs.aws.amazon.com/mwaa/latest/userguide/security-privatelink.html;
/// - the AWS CDK's `InterfaceVpcEndpointAwsService` and `GatewayVpcEndpointAwsService`,
///   https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts, the names it
///   puts after `com.amazonaws.<region>.` (or, for the global `iam`, `savingsplans` and
///   `s3-global.accesspoint`, after `com.amazonaws.`; `route53` is global too);
/// - `aws ec2 describe-vpc-endpoint-services` in us-east-1 in 2020, the corpus snapshot
///   `Tests/ReachInventoryTests/Fixtures/corpus/batfish-test-vpc-endpoint-gateway/aws_configs/us-east-1/`
///   `VpcEndpointServices.json`;
/// - botocore's endpoint data, https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json (the
///   `aws` partition's service keys), leaving out the dotted host forms (`api.ecr`, `runtime.sagemaker`, ...) and
///   the prefixes that spell differently an API whose endpoint service is listed (`kinesis` for `kinesis-streams`,
///   `firehose` for `kinesis-firehose`, `codeartifact` for `codeartifact.api`, `s3-control` for `s3`, ...).
///
/// Endpoint services of AWS Marketplace sellers and partners are not here, nor, by their endpoint service
/// name, AWS services named outside `com.amazonaws.` (`aws.sagemaker.<region>.notebook`,
/// `aws.api.<region>.qbusiness`, ...). AWS adds services every month: a name that is not here can still be
/// asked in the full form, `aws:com.amazonaws.REGION.NAME`.
public enum AWSServices {
    /// The service names, lowercase: what follows `com.amazonaws.<region>.`, or the name of a global API.
    public static let names: Set<String> = [
        "access-analyzer", "account", "acm", "acm-fips", "acm-pca", "acm-pca-fips", "agreement-marketplace",
        "airflow-fips.api", "airflow-fips.env", "airflow.api", "airflow.api-fips", "airflow.env", "airflow.env-fips",
        "airflow.ops", "amplify", "amplifybackend", "amplifyuibuilder", "analytics-omics", "aoss", "apigateway",
        "app-integrations", "appconfig", "appconfig-fips", "appconfigdata", "appconfigdata-fips", "appflow",
        "application-autoscaling", "application-signals", "applicationinsights", "appmesh",
        "appmesh-envoy-management", "apprunner", "apprunner.requests", "appstream.api", "appstream.streaming",
        "appsync", "appsync-api", "apptest", "aps", "aps-workspaces", "arc-zonal-shift", "arsenal-discovery",
        "athena", "auditmanager", "autoscaling", "autoscaling-plans", "awsconnector", "b2bi", "backup",
        "backup-gateway", "batch", "bcm-pricing-calculator", "bedrock", "bedrock-agent", "bedrock-agent-runtime",
        "bedrock-agentcore", "bedrock-agentcore.gateway", "bedrock-data-automation", "bedrock-data-automation-fips",
        "bedrock-data-automation-runtime", "bedrock-data-automation-runtime-fips", "bedrock-fips", "bedrock-mantle",
        "bedrock-runtime", "bedrock-runtime-fips", "billing", "billingconductor", "braket", "budgets", "cases",
        "cassandra", "cassandra-fips", "ce", "chime", "cleanrooms", "cleanrooms-ml", "cloud9", "cloudcontrolapi",
        "cloudcontrolapi-fips", "clouddirectory", "cloudformation", "cloudfront", "cloudhsm", "cloudhsmv2",
        "cloudsearch", "cloudtrail", "cloudtrail-data", "codeartifact.api", "codeartifact.repositories", "codebuild",
        "codebuild-fips", "codecatalyst", "codecatalyst.git", "codecatalyst.packages", "codecommit",
        "codecommit-fips", "codeconnections.api", "codedeploy", "codedeploy-commands-secure", "codeguru-profiler",
        "codeguru-reviewer", "codepipeline", "codestar-connections.api", "codestar-notifications", "codewhisperer",
        "cognito-identity", "cognito-identity-fips", "cognito-idp", "cognito-idp-fips", "cognito-sync", "comprehend",
        "comprehendmedical", "compute-optimizer", "config", "connect", "connect-campaigns", "console", "contact-lens",
        "control-storage-omics", "controlcatalog", "controltower", "cost-optimization-hub", "cur",
        "data-servicediscovery", "data-servicediscovery-fips", "databrew", "dataexchange", "datapipeline", "datasync",
        "datazone", "dax", "deadline.management", "deadline.scheduling", "deviceadvisor.iot", "devicefarm",
        "devops-guru", "dicom-medical-imaging", "directconnect", "discovery", "dlm", "dms", "dms-fips", "drs", "ds",
        "ds-data", "dsql", "dynamodb", "dynamodb-fips", "dynamodb-streams", "ebs", "ec2", "ec2-fips", "ec2messages",
        "ecr-public.api", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-fips", "ecs-telemetry", "eks", "eks-auth",
        "elastic-inference.runtime", "elasticache", "elasticache-fips", "elasticbeanstalk", "elasticbeanstalk-health",
        "elasticfilesystem", "elasticfilesystem-fips", "elasticloadbalancing", "elasticmapreduce", "email",
        "email-fips", "email-smtp", "emr-containers", "emr-serverless", "emr-serverless-services.livy",
        "emr-serverless.dashboard", "emrwal.prod", "entityresolution", "es", "events", "evidently",
        "evidently-dataplane", "execute-api", "finspace", "finspace-api", "fis", "fms", "forecast", "forecast-fips",
        "forecastquery", "forecastquery-fips", "frauddetector", "fsx", "fsx-fips", "gamelift", "gameliftstreams",
        "geo.geofencing", "geo.maps", "geo.metadata", "geo.places", "geo.routes", "geo.tracking", "git-codecommit",
        "git-codecommit-fips", "glacier", "globalaccelerator", "glue", "glue.dashboard", "grafana",
        "grafana-workspace", "greengrass", "groundstation", "guardduty", "guardduty-data", "guardduty-data-fips",
        "guardduty-fips", "health", "healthlake", "iam", "identity-chime", "identitystore", "imagebuilder",
        "importexport", "inspector", "inspector-scan", "inspector2", "internetmonitor", "internetmonitor-fips",
        "invoicing", "iot", "iot.credentials", "iot.data", "iot.fleethub.api", "iotfleetwise", "iotroborunner",
        "iotsitewise.api", "iotsitewise.data", "iotthingsgraph", "iottwinmaker.api", "iottwinmaker.data",
        "iotwireless.api", "ivs", "ivschat", "ivsrealtime", "kafka", "kafka-fips", "kafkaconnect", "kendra",
        "kendra-ranking", "kinesis-firehose", "kinesis-streams", "kinesis-streams-fips", "kinesisanalytics",
        "kinesisanalytics-fips", "kinesisvideo", "kms", "kms-fips", "lakeformation", "lambda", "launchwizard",
        "license-manager", "license-manager-fips", "license-manager-linux-subscriptions",
        "license-manager-linux-subscriptions-fips", "license-manager-user-subscriptions", "lightsail", "logs",
        "lookoutequipment", "lookoutmetrics", "lookoutvision", "lorawan.cups", "lorawan.lns", "m2", "machinelearning",
        "macie2", "mail-manager", "mail-manager-fips", "managedblockchain", "managedblockchain-query",
        "managedblockchain.bitcoin.mainnet", "managedblockchain.bitcoin.testnet", "marketplacecommerceanalytics",
        "media-pipelines-chime", "mediaconnect", "mediaconvert", "medialive", "mediapackage", "mediapackage-vod",
        "mediapackagev2", "mediastore", "medical-imaging", "meetings-chime", "memory-db", "memorydb-fips",
        "messaging-chime", "mgh", "mgn", "migrationhub-orchestrator", "migrationhub-strategy", "mobileanalytics",
        "models-v2-lex", "monitoring", "mq", "mturk-requester", "neptune-graph", "neptune-graph-data",
        "neptune-graph-fips", "network-firewall", "network-firewall-fips", "networkflowmonitor",
        "networkflowmonitorreports", "networkmanager", "networkmonitor", "nimble", "notifications",
        "notifications-contacts", "nova-act", "oam", "observabilityadmin", "oidc", "organizations",
        "organizations-fips", "osis", "outposts", "panorama", "partnercentral-channel",
        "payment-cryptography.controlplane", "payment-cryptography.dataplane", "pca-connector-ad",
        "pca-connector-scep", "pcs", "pcs-fips", "personalize", "personalize-events", "personalize-runtime", "pi",
        "pi-fips", "pinpoint", "pinpoint-sms-voice-v2", "pipes", "pipes-data", "pipes-fips", "polly", "pricing.api",
        "private-networks", "profile", "proton", "q", "qapps", "qbusiness", "qldb.session", "quicksight",
        "quicksight-website", "ram", "rbin", "rds", "rds-data", "redshift", "redshift-data", "redshift-data-fips",
        "redshift-fips", "redshift-serverless", "redshift-serverless-fips", "refactor-spaces", "rekognition",
        "rekognition-fips", "repostspace", "resiliencehub", "resource-explorer-2", "resource-groups",
        "resource-groups-fips", "robomaker", "rolesanywhere", "route53", "route53-recovery-control-config",
        "route53domains", "route53profiles", "route53resolver", "rum", "rum-dataplane", "runtime-medical-imaging",
        "runtime-v2-lex", "s3", "s3-fips", "s3-global.accesspoint", "s3-outposts", "s3express", "s3tables",
        "s3vectors", "sagemaker-data-science-assistant", "sagemaker-geospatial", "sagemaker.api",
        "sagemaker.api-fips", "sagemaker.featurestore-runtime", "sagemaker.metrics", "sagemaker.runtime",
        "sagemaker.runtime-fips", "savingsplans", "scheduler", "schemas", "scn", "sdb", "secretsmanager",
        "secretsmanager-fips", "securityhub", "securitylake", "securitylake-fips", "serverlessrepo",
        "service.user-subscriptions", "servicecatalog", "servicecatalog-appregistry", "servicediscovery",
        "servicediscovery-fips", "servicequotas", "shield", "shield-fips", "signer", "signin", "simspaceweaver",
        "sms", "sms-fips", "snow-device-management", "snowball", "sns", "social-messaging", "sqs", "sqs-fips", "ssm",
        "ssm-contacts", "ssm-fips", "ssm-incidents", "ssm-quicksetup", "ssm-sap", "ssmmessages", "sso", "states",
        "storage-omics", "storagegateway", "streaming-rekognition", "streaming-rekognition-fips", "sts", "sts-fips",
        "support", "supportapp", "swf", "swf-fips", "sync-states", "synthetics", "synthetics-fips", "tagging",
        "tags-omics", "tax", "textract", "textract-fips", "thinclient.api", "timestream-influxdb",
        "timestream-influxdb-fips", "tnb", "transcribe", "transcribestreaming", "transfer", "transfer.server",
        "translate", "trustedadvisor", "verifiedpermissions", "voice-chime", "voiceid", "vpc-lattice", "waf",
        "waf-regional", "wafv2", "wafv2-fips", "wellarchitected", "wisdom", "workdocs", "workflows-omics", "workmail",
        "workspaces", "workspaces-web", "workspaces-web-fips", "xray",
    ]
}
