"""Query-protocol parsing and XML rendering driven by botocore's model."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from elasticache_emulator.exceptions import InvalidQueryParameter, UserNotFound
from elasticache_emulator.request_log import redact
from elasticache_emulator.responses import NAMESPACE, parse_query, render_error, render_result, service_model


def _input(op: str):  # type: ignore[no-untyped-def]
    return service_model().operation_model(op).input_shape


def test_members_tags_and_authentication_mode() -> None:
    params = {
        "UserId": "u1",
        "Passwords.member.1": "p1",
        "Passwords.member.2": "p2",
        "AuthenticationMode.Type": "password",
        "AuthenticationMode.Passwords.member.1": "p3",
        "NoPasswordRequired": "false",
        "Tags.Tag.1.Key": "k",
        "Tags.Tag.1.Value": "v",
        "Tags.Tag.2.Key": "only-key",
    }
    parsed = parse_query(params, _input("CreateUser"))
    assert parsed["Passwords"] == ["p1", "p2"]
    assert parsed["AuthenticationMode"] == {"Type": "password", "Passwords": ["p3"]}
    assert parsed["NoPasswordRequired"] is False
    assert parsed["Tags"] == [{"Key": "k", "Value": "v"}, {"Key": "only-key"}]


def test_nested_filter_values_and_integers() -> None:
    params = {
        "Filters.member.1.Name": "UserId",
        "Filters.member.1.Values.member.1": "a",
        "Filters.member.1.Values.member.2": "b",
        "MaxRecords": "50",
    }
    parsed = parse_query(params, _input("DescribeUsers"))
    assert parsed == {"Filters": [{"Name": "UserId", "Values": ["a", "b"]}], "MaxRecords": 50}


def test_empty_list_is_sent_as_bare_key() -> None:
    parsed = parse_query({"ReplicationGroupId": "rg", "UserGroupIdsToAdd": ""}, _input("ModifyReplicationGroup"))
    assert parsed["UserGroupIdsToAdd"] == []


def test_bad_scalar_type_is_rejected() -> None:
    with pytest.raises(InvalidQueryParameter, match="MaxRecords"):
        parse_query({"MaxRecords": "many"}, _input("DescribeUsers"))


def test_result_xml_has_wrapper_namespace_and_member_lists() -> None:
    op = service_model().operation_model("DescribeUserGroups")
    body = render_result(op, {"UserGroups": [{"UserGroupId": "g", "UserIds": ["default"]}]}, "rid")
    root = ET.fromstring(body)
    ns = {"e": NAMESPACE}
    assert root.tag == f"{{{NAMESPACE}}}DescribeUserGroupsResponse"
    assert root.find("e:DescribeUserGroupsResult/e:UserGroups/e:member/e:UserIds/e:member", ns).text == "default"  # type: ignore[union-attr]
    assert root.find("e:ResponseMetadata/e:RequestId", ns).text == "rid"  # type: ignore[union-attr]


def test_error_xml() -> None:
    root = ET.fromstring(render_error(UserNotFound("User u1 not found."), "rid"))
    ns = {"e": NAMESPACE}
    assert root.find("e:Error/e:Code", ns).text == "UserNotFound"  # type: ignore[union-attr]
    assert root.find("e:Error/e:Type", ns).text == "Sender"  # type: ignore[union-attr]
    assert root.find("e:RequestId", ns).text == "rid"  # type: ignore[union-attr]


def test_redaction_of_secrets() -> None:
    params = {"Passwords.member.1": "x", "AuthenticationMode.Passwords.member.1": "y", "AuthToken": "z", "UserId": "u"}
    assert redact(params) == {
        "Passwords.member.1": "***",
        "AuthenticationMode.Passwords.member.1": "***",
        "AuthToken": "***",
        "UserId": "u",
    }
