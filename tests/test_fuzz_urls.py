"""Hostile input to every URL of the project, as every role: not one 500.

Beside the access matrix (tests/test_access_matrix.py), on its world and its table: the table gives every
URL with the object behind it and which roles may open or act on it. First every page is read once, as a
role that may open it (and once more as htmx asks for it), and the fields it knows are collected: the
fields of every form in its HTML (keyed by the URL the form posts to, so a form on one page fuzzes the URL
it posts to) and of every form and filterset in its context, with the values the page itself offers (a
school's id in a select). Then:

* ``test_every_text_field_on_a_page_carries_the_limit_of_its_form`` — each text input of a context form
  has the ``maxlength`` of its form field, hand-written partials included.
* ``test_no_hostile_value_gives_a_500`` — hypothesis, with a fixed seed and a fixed number of examples per
  table row, fills a draw of those fields (and the usual list parameters) with hostile values: letters for
  ids, 0 and negative years, huge numbers, 10,000-character strings, NUL and other control characters,
  HTML, formulas, broken dates; puts huge ids and hostile text in the path half the time; as a role that
  may act and as one that may not, as a page and as htmx.
* ``test_no_bad_file_gives_a_500`` — every file input is fed every file of the bad-file corpus
  (tests/data/bad/, written by tests/data/make_bad_files.py) and the NUL-bearing spreadsheets of its own
  layout (``_x0000_`` in one column of a row that fits the world, and a CSV with raw NULs); when the upload
  is taken, the page it leads to is read and its confirmation pressed, because a NUL passes the check and
  fails only when PostgreSQL is asked to store it.

Each request runs in a savepoint rolled back after it, so one example never feeds the next. Whatever the
answer (200, 302, 400, 403, 404), a 500 or an exception fails the test with the request that caused it.
Run on PostgreSQL (as CI does) to meet what SQLite lets through, such as NUL characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import django_filters
import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm, BaseFormSet, FileField
from django.test import Client
from django.test.utils import ContextList
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from . import test_access_matrix as matrix
from .access_world import ROLES, World
from .data import make_bad_files as bad
from .test_access_matrix import CASES, REFUSED, Case

# The access matrix's world (built once for the module, rolled back at its end) and its media folder.
world = matrix.world
access_media = matrix.access_media
_private_media = matrix._private_media

pytestmark = pytest.mark.django_db

# Parameters every list page reads, whether or not a form names them.
LIST_PARAMETERS = ("page", "sort", "export", "year", "school", "q", "tab", "status", "next")
HOSTILE = (
    "",
    " ",
    "abc",
    "0",
    "-1",
    "-2024",
    "1.5",
    "1e309",
    "NaN",
    "99999999999",
    "99999999999999999999999999",
    "2024-02-31",
    "31.02.2024",
    "0000-00-00",
    "9999-12-31T99:99",
    "x" * 10_000,
    "Щ" * 10_000,
    "\x00",
    "1\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t\x0b\x0c",
    "\u202eevil\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "=1+1",
    '=HYPERLINK("http://example.invalid";"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "../../etc/passwd",
    "//example.invalid/",
    "https://example.invalid/",
    "%00",
    "' OR 1=1 --",
    "xlsx",
)
# Fields every form that sends a person back may read.
POST_PARAMETERS = ("next",)
SAMPLE_FILES = (
    ("akt.pdf", b"%PDF-1.4\n% fuzz\n%%EOF\n"),
    ("zhurnal.xlsx", bad.xlsx(bad.JOURNAL.table(bad.JOURNAL.good))),
    ("pusto.xlsx", b""),
    ("<script>.docx", b"PK\x03\x04"),
)
HOSTILE_IDS = (0, 2**31, 2**63, 10**20)
HOSTILE_SLUGS = ("abc", "0", "-1", "x" * 300, "%00", "\x00", "<script>", "=1+1", "..", "Щ" * 50, "a b")
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
EXAMPLES = 6  # per table row and method: about 1,200 requests in all
SEED = 20261202

# Who reads a page to find its fields, in order of preference: the one who sees the most of it.
READERS = ("department_head", "coordinator", "methodist_a", "head_a", "member", "head_b", "methodist_b")
NOT_A_FORM = {"csrfmiddlewaretoken"}


@dataclass
class Fields:
    """What a URL takes: field names with the values the page offers, file inputs and submit buttons."""

    values: dict[str, set[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    buttons: dict[str, set[str]] = field(default_factory=dict)

    def offer(self, name: str, value: str | None = None) -> None:
        offered = self.values.setdefault(name, set())
        if value:
            offered.add(value)


def url_of(case: Case, world: World) -> str:
    return reverse(case.name, kwargs=case.row.kwargs(world) if case.row.kwargs else None)


def query_of(case: Case, world: World) -> dict:
    return case.row.query(world) if case.row.query else {}


def _forms_in_context(response) -> Iterator[BaseForm]:
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    values = [value for context in contexts if context is not None for value in context.flatten().values()]
    for value in values:
        if isinstance(value, BaseForm):
            yield value
        elif isinstance(value, django_filters.FilterSet):
            yield value.form
        elif isinstance(value, BaseFormSet):
            yield value.management_form
            yield from value.forms


def read_fields(response, page_url: str, found: dict[str, Fields]) -> None:
    """Add the fields of a page's HTML forms (by the URL they post to) and of its context forms."""
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        document = lxml.html.fromstring(response.content.decode())
        for form in document.forms:
            target = urlsplit(form.action or page_url).path or page_url
            fields = found.setdefault(target, Fields())
            for element in form.iter("input", "select", "textarea", "button"):
                name = element.get("name")
                if not name or name in NOT_A_FORM:
                    continue
                kind = (element.get("type") or "").lower()
                if element.tag == "button" or kind == "submit":
                    fields.buttons.setdefault(name, set()).add(element.get("value") or "")
                elif kind == "file":
                    fields.files.add(name)
                elif element.tag == "select":
                    fields.offer(name)
                    for option in element.iter("option"):
                        fields.offer(name, option.get("value"))
                else:
                    fields.offer(name, element.get("value") or (element.text or "").strip())
    fields = found.setdefault(page_url, Fields())
    for form in _forms_in_context(response):
        for name, form_field in form.fields.items():
            if isinstance(form_field, FileField):
                fields.files.add(form.add_prefix(name))
            else:
                fields.offer(form.add_prefix(name))


def limits_missing(response, page_url: str) -> list[str]:
    """Text fields of the page's forms whose element does not carry the field's maxlength."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    document = lxml.html.fromstring(response.content.decode())
    missing = []
    for form in _forms_in_context(response):
        for name, form_field in form.fields.items():
            limit = getattr(form_field, "max_length", None)
            if limit is None or form_field.widget.is_hidden:
                continue
            html_name = form.add_prefix(name)
            elements = document.xpath("//input[@name=$n]|//textarea[@name=$n]", n=html_name)
            if any(element.get("maxlength") != str(limit) for element in elements):
                missing.append(f"{page_url}: «{html_name}» has no maxlength={limit}")
    return missing


def reader_of(case: Case) -> str | None:
    return next((role for role in READERS if case.answers.get(role) == "200"), None)


@dataclass
class Pages:
    fields: dict[str, Fields]
    limits_missing: list[str]


@pytest.fixture(scope="module")
def pages(world: World, django_db_blocker) -> Pages:
    """Every page of the table read once by a role that may open it; nothing it does is kept."""
    found: dict[str, Fields] = {}
    missing: list[str] = []
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        for case in CASES:
            role = reader_of(case)
            if case.method != "GET" or role is None:
                continue
            client.force_login(world.user(role))
            url = url_of(case, world)
            response = client.get(url, query_of(case, world))
            _close(response)
            read_fields(response, url, found)
            missing += limits_missing(response, url)
            # The same page as htmx asks for it: a partial with the form inline in a table row.
            partial = client.get(url, query_of(case, world), headers={"HX-Request": "true"})
            _close(partial)
            missing += limits_missing(partial, f"{url} (htmx)")
        transaction.set_rollback(True)
    return Pages(found, missing)


@pytest.fixture(scope="module")
def page_fields(pages: Pages) -> dict[str, Fields]:
    return pages.fields


def test_every_text_field_on_a_page_carries_the_limit_of_its_form(pages: Pages):
    # A person typing past the column's length is stopped by the browser, not told after posting.
    missing = pages.limits_missing
    assert not missing, "\n".join(missing)


def _roles(case: Case) -> list[str]:
    """The roles that may act, then one that may not: a refusal must come before any reading of input."""
    acting = [role for role in ROLES if case.answers[role] not in REFUSED]
    refused = [role for role in ROLES if role != "anonymous" and case.answers[role] in REFUSED]
    return acting + refused[:1] or list(ROLES)


def _close(response) -> None:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def request_once(
    client: Client, world: World, role: str, method: str, url: str, data: dict, *, htmx: bool = False
):
    """One request in a savepoint that is rolled back; a 500 fails with what was sent."""
    user = world.user(role)
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    with transaction.atomic():
        try:
            headers = {"HX-Request": "true"} if htmx else {}
            send = client.get if method == "GET" else client.post
            response = send(url, data, headers=headers)
        finally:
            transaction.set_rollback(True)
    _close(response)
    said = f"{method} {url} as {role}{' (htmx)' if htmx else ''} with {data!r}: {response.status_code}"
    assert response.status_code < 500, said
    return response


def _values_for(fields: Fields, case: Case) -> dict[str, list[str]]:
    names = {name: sorted(values) for name, values in fields.values.items()}
    for name in LIST_PARAMETERS if case.method == "GET" else POST_PARAMETERS:
        names.setdefault(name, [])
    return names


@st.composite
def hostile_data(
    draw, names: dict[str, list[str]], buttons: dict[str, set[str]], files: set[str] = frozenset()
) -> dict:
    data: dict[str, object] = {}
    for name in sorted(files):
        # A file that passes (so what follows the upload runs with the hostile fields) or one that does not.
        kept, content = draw(st.sampled_from(SAMPLE_FILES))
        data[name] = SimpleUploadedFile(kept, content)
    for name, offered in sorted(names.items()):
        choice = draw(st.sampled_from(("skip", "hostile", "hostile", "text", "offered", "many")))
        if choice == "skip":
            continue
        if choice == "offered" and offered:
            data[name] = draw(st.sampled_from(offered))
        elif choice == "text":
            data[name] = draw(TEXT)
        elif choice == "many":
            data[name] = draw(st.lists(st.sampled_from(HOSTILE + tuple(offered)), min_size=2, max_size=3))
        else:
            data[name] = draw(st.sampled_from(HOSTILE))
    if buttons:
        name = draw(st.sampled_from(sorted(buttons)))
        data[name] = draw(st.sampled_from(sorted(buttons[name]) + list(HOSTILE[:6])))
    return data


@st.composite
def hostile_url(draw, case: Case, kwargs: dict) -> str:
    """The URL of the table's object, or (half the time) the same route with hostile path values."""
    if not kwargs or draw(st.booleans()):
        return reverse(case.name, kwargs=kwargs or None)
    hostile = {
        name: draw(st.sampled_from(HOSTILE_IDS if isinstance(value, int) else HOSTILE_SLUGS))
        for name, value in kwargs.items()
    }
    try:
        return reverse(case.name, kwargs=hostile)
    except NoReverseMatch:  # a value the route's converter refuses never reaches a view
        return reverse(case.name, kwargs=kwargs)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_no_hostile_value_gives_a_500(case: Case, world: World, page_fields: dict[str, Fields]):
    kwargs = case.row.kwargs(world) if case.row.kwargs else {}
    url = reverse(case.name, kwargs=kwargs or None)
    fields = page_fields.get(url, Fields())
    names = _values_for(fields, case)
    fixed = query_of(case, world)
    client = Client()

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: the failing request is printed as sent
        suppress_health_check=list(HealthCheck),
    )
    @given(
        role=st.sampled_from(_roles(case)),
        target=hostile_url(case, kwargs),
        data=hostile_data(names, *((fields.buttons, fields.files) if case.method == "POST" else ({},))),
        htmx=st.booleans(),
    )
    def probe(role: str, target: str, data: dict, htmx: bool) -> None:
        if case.method == "GET":
            request_once(client, world, role, "GET", target, {**fixed, **data}, htmx=htmx)
        else:
            target = f"{target}?{urlencode(fixed)}" if fixed else target
            request_once(client, world, role, "POST", target, data, htmx=htmx)

    probe()


# --- files ----------------------------------------------------------------------------------------------

NUL = "_x0000_"  # how a spreadsheet writes a NUL character in a cell's text
CORPUS = sorted(path for path in bad.BAD.rglob("*") if path.is_file())
# Forms on the page an accepted upload leads to that are not its confirmation.
NOT_CONFIRMING = {"cancel", "edit"}


def _layouts(world: World) -> dict[str, tuple[bad.Layout, list[bad.Cell]]]:
    """Each upload's layout with a row that fits the world, so the check passes and the save is reached."""
    pupil, school = world.pupil_a, world.school_a
    return {
        "schools": (bad.SCHOOLS, bad.SCHOOLS.with_values({"Муниципалитет": world.municipality.name})),
        "candidates": (bad.CANDIDATES, bad.CANDIDATES.good[0]),
        "journal": (bad.JOURNAL, bad.JOURNAL.with_values({"ФИО": pupil.full_name})),
        "vpr": (
            bad.VPR,
            bad.VPR.with_values(
                {
                    "ОО": school.fis_oko_login,
                    "Муниципалитет": world.municipality.name,
                    "Название ОО": school.short_name,
                }
            ),
        ),
        "ege": (
            bad.EGE,
            bad.EGE.with_values(
                {
                    "Код ОО": school.code,
                    "Фамилия": pupil.last_name,
                    "Имя": pupil.first_name,
                    "Отчество": pupil.middle_name,
                }
            ),
        ),
    }


def nul_spreadsheets(world: World) -> dict[str, dict[str, bytes]]:
    """By layout: for every text column a workbook with a NUL in that column of a good row, and the row as
    CSV with a raw NUL in every text cell; for the roadmap, a NUL in its title and in a measure."""
    files: dict[str, dict[str, bytes]] = {}
    for name, (layout, row) in _layouts(world).items():
        files[name] = {}
        for index, value in enumerate(row):
            if isinstance(value, str) and value:
                dirty = list(row)
                dirty[index] = value[:2] + NUL + value[2:]
                files[name][f"nul/{name}-{index}.xlsx"] = bad.xlsx(layout.table([dirty]))
        raw = [value + "\x00" if isinstance(value, str) and value else value for value in row]
        files[name][f"nul/{name}.csv"] = bad.csv_bytes(layout.table([raw]))
    measure = ["1.", "Анализ" + NUL + " результатов ВПР", "Март 2024", "Методисты" + NUL + " УО"]
    files["roadmap"] = {
        "nul/roadmap.xlsx": bad.xlsx([[bad.ROADMAP_TITLE + NUL], bad.ROADMAP_HEADER, measure]),
        "nul/roadmap.txt": bad.roadmap_txt([cell.replace(NUL, "\x00") for cell in measure]).encode(),
    }
    return files


# Whose table each upload reads (evidence is kept as sent, never read: it gets the corpus alone).
LAYOUT_OF = {
    "schools:school_import": "schools",
    "roadmaps:roadmap_import": "roadmap",
    "assessments:vpr_upload": "vpr",
    "assessments:ege_upload": "ege",
    "medals:upload": {"journal": "journal", "notebook": "journal", "candidates": "candidates"},
}


def layout_of(name: str, kwargs: dict) -> str | None:
    layout = LAYOUT_OF.get(name)
    return layout.get(kwargs.get("kind")) if isinstance(layout, dict) else layout


def _acting(case: Case) -> str | None:
    return next((role for role in READERS if case.answers.get(role) == "act"), None)


def _post_forms(response, page_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The confirmations a page offers: each POST form with what it shows, pressed by each of its buttons."""
    logout = reverse("logout")
    for form in lxml.html.fromstring(response.content.decode()).forms:
        target = urlsplit(form.action or page_url).path or page_url
        if form.method.upper() != "POST" or target == logout or form.xpath(".//input[@type='file']"):
            continue
        values = dict(form.form_values())
        buttons = [b for b in form.xpath(".//button[@name]|.//input[@type='submit'][@name]")]
        pressed = [b for b in buttons if b.get("name") not in NOT_CONFIRMING] or [None]
        for button in pressed:
            yield (
                target,
                {**values, **({button.get("name"): button.get("value") or ""} if button is not None else {})},
            )


def _failure(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    return f"{response.status_code} {exc_info[1]!r}" if exc_info else str(response.status_code)


def upload_and_confirm(
    client: Client, url: str, data: dict, file_fields: set[str], name: str, content: bytes
) -> list[str]:
    """Post the file; if it is taken, read where it leads and press what confirms it. The 500s met."""
    problems = []
    files = {field: SimpleUploadedFile(name.rsplit("/", 1)[-1], content) for field in file_fields}
    response = client.post(url, {**data, **files})
    _close(response)
    if response.status_code >= 500:
        return [f"POST {url} with {name}: {_failure(response)}"]
    location = response.get("Location", "")
    if response.status_code != 302 or not location.startswith("/") or location.startswith(reverse("login")):
        return problems
    page_url = urlsplit(location).path
    page = client.get(location)
    _close(page)
    if page.status_code >= 500:
        return [f"GET {location} after {url} with {name}: {_failure(page)}"]
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        for target, values in _post_forms(page, page_url):
            confirmed = client.post(target, values)
            _close(confirmed)
            if confirmed.status_code >= 500:
                problems.append(
                    f"POST {target} {sorted(values)} after {url} with {name}: {confirmed.status_code}"
                )
    return problems


# Uploads the table has no row of their own: the candidates' register shares the medals upload URL.
MORE_UPLOADS = (("medals:upload", {"kind": "candidates"}, "head_a"),)


@dataclass
class Upload:
    url: str
    role: str
    fields: Fields
    layout: str | None


def upload_targets(world: World, page_fields: dict[str, Fields]) -> list[Upload]:
    """Every form with a file input, with a role that may upload and the table layout it reads."""
    targets = []
    for case in CASES:
        kwargs = case.row.kwargs(world) if case.row.kwargs else {}
        url, role = reverse(case.name, kwargs=kwargs or None), _acting(case)
        fields = page_fields.get(url)
        if case.method == "POST" and fields and fields.files and role is not None:
            targets.append(Upload(url, role, fields, layout_of(case.name, kwargs)))
    client = Client()
    for name, kwargs, role in MORE_UPLOADS:
        url, found = reverse(name, kwargs=kwargs), {}
        client.force_login(world.user(role))
        read_fields(client.get(url), url, found)
        targets.append(Upload(url, role, found[url], layout_of(name, kwargs)))
    return targets


def test_no_bad_file_gives_a_500(world: World, page_fields: dict[str, Fields]):
    corpus = {str(path.relative_to(bad.BAD)): path.read_bytes() for path in CORPUS}
    nul = nul_spreadsheets(world)
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    targets = upload_targets(world, page_fields)
    for target in targets:
        client.force_login(world.user(target.role))
        data = {name: sorted(values)[0] for name, values in target.fields.values.items() if values}
        files = {**corpus, **nul.get(target.layout or "", {})}
        for name, content in sorted(files.items()):
            with transaction.atomic():
                try:
                    problems += upload_and_confirm(
                        client, target.url, data, target.fields.files, name, content
                    )
                finally:
                    transaction.set_rollback(True)
    # Roadmap, schools, journal, notebooks, register, ВПР, ЕГЭ, and evidence on two pages.
    assert len(targets) >= 9, f"only {[target.url for target in targets]} take files"
    assert {target.layout for target in targets} >= set(nul), "an upload's layout got no NUL spreadsheet"
    assert not problems, "\n".join(problems)
