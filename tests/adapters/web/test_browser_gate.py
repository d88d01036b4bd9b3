"""Without Debian's chromium the browser tests skip and say why, except under CI=true,
where they fail: CI must never pass by running no browser at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import browser


def test_a_missing_chromium_skips_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        browser.browser_or_skip()


def test_under_ci_a_missing_chromium_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires them"):
        browser.browser_or_skip()


def test_the_browser_is_debians_when_present() -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium here")
    assert browser.browser_or_skip() == "/usr/bin/chromium"
