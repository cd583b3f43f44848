#!/usr/bin/env python3
"""Expand a SAM template the way `sam deploy` does, with aws-sam-translator (the test oracle of
lambda-reach's own SAM expansion), and print the resulting CloudFormation template as JSON.

Usage: sam_translate.py TEMPLATE [KEY=VALUE ...]   (parameter values)

No AWS call is made: the managed policies a SAM template may name are resolved from the
translator's own bundled list of AWS managed policies. Exits 77 when aws-sam-translator is
missing (the test then skips, or fails with CI=true)."""
import json
import os
import sys

# SAM reads the pseudo parameters' region from the session: the fixtures' region.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError as error:  # pragma: no cover - the test reports what to install
    print(f"aws-sam-translator is not installed: {error}", file=sys.stderr)
    sys.exit(77)


class BundledPolicies:
    """The translator's bundled map of AWS managed policy names to ARNs, instead of IAM."""

    def __init__(self):
        import importlib.resources
        import samtranslator

        path = importlib.resources.files(samtranslator) / "internal" / "data" / "aws_managed_policies.json"
        with path.open() as handle:
            self.policies = json.load(handle)

    def load(self):
        return self.policies.get("aws", self.policies)


def main():
    with open(sys.argv[1]) as handle:
        # The SAM CLI keeps an unquoted date (`AWSTemplateFormatVersion: 2010-09-09`) as text.
        template = plain(yaml_parse(handle.read()))
    # What `sam package` does first: a local CodeUri or ContentUri becomes an S3 location.
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri"):
            if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                properties[key] = "s3://lambda-reach-fixtures/" + properties[key].strip("./")
    parameters = dict(argument.split("=", 1) for argument in sys.argv[2:])
    # The pseudo parameters SAM reads from the session: the fixtures' account and region.
    parameters.setdefault("AWS::Region", "us-east-1")
    parameters.setdefault("AWS::AccountId", "123456789012")
    parameters.setdefault("AWS::Partition", "aws")
    expanded = transform(template, parameters, BundledPolicies())
    json.dump(plain(expanded), sys.stdout, indent=1, sort_keys=True)


def plain(value):
    """The value with YAML's dates (an unquoted `Version: 2012-10-17`) as the text they were."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


if __name__ == "__main__":
    main()
