"""Schemathesis hooks for the contract gate (scripts/schemathesis.sh).

- The session: every request carries a bearer token of 张伟明, the seeded customer the
  contract's examples are about. Tokens are made the way the portal in WeChat makes them
  (the simulated authorize page, then `POST /auth/wechat`), because sign-out is one of the
  operations under test: `DELETE /auth/session` gets a token of its own, made for it, and
  any other request that meets a 401 gets a new one (schemathesis retries it once).
  `DELETE /auth/wechat` (unlink) and `DELETE /accounts/{account_no}/binding` (unbind) are sent
  as 王建国, the customer of the unbind example (3210000004), whose WeChat was never linked: they
  are exercised without cutting the WeChat link the tokens come from, or unbinding the account
  the other examples are about.
- The gate's own requests come from 127.0.0.2, another client than the one under test
  (127.0.0.1): the fuzzing of sign-in meets the server's per-address limits (429, as the
  contract says), and the gate's sign-ins are not throttled for it. No limit is relaxed.
- A well-formed `Idempotency-Key` is replaced by one no request used before, as each press of
  a button makes a new one: otherwise the example's key, sent with every generated body, would
  be refused as reused (422 `idempotency_key_reused`, rightly) and the bookings, payments and
  ratings behind it never reached. Malformed keys are sent as generated.
- Fault rules put by `PUT /demo/faults` (the demo switchboard under test) are cleared at
  once, so a random rule does not break the requests after it.
- One check of our own, `refusals_are_stated_or_stateful`: see its docstring.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import schemathesis

BASE = urlsplit(os.environ["CONTRACT_GATE_URL"])  # http://127.0.0.1:PORT/api/v1
PORTAL = os.environ["CONTRACT_GATE_PORTAL"]  # the server's public origin, where WeChat may send the code
WECHAT_COOKIE = os.environ["CONTRACT_GATE_WECHAT_COOKIE"]  # sim_wechat_openid=… linked to 张伟明
OTHER_TOKEN = os.environ["CONTRACT_GATE_OTHER_TOKEN"]  # 王建国 (3210000004), no WeChat link
GATE_SOURCE = ("127.0.0.2", 0)


def _request(method: str, path: str, body: object | None = None, headers: dict | None = None):
    """One request of the gate's own, from the gate's address: (status, response, parsed JSON body)."""
    connection = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=10, source_address=GATE_SOURCE)
    try:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"content-type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        connection.request(method, BASE.path + path, body=data, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        parsed = json.loads(raw) if raw and response.getheader("content-type", "").startswith("application/json") else None
        return response.status, response, parsed
    finally:
        connection.close()


def new_session() -> str:
    """A new session of 张伟明, from his linked WeChat: authorize, then exchange the code."""
    query = urlencode(
        {
            "appid": "wx-demo-appid",
            "redirect_uri": PORTAL,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": "gate",
        }
    )
    status, response, _ = _request("GET", f"/demo/wechat/authorize?{query}", headers={"cookie": WECHAT_COOKIE})
    if status != 302:
        raise RuntimeError(f"the simulated WeChat authorize page answered {status}")
    code = parse_qs(urlsplit(response.getheader("location")).query)["code"][0]
    status, _, answer = _request("POST", "/auth/wechat", {"code": code})
    if status != 200 or answer.get("status") != "signed_in":
        raise RuntimeError(f"the WeChat sign-in answered {status} {answer}")
    return answer["session"]["token"]


def _is(case, method: str, path: str) -> bool:
    return case.operation.method.upper() == method and case.operation.path == path


@schemathesis.auth(retry_on=[401])
class Session:
    def get(self, case, context):
        return new_session()

    def set(self, case, token, context):
        if _is(case, "DELETE", "/auth/session"):
            token = new_session()
        elif _is(case, "DELETE", "/auth/wechat") or _is(case, "DELETE", "/accounts/{account_no}/binding"):
            token = OTHER_TOKEN
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
_fresh_keys = itertools.count(1)


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers
    if not isinstance(headers, dict):
        return
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and _KEY.fullmatch(value):
            headers[name] = f"gate-{next(_fresh_keys)}"


@schemathesis.hook
def after_call(context, case, response):
    if _is(case, "PUT", "/demo/faults") and 200 <= response.status_code < 300:
        status, _, _ = _request("DELETE", "/demo/faults")
        if status != 204:
            raise RuntimeError(f"DELETE /demo/faults answered {status}")


# What a refusal's fields may say about a request the schema allows (api/openapi.yaml's
# conventions): `out_of_range` is a value outside what the state it meets allows — a date
# outside today's booking window, a service the hall does not offer, a reason code of another
# kind — or outside a range the schema states, which a valid request never is. The other field
# codes (`required`, `invalid_format`, `too_long`) are rules of shape, which the schema must state.
STATEFUL_FIELD_CODES = {"out_of_range"}


@schemathesis.check
def refusals_are_stated_or_stateful(ctx, response, case):
    """A request the schema allows is refused only for reasons the schema cannot state.

    Schemathesis' `positive_data_acceptance` takes every 422 to valid data as a failure. This
    API answers 422 for two things: a request that breaks a rule of shape (`validation_failed`
    naming `required`, `invalid_format` or `too_long`), which the schema must state, and a
    well-formed request refused for the state it meets — a wrong SMS code, a holder name that
    does not match, a transaction not paid yet, a date outside today's window (refusal codes
    such as `code_invalid`, `holder_mismatch`, `not_rateable`, or `validation_failed` whose
    every field is `out_of_range`). The gate lets `positive_data_acceptance` accept 422 and
    checks it here instead: the first kind stays a failure.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        body = response.json()
    except ValueError:
        raise AssertionError("a 422 without the contract's JSON error body")
    if body.get("code") != "validation_failed":
        return None
    shape = [f for f in body.get("fields", []) if f.get("code") not in STATEFUL_FIELD_CODES]
    if shape:
        named = ", ".join(f"{f.get('field')} ({f.get('code')}: {f.get('message')})" for f in shape)
        raise AssertionError(f"Valid data was refused for its shape, which the schema does not state: {named}")
    return None
