"""Driving the real Bolt app over HTTP: signed requests, the workspace users, the replies."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.oauth.installation_store import Installation

from tests.fakes.slack_api import FakeSlack


def bot_environment(*, home: str, url: str, api_url: str, port: int) -> dict[str, str]:
    """The whole environment of a `mentorbot run` subprocess serving Slack over HTTP on
    `port`, against the fake Slack at `api_url`. A run under libfaketime (`faketime -f
    +365d make test`, the suite with the system clock moved) hands it to the bot too, as a
    moved system clock would: the bot checks signatures, so a clock apart is a stale request."""
    return {
        **{k: v for k, v in os.environ.items() if k == "LD_PRELOAD" or k.startswith("FAKETIME")},
        "PATH": os.environ.get("PATH", ""),
        "HOME": home,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "PORT": str(port),
        "LOG_FORMAT": "json",
    }


def installation(team: str, token: str) -> Installation:
    return Installation(
        app_id="A1",
        enterprise_id=None,
        team_id=team,
        team_name=f"team {team}",
        bot_token=token,
        bot_id=f"B{team}",
        bot_user_id=f"UBOT{team}",
        bot_scopes="commands,chat:write",
        user_id="U1",
        installed_at=datetime(2026, 11, 28, 12, tzinfo=UTC).timestamp(),
    )


SECRET = "test-signing-secret-not-real"


TOKEN = "xoxb-test-token-not-real"


USERS = {
    "U1": {
        "id": "U1",
        "team_id": "T1",
        "name": "alice",
        "real_name": "Alice",
        "tz": "Europe/Berlin",
        "is_admin": False,
        "profile": {"display_name": "alice"},
    },
    "U2": {
        "id": "U2",
        "team_id": "T1",
        "name": "bob",
        "real_name": "Bob",
        "tz": "Asia/Kolkata",
        "is_admin": True,
        "profile": {"display_name": "bob"},
    },
    "U3": {
        "id": "U3",
        "team_id": "T2",
        "name": "chen",
        "real_name": "Chen",
        "tz": "America/New_York",
        "is_admin": False,
        "profile": {"display_name": "chen"},
    },
}


def sign(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


@dataclass
class SlackDriver:
    """Sends signed requests to the Bolt app, as Slack would."""

    url: str
    http: aiohttp.ClientSession
    slack: FakeSlack
    responses: int = 0
    events: int = 0

    def next_response_url(self) -> str:
        self.responses += 1
        return self.slack.response_url(f"r{self.responses}")

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with self.http.post(self.url, data=body.encode(), headers=headers) as resp:
            text = await resp.text()
            await self.slack.acked(resp.status, resp.content_type, text)
            return resp.status, text

    async def command(self, text: str, *, user: str = "U1", **extra: str) -> tuple[int, str]:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": USERS[user]["team_id"],
                "team_domain": "t",
                "channel_id": "C1",
                "channel_name": "general",
                "user_id": user,
                "user_name": USERS[user]["name"],
                "command": "/mentor",
                "text": text,
                "api_app_id": "A1",
                "response_url": self.next_response_url(),
                "trigger_id": "1.2.trigger",
                **extra,
            }
        )
        headers = sign(body)
        return await self.post(body, headers)

    async def event(self, event: dict[str, Any], *, team: str = "T1") -> tuple[int, str]:
        """An Events API callback (app_home_opened, message.im, app_uninstalled, …)."""
        self.events += 1
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": f"Ev{self.events}",
                "event_time": int(time.time()),
                "event": event,
                "authorizations": [
                    {"enterprise_id": None, "team_id": team, "user_id": "UBOT", "is_bot": True}
                ],
            }
        )
        return await self.post(body, {**sign(body), "Content-Type": "application/json"})

    async def interaction(self, payload: dict[str, Any], **header_extra: str) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, {**sign(body), **header_extra})

    async def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U1",
        select: bool = False,
        home: bool = False,
    ) -> tuple[int, str]:
        action: dict[str, Any] = {"action_id": action_id, "block_id": "b1", "action_ts": "1.1"}
        if select:
            action.update(
                type="static_select",
                selected_option={"text": {"type": "plain_text", "text": "x"}, "value": value},
            )
        else:
            action.update(type="button", value=value, text={"type": "plain_text", "text": "x"})
        team = str(USERS[user]["team_id"])
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team, "domain": "t"},
            "user": {"id": user, "username": USERS[user]["name"], "team_id": team},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": "1.2.trigger",
            "actions": [action],
        }
        if home:  # a button on the Home tab: no channel, no response_url
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "team_id": team}
        else:
            payload["channel"] = {"id": "D" + user, "name": "directmessage"}
            payload["container"] = {
                "type": "message",
                "message_ts": "1.0",
                "channel_id": "D" + user,
            }
            payload["response_url"] = self.next_response_url()
        return await self.interaction(payload)

    async def submit(
        self, view: dict[str, Any], values: dict[str, str], *, user: str = "U1"
    ) -> tuple[int, str]:
        state: dict[str, Any] = {}
        for block in view["blocks"]:
            element = block["element"]
            name, kind = block["block_id"], element["type"]
            if name not in values:
                continue
            if kind == "static_select":
                state[name] = {
                    element["action_id"]: {
                        "type": kind,
                        "selected_option": {
                            "text": {"type": "plain_text", "text": values[name]},
                            "value": values[name],
                        },
                    }
                }
            else:
                state[name] = {element["action_id"]: {"type": kind, "value": values[name]}}
        return await self.interaction(
            {
                "type": "view_submission",
                "team": {"id": "T1", "domain": "t"},
                "user": {"id": user, "username": USERS[user]["name"], "team_id": "T1"},
                "api_app_id": "A1",
                "token": "legacy",
                "trigger_id": "1.3.trigger",
                "view": {**view, "id": "V1", "team_id": "T1", "state": {"values": state}},
            }
        )


def text_of(message: dict[str, Any]) -> str:
    return message.get("text", "") + json.dumps(message.get("blocks", []))


async def reply_to(
    driver: SlackDriver, slack: FakeSlack, text: str, *, user: str = "U1"
) -> dict[str, Any]:
    before = len(slack.of("response_url"))
    status, _ = await driver.command(text, user=user)  # the ack may carry the reply
    assert status == 200
    messages = await slack.wait_for("response_url", before + 1)
    return messages[before]
