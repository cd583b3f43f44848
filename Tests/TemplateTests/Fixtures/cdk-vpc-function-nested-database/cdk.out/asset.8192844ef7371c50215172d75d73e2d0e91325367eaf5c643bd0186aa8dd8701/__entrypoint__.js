// placeholder for the restrict-default-security-group handler bundled by aws-cdk-lib
