"""Locust users for `bench portal` (bench/portal_load.py): residents browsing Mijn Dossier.

Why: issue 5's load run. Each simulated user is one resident from the demo register with a decided
VES case, its decision letter and one photo (portal_load.py makes them). The user logs in with the
demo DigiD login and then browses like a person reading: 1 to 3 s between requests, mostly the
overview and the case page, now and then the letter or the photo, and sometimes the public start
page (the run's baseline).

How: the BSNs come from the file named by PORTAL_BSN_FILE (one per line, made and deleted by
portal_load.py); each user takes the next one (with more users than residents, some share one).
A BSN is only ever sent in the login POST body; it is never logged or used in a request name.
Requests are named by pattern (`/mijn/[ref]/`, ...) so the statistics group per page. A failure is
a 4xx/5xx, any redirect where a page was expected (a redirect to /inloggen/ means the session was
lost), or a download that is not the PDF or PNG it should be.

    locust -f bench/locustfile.py --headless -u 100 -r 10 -t 60s --host http://127.0.0.1:8000
"""

import itertools
import os
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from locust.exception import StopUser

_BSNS = Path(os.environ["PORTAL_BSN_FILE"]).read_text(encoding="utf-8").split()
_NEXT_BSN = itertools.cycle(_BSNS)

LOGIN = "/inloggen/demo-digid/"
OVERVIEW = "/mijn/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/mijn/([^/"#?]+)/"')


def _letter_links(reference: str) -> re.Pattern:
    return re.compile(rf'href="(/mijn/{re.escape(reference)}/brieven/\d+/)"')


def _document_links(reference: str) -> re.Pattern:
    return re.compile(rf'href="(/mijn/{re.escape(reference)}/documenten/[0-9a-f-]{{36}}/)"')


def _problem(response, content_type: str = "text/html") -> str | None:
    """What is wrong with this response, or None. Never mentions a BSN (none is in a URL)."""
    if response.status_code >= 400:
        return f"status {response.status_code}"
    if 300 <= response.status_code < 400:
        target = urlsplit(response.headers.get("Location", "")).path
        if target.startswith("/inloggen/"):
            return "doorgestuurd naar inloggen (sessie kwijt)"
        return f"onverwacht doorgestuurd ({response.status_code})"
    if not response.headers.get("Content-Type", "").startswith(content_type):
        return f"verwacht {content_type}, kreeg {response.headers.get('Content-Type', '-')}"
    return None


class Resident(HttpUser):
    """One resident: logs in once, then reads their dossier."""

    wait_time = between(1, 3)

    def on_start(self):
        self.references: list[str] = []
        self.letters: dict[str, list[str]] = {}
        self.documents: dict[str, list[str]] = {}
        bsn = next(_NEXT_BSN)
        with self.client.get(f"{LOGIN}?next={OVERVIEW}", name=LOGIN, catch_response=True) as response:
            token = CSRF.search(response.text)
            if _problem(response) or not token:
                response.failure(_problem(response) or "geen CSRF-token op de inlogpagina")
                raise StopUser
        with self.client.post(
            LOGIN,
            data={"bsn": bsn, "csrfmiddlewaretoken": token.group(1), "next": OVERVIEW},
            headers={"Referer": f"{self.host}{LOGIN}"},
            name=LOGIN,
            catch_response=True,
        ) as response:  # follows the redirect: must end on the overview
            if _problem(response) or urlsplit(response.url).path != OVERVIEW:
                response.failure(_problem(response) or "inloggen kwam niet uit op /mijn/")
                raise StopUser
            self._read_overview(response.text)

    def _read_overview(self, html: str) -> None:
        self.references = sorted(set(CASE_LINK.findall(html))) or self.references

    def _page(self, path: str, name: str, content_type: str = "text/html", magic: bytes = b""):
        """GET a page or download; a failure when it is not what `content_type` (and `magic`) say."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            problem = _problem(response, content_type)
            if problem is None and not response.content.startswith(magic):
                problem = f"inhoud is geen {content_type}"
            if problem:
                response.failure(problem)
            else:
                response.success()
            return None if problem else response

    @task(3)
    def overview(self):
        response = self._page(OVERVIEW, OVERVIEW)
        if response is not None:
            self._read_overview(response.text)

    @task(4)
    def case_page(self):
        if not self.references:
            return self.overview()
        reference = random.choice(self.references)  # noqa: S311 (browsing, not security)
        response = self._page(f"/mijn/{reference}/", "/mijn/[ref]/")
        if response is not None:
            self.letters[reference] = _letter_links(reference).findall(response.text)
            self.documents[reference] = _document_links(reference).findall(response.text)
        return None

    @task(1)
    def letter(self):
        links = [link for links in self.letters.values() for link in links]
        if not links:
            return self.case_page()
        self._page(random.choice(links), "/mijn/[ref]/brieven/[id]/", "application/pdf", b"%PDF-")  # noqa: S311
        return None

    @task(1)
    def document(self):
        links = [link for links in self.documents.values() for link in links]
        if not links:
            return self.case_page()
        self._page(random.choice(links), "/mijn/[ref]/documenten/[uuid]/", "image/png", b"\x89PNG")  # noqa: S311
        return None

    @task(1)
    def start_page(self):
        """The public start page: no login, no personal data. The run's baseline."""
        self._page("/", "/")
