"""Schemathesis hooks for the gateway fuzz step (scripts/fuzz.sh).

Scalars: strategies for meshgate's DateTime and JSON, so every operation is
generated. Checks: what the gateway promises of every answer, whatever the
input: no 5xx, no unexpected (masked INTERNAL) error, no null in a non-null
field, and no stack trace or source path in the body. Schemathesis' own
`not_a_server_error` is not used: for GraphQL it also fails on resolver errors
the API documents (NOT_FOUND, CONFLICT, FORBIDDEN), which are correct answers.
"""

import datetime
import json
import re

import graphql

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

_instants = st.datetimes(timezones=st.just(datetime.timezone.utc)).map(lambda d: d.isoformat().replace("+00:00", "Z"))
schemathesis.graphql.scalar("DateTime", st.one_of(_instants, st.text(max_size=30)).map(nodes.String))

_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=20))
_json = st.recursive(_json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,7}\Z"), inner, max_size=3)), max_leaves=8)


def _literal(value):
    """A JSON value as a GraphQL literal: objects and lists as such, so resolvers see every JSON shape."""
    if value is None:
        return nodes.Null
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([_literal(v) for v in value])
    return nodes.Object([graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_literal(v)) for k, v in value.items()])


schemathesis.graphql.scalar("JSON", _json.map(_literal))

# A V8 stack frame (`    at fn (file:line:col)`), a `stack`/`stacktrace` key, or a path into the sources.
STACK_TRACE = re.compile(r"\n\s*at \S.*:\d+:\d+|\"(stack|stacktrace|exception)\"\s*:|\bat (async )?[\w.<>]+ \(|[\w/.-]+\.(ts|js|mjs|cjs):\d+", re.IGNORECASE)
UNEXPECTED_CODES = {"INTERNAL", "INTERNAL_SERVER_ERROR"}


@schemathesis.check
def meshgate_no_server_error(ctx, response, case):
    """Fails on a 5xx, an unexpected (INTERNAL) error, or a null in a non-null field."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        payload = json.loads(response.text)
    except ValueError:
        return None
    for error in payload.get("errors") or [] if isinstance(payload, dict) else []:
        code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
        message = error.get("message", "") if isinstance(error, dict) else ""
        if code in UNEXPECTED_CODES:
            raise AssertionError(f"unexpected error ({code}): {message}")
        if "Cannot return null for non-nullable field" in message:
            raise AssertionError(f"schema violation: {message}")
    return None


@schemathesis.check
def meshgate_no_stack_trace(ctx, response, case):
    """Fails when the body shows a stack trace, a `stack` key or a source path."""
    match = STACK_TRACE.search(response.text)
    if match:
        raise AssertionError(f"stack trace in the response near {response.text[max(0, match.start() - 80):match.end() + 80]!r}")
    return None
