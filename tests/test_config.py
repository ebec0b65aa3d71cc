"""Configuration (factcheck/config.py): defaults, then FACTCHECK_* environment variables, then overrides; the
local secret; production refuses to start without a real secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.config import ConfigError, load_config


def test_environment_variables_are_read(tmp_path: Path) -> None:
    env = {
        "FACTCHECK_INSTANCE_PATH": str(tmp_path),
        "FACTCHECK_DATABASE_URL": "postgresql+psycopg://u:p@127.0.0.1:5432/x",
        "FACTCHECK_SECRET_KEY": "k" * 40,
        "FACTCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1, 10.0.0.0/8",
        "FACTCHECK_MAX_ARTICLE_CHARS": "1000",
    }
    cfg = load_config(env=env)
    assert cfg["SQLALCHEMY_DATABASE_URI"] == env["FACTCHECK_DATABASE_URL"]
    assert cfg["SECRET_KEY"] == "k" * 40
    assert cfg["FETCH_ALLOW_HOSTS"] == "127.0.0.1, 10.0.0.0/8"
    assert cfg["MAX_ARTICLE_CHARS"] == 1000


def test_defaults_are_safe(tmp_path: Path) -> None:
    cfg = load_config(env={"FACTCHECK_INSTANCE_PATH": str(tmp_path)})
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'factcheck.db'}"
    assert cfg["FETCH_ALLOW_HOSTS"] == ""
    assert cfg["SESSION_COOKIE_HTTPONLY"] is True
    assert cfg["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_overrides_win_over_environment(tmp_path: Path) -> None:
    env = {"FACTCHECK_INSTANCE_PATH": str(tmp_path), "FACTCHECK_FETCH_MAX_BYTES": "10"}
    assert load_config({"FETCH_MAX_BYTES": 99}, env=env)["FETCH_MAX_BYTES"] == 99


def test_local_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = load_config(env={"FACTCHECK_INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = load_config(env={"FACTCHECK_INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    env = {"FACTCHECK_INSTANCE_PATH": str(tmp_path), "FACTCHECK_ENV": "production"}
    with pytest.raises(ConfigError, match="FACTCHECK_SECRET_KEY"):
        load_config(env=env)
    with pytest.raises(ConfigError, match="too short"):
        load_config(env={**env, "FACTCHECK_SECRET_KEY": "changeme"})
    cfg = load_config(env={**env, "FACTCHECK_SECRET_KEY": "s" * 48})
    assert cfg["SESSION_COOKIE_SECURE"] is True
