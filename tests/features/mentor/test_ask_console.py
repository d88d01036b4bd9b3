"""`ask` in the terminal chat, as an operator runs it (a subprocess), and bad LLM settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.console import mentorbot


def test_the_terminal_chat_answers_from_the_pack_with_no_model(tmp_path: Path) -> None:
    result = mentorbot(
        "console",
        "--as",
        "alice",
        stdin="ask what should I read about RAG evaluation\nask a lasagne recipe please\n",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Quoted from the career pack" in out and "Sources" in out and "http" in out
    assert "I can only answer questions about AI engineering careers" in out
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("LLM_BASE_URL", "localhost:11434", "LLM_BASE_URL='localhost:11434' is not an http(s) URL"),
        ("LLM_TIMEOUT_SECONDS", "soon", "LLM_TIMEOUT_SECONDS='soon'"),
        ("LLM_ASKS_PER_DAY", "-1", "LLM_ASKS_PER_DAY='-1'"),
    ],
)
def test_a_bad_llm_setting_is_one_line_and_exit_2(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    result = mentorbot("console", "--as", "alice", stdin="help\n", cwd=tmp_path, env={name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "for example" in lines[0], result.stderr
