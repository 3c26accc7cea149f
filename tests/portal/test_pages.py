"""Public pages: the start page in Dutch (English on request), the admin login, error pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_start_page_is_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.text
    assert "Schade door de gaswinning? Wij helpen u." in response.text
    assert "Inloggen voor medewerkers" in response.text


def test_start_page_loads_the_nl_design_system_css(client):
    response = client.get("/")
    assert "/static/vendor/utrecht/index.css" in response.text
    assert "/static/css/theme.css" in response.text


def test_admin_login_page_opens(client):
    assert client.get("/admin/login/").status_code == 200


def test_language_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert '<html lang="en"' in page.text
    assert 'value="nl"' in page.text  # the button back to Dutch
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert '<html lang="nl"' in client.get("/").text


def test_unknown_page_gives_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
