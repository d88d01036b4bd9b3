"""The Slack manifest and the `mentorbot slack` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from adapters.slack.manifest import BOT_SCOPES, build_manifest
from adapters.web.app import standalone_app
from bot.commands.services import Services
from bot.features.catalog import build_registry


def test_http_manifest_points_every_url_at_slack_events() -> None:
    manifest = build_manifest(build_registry(), url="https://mentor.example.com/")
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/mentor"
    assert command["url"] == "https://mentor.example.com/slack/events"
    assert manifest["settings"]["interactivity"]["request_url"] == command["url"]
    assert manifest["settings"]["socket_mode_enabled"] is False
    for spec in build_registry().all():
        assert spec.path[0] in command["usage_hint"]
    assert len(command["description"]) <= 100 and len(command["usage_hint"]) <= 1000


def test_socket_manifest_has_no_urls_and_only_the_scopes_we_use() -> None:
    manifest = build_manifest(build_registry(), socket=True)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "url" not in manifest["features"]["slash_commands"][0]
    assert "request_url" not in manifest["settings"]["interactivity"]
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=cwd,
        timeout=60,
    )


def test_manifest_command_prints_yaml(tmp_path: Path) -> None:
    result = run("manifest", "slack", "--socket", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["settings"]["socket_mode_enabled"] is True
    refused = run("manifest", "slack", env={}, cwd=tmp_path)
    assert refused.returncode == 2 and "--url" in refused.stderr


def test_slack_command_says_which_setting_is_missing(tmp_path: Path) -> None:
    result = run(
        "slack", "--socket", env={"SLACK_BOT_TOKEN": "xoxb-test-token-not-real"}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_every_manifest_has_the_home_tab_and_dm_events() -> None:
    for manifest in (
        build_manifest(build_registry(), socket=True),
        build_manifest(build_registry(), url="https://mentor.example.com"),
    ):
        assert manifest["features"]["app_home"]["home_tab_enabled"] is True
        assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False
        events = manifest["settings"]["event_subscriptions"]["bot_events"]
        assert events == ["app_home_opened", "message.im"]
        assert "im:history" in manifest["oauth_config"]["scopes"]["bot"]  # for message.im
        assert "redirect_urls" not in manifest["oauth_config"]


def test_distribution_adds_the_redirect_url_and_removal_events() -> None:
    manifest = build_manifest(
        build_registry(), url="https://mentor.example.com/", distribution=True
    )
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://mentor.example.com/slack/oauth_redirect"
    ]
    subscriptions = manifest["settings"]["event_subscriptions"]
    assert subscriptions["request_url"] == "https://mentor.example.com/slack/events"
    assert {"app_uninstalled", "tokens_revoked"} <= set(subscriptions["bot_events"])


def test_distribution_needs_a_url(tmp_path: Path) -> None:
    result = run("manifest", "slack", "--socket", "--distribution", env={}, cwd=tmp_path)
    assert result.returncode == 2 and "--url" in result.stderr
    ok = run(
        "manifest",
        "slack",
        "--url",
        "https://m.example.com",
        "--distribution",
        env={},
        cwd=tmp_path,
    )
    assert ok.returncode == 0, ok.stderr
    assert "oauth_redirect" in ok.stdout


def test_oauth_mode_says_which_setting_is_missing(tmp_path: Path) -> None:
    env = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "not-a-real-client-secret"}
    result = run("slack", "--http", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr and "SLACK_BOT_TOKEN" not in result.stderr


def test_sign_in_adds_the_dashboard_callback_the_web_app_serves(services: Services) -> None:
    manifest = build_manifest(build_registry(), url="https://m.example.com", sign_in=True)
    oauth = manifest["oauth_config"]
    assert oauth["redirect_urls"] == ["https://m.example.com/web/auth/slack/callback"]
    assert oauth["scopes"]["user"] == ["openid", "profile"]
    served = {
        inner.canonical
        for r in standalone_app(services).router.resources()
        if "app" in (info := r.get_info())
        for inner in info["app"].router.resources()
    }
    assert "/web/auth/slack/callback" in served  # the manifest's address is a real route
    both = build_manifest(
        build_registry(), url="https://m.example.com", sign_in=True, distribution=True
    )
    assert len(both["oauth_config"]["redirect_urls"]) == 2
    plain = build_manifest(build_registry(), url="https://m.example.com")
    assert "redirect_urls" not in plain["oauth_config"]
    assert "user" not in plain["oauth_config"]["scopes"]


def test_sign_in_needs_a_url(tmp_path: Path) -> None:
    result = run("manifest", "slack", "--socket", "--sign-in", env={}, cwd=tmp_path)
    assert result.returncode == 2 and "--sign-in needs --url" in result.stderr
