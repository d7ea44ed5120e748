"""Make ElastiCache users and user groups by hand, as a team would have before Pulumi: the account that
this example adopts. Uses plain boto3 and the standard AWS environment (``AWS_ENDPOINT_URL_ELASTICACHE``
for the emulator, ``AWS_REGION``).

    python make_account.py
"""

from __future__ import annotations

import os

import boto3

PASSWORD = "hand-made-password-0123456789"  # a demo password for the emulator only


def main() -> None:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    c = boto3.client("elasticache", region_name=region)
    c.create_user(
        UserId="shop-writer",
        UserName="shop-writer",
        Engine="redis",
        AccessString="on ~shop:* -@all +@read +@write",
        AuthenticationMode={"Type": "password", "Passwords": [PASSWORD]},
        Tags=[{"Key": "team", "Value": "shop"}],
    )
    c.create_user(
        UserId="shop-reader",
        UserName="shop-reader",
        Engine="redis",
        AccessString="on ~shop:* -@all +@read",
        AuthenticationMode={"Type": "iam"},
    )
    c.create_user(
        UserId="shop-default",
        UserName="default",
        Engine="redis",
        AccessString="off -@all",
        AuthenticationMode={"Type": "no-password-required"},
    )
    c.create_user_group(
        UserGroupId="shop",
        Engine="redis",
        UserIds=["shop-default", "shop-writer", "shop-reader"],
        Tags=[{"Key": "team", "Value": "shop"}],
    )
    c.create_user_group(UserGroupId="ops", Engine="redis", UserIds=["default", "shop-reader"])
    for user in c.describe_users()["Users"]:
        print(f"user  {user['UserId']:<14} name={user['UserName']:<12} auth={user['Authentication']['Type']}")
    for group in c.describe_user_groups()["UserGroups"]:
        print(f"group {group['UserGroupId']:<14} members={', '.join(group['UserIds'])}")


if __name__ == "__main__":
    main()
