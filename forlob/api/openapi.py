# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the API adds to the schema django-ninja makes from the routers, so an integrator can trust
it: every status any operation can answer, with its body; the rule every id in a body follows; and
OpenAPI links from each operation that creates something to the operations that take its id."""

import re
from typing import Any

from forlob.common.api import Errors, Message

# What any operation can answer besides its own statuses, before or around it running.
EVERY_OPERATION = {
    "400": "The body is not JSON, or the address has a NUL character, a token or a CPR number in it.",
    "401": "No valid API token or session.",
    "403": "The user's roles, or a read-only token, do not allow this.",
    "404": "Not found among the user's units.",
    "429": "Too many refused requests in a short time; wait and try again.",
    "503": "The database could not be reached; nothing was saved. Try again after Retry-After seconds.",
}
INVALID = "The request breaks the schema or one of the operation's rules; each error names the field."
METHODS = ("get", "put", "post", "patch", "delete")
PREFIX = "forlob_api_routes_"


def _ref(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in schema["paths"].values() for method, op in item.items() if method in METHODS]


def _body_schema(schema: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    return _resolved(schema, body)


def _resolved(schema: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in part:
        return schema["components"]["schemas"][part["$ref"].rsplit("/", 1)[1]]
    return part


def _add_statuses(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Message", Message.model_json_schema(ref_template="#/components/schemas/{model}"))
    components.setdefault("Errors", Errors.model_json_schema(ref_template="#/components/schemas/{model}"))
    components["Errors"].pop("$defs", None)
    components.setdefault("ErrorItem", Errors.model_json_schema()["$defs"]["ErrorItem"])
    for op in _operations(schema):
        # django-ninja keys the statuses by int; JSON has only text keys, and the two would clash here.
        responses = op["responses"] = {str(status): answer for status, answer in op.get("responses", {}).items()}
        for status, description in EVERY_OPERATION.items():
            responses.setdefault(status, {"description": description, "content": _ref("Message")})
        responses["503"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        if op.get("parameters") or op.get("requestBody"):
            responses.setdefault("422", {"description": INVALID, "content": _ref("Errors")})
        for status, response in responses.items():
            if status in EVERY_OPERATION or status == "422":
                response["description"] = EVERY_OPERATION.get(status, INVALID)


ID_RULE = "Must name an existing, active record the user may use."
VERSION_RULE = "Refused when the record has changed since this version was read (sent back with the answer)."


def _add_common_rules(schema: dict[str, Any]) -> None:
    """Rules no schema can state, shared by every body that has the field: an id must name a record
    the user may use, and a version must still be the record's."""
    for op in _operations(schema):
        fields = _body_schema(schema, op).get("properties", {})
        found = [(name, ID_RULE) for name in fields if re.search(r"_ids?$", name)]
        if "version" in fields:
            found.append(("version", VERSION_RULE))
        if found:
            listed = op.setdefault("x-business-rules", [])
            known = {rule["field"] for rule in listed}
            listed += [{"field": name, "rule": rule} for name, rule in found if name not in known]


def _rules_in_description(schema: dict[str, Any]) -> None:
    """The rules, also in words, where a reader of the docs page sees them."""
    for op in _operations(schema):
        listed = op.get("x-business-rules")
        if listed:
            lines = [f"- `{rule['field'] or 'request'}`: {rule['rule']}" for rule in listed]
            intro = "Refused with 422, naming the field, when a rule is broken:"
            op["description"] = "\n\n".join(filter(None, [op.get("description", ""), intro, "\n".join(lines)]))


def _id_name(ref: str) -> str:
    """``CourseOut`` -> ``course_id``: the path parameter that takes what the operation made."""
    name = ref.rsplit("/", 1)[1].removesuffix("Out")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "_id"


def _path_params(op: dict[str, Any]) -> list[str]:
    return [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]


def _add_links(schema: dict[str, Any]) -> None:
    """From each 201 to every operation whose path parameters it can fill: the new id, a field of
    the answer with the parameter's name, or a parameter of the creating request itself."""
    operations = _operations(schema)
    for source in operations:
        created = source.get("responses", {}).get("201", {})
        ref = created.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if not ref:
            continue
        new_id = _id_name(ref)
        fields = _resolved(schema, {"$ref": ref}).get("properties", {})
        own = _path_params(source)
        links = {}
        for target in operations:
            params = _path_params(target)
            if new_id not in params or target is source:
                continue
            values = {}
            for param in params:
                if param == new_id:
                    values[param] = "$response.body#/id"
                elif param in fields:
                    values[param] = f"$response.body#/{param}"
                elif param in own:
                    values[param] = f"$request.path.{param}"
            if len(values) == len(params):
                links[target["operationId"].removeprefix(PREFIX)] = {
                    "operationId": target["operationId"],
                    "parameters": values,
                }
        if links:
            created["links"] = links


NO_NUL = r"^[^\x00]*$"


def _no_nul_in_text(part: object) -> None:
    """Every text the API takes refuses a NUL character (PostgreSQL cannot store one), the keys of
    a map too: each string schema that no enum, format or pattern bounds already says so."""
    if isinstance(part, list):
        for item in part:
            _no_nul_in_text(item)
    elif isinstance(part, dict):
        if part.get("type") == "string" and not part.keys() & {"enum", "format", "pattern", "const"}:
            part["pattern"] = NO_NUL
        if part.get("type") == "object" and not part.keys() & {"properties", "patternProperties"}:
            part.setdefault("propertyNames", {"pattern": NO_NUL})
        for value in part.values():
            _no_nul_in_text(value)


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with statuses, rules and links added; changed in place and returned."""
    _add_statuses(schema)
    _add_common_rules(schema)
    _rules_in_description(schema)
    _add_links(schema)
    _no_nul_in_text(schema["components"])
    _no_nul_in_text([op.get("parameters", []) for op in _operations(schema)])
    return schema
