"""Error pages answer HTML or JSON by the Accept header; API paths always answer JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.factory import create_app
from factcheck.models import User


def test_404_html_and_json(client: FlaskClient) -> None:
    html = client.get("/no/such/page")
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "There is nothing at this address." in html.get_data(as_text=True)
    as_json = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.json == {
        "error": {"code": "not_found", "message": "There is nothing at this address."}
    }
    assert client.get("/api/v1/nothing").json["error"]["code"] == "not_found"


def test_403_for_a_signed_in_user_without_the_role(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    html = client.get("/admin/")
    assert html.status_code == 403 and "This is for admins; your account&#39;s role is reviewer." in html.get_data(
        as_text=True
    )
    as_json = client.get("/admin/", headers={"Accept": "application/json"})
    assert as_json.status_code == 403 and as_json.json["error"]["code"] == "forbidden"


def test_413_for_oversized_uploads(client: FlaskClient, app: Flask) -> None:
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/login",
        data=b"x" * (limit + 1),
        content_type="application/octet-stream",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413 and response.json["error"]["code"] == "request_entity_too_large"


@pytest.fixture()
def failing_app(app_config: dict[str, object]) -> Flask:
    application = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False})

    @application.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaboom")

    return application


def test_500_answers_without_leaking_details(failing_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = failing_app.test_client()
    html = client.get("/boom")
    assert html.status_code == 500 and "kaboom" not in html.get_data(as_text=True)
    assert "Something went wrong" in html.get_data(as_text=True)
    as_json = client.get("/boom", headers={"Accept": "application/json"})
    assert as_json.status_code == 500 and as_json.json["error"]["code"] == "internal"
    assert "kaboom" in caplog.text
