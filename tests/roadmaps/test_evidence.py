"""Evidence files: what is accepted, how it is stored, and that only the permission-checked view serves it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from roadmaps.evidence import ACCEPT_ATTRIBUTE, evidence_attach, evidence_check, evidence_delete
from roadmaps.models import Evidence

SAMPLES = {
    "протокол.pdf": (b"%PDF-1.7\n1 0 obj\n", "application/pdf"),
    "справка.docx": (
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "выгрузка.xlsx": (
        b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "скан.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    "фото.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    "фото.JPEG": (b"\xff\xd8\xff\xe1\x00\x10Exif", "image/jpeg"),
}


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_each_accepted_type_passes_with_its_content_type(name):
    content, content_type = SAMPLES[name]
    assert evidence_check(_upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("протокол.pdf", b"<html>not a pdf</html>", "Файл «протокол.pdf» не похож на PDF"),
        ("справка.docx", b"%PDF-1.4 renamed", "Файл «справка.docx» не похож на DOCX"),
        ("скан.png", b"\xff\xd8\xff\xe0 a jpeg", "Файл «скан.png» не похож на PNG"),
        ("setup.exe", b"MZ\x90\x00\x03", "Файл «setup.exe»: такой тип не принимается"),
        (
            "справка.doc",
            b"\xd0\xcf\x11\xe0",
            "такой тип не принимается. Можно прикрепить PDF, DOCX, XLSX, PNG или JPG",
        ),
        ("без расширения", b"%PDF-1.4", "такой тип не принимается"),
        ("пустой.pdf", b"", "Файл «пустой.pdf» пустой."),
    ],
)
def test_a_wrong_file_is_refused_with_a_russian_message_naming_it(name, content, message):
    with pytest.raises(ValidationError) as exc:
        evidence_check(_upload(name, content))
    assert message in exc.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        evidence_check(_upload("протокол.pdf", b"%PDF" + b"0" * 1021))
    assert exc.value.messages[0] == "Файл «протокол.pdf» весит 1,0\xa0КБ, а можно не больше 1,0\xa0КБ."


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    assert evidence_check(_upload("протокол.pdf", b"%PDF" + b"0" * 1020)) == "application/pdf"


def test_checking_leaves_the_file_ready_to_be_read_from_the_start():
    upload = _upload("протокол.pdf", SAMPLES["протокол.pdf"][0])
    evidence_check(upload)
    assert upload.read(4) == b"%PDF"


def test_the_file_input_offers_the_accepted_extensions():
    assert ACCEPT_ATTRIBUTE == ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


# --- storing ------------------------------------------------------------------------------------------


def test_a_file_is_stored_under_a_random_name_keeping_its_original_name_for_people(progress_a, head_a):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    roadmap_id = progress_a.measure.roadmap_id
    assert re.fullmatch(rf"evidence/{roadmap_id}/[0-9a-f]{{32}}\.pdf", evidence.file.name)
    assert "протокол" not in evidence.file.name
    assert (evidence.original_name, evidence.size, evidence.content_type, evidence.uploaded_by) == (
        "протокол.pdf",
        8,
        "application/pdf",
        head_a,
    )
    assert Path(evidence.file.path).read_bytes() == b"%PDF-1.4"


def test_two_files_with_the_same_name_get_different_stored_names(progress_a, progress_b, head_a):
    first = evidence_attach(progress=progress_a, user=head_a, upload=_upload("справка.pdf", b"%PDF-1"))
    second = evidence_attach(progress=progress_b, user=head_a, upload=_upload("справка.pdf", b"%PDF-2"))
    assert first.file.name != second.file.name


def test_a_path_in_the_uploaded_name_is_dropped(progress_a, head_a):
    evidence = evidence_attach(
        progress=progress_a, user=head_a, upload=_upload("../../etc/протокол.pdf", b"%PDF-1.4")
    )
    assert evidence.original_name == "протокол.pdf"
    assert Path(evidence.file.path).is_relative_to(Path(django_settings.MEDIA_ROOT))


def test_deleting_evidence_removes_the_file_from_disk(progress_a, head_a):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    path = Path(evidence.file.path)
    evidence_delete(evidence=evidence)
    assert not path.exists()
    assert not Evidence.objects.exists()


# --- through the upload view -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_each_accepted_type_is_attached_through_the_page(client, progress_a, head_a, name):
    client.force_login(head_a)
    content, content_type = SAMPLES[name]
    response = client.post(
        reverse("roadmaps:evidence_upload", args=[progress_a.pk]),
        {"file": _upload(name, content)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Файл прикреплён." in response.content.decode()
    evidence = progress_a.evidence.get()
    assert (evidence.original_name, evidence.content_type) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("протокол.pdf", b"MZ\x90\x00 an exe renamed", "не похож на PDF"),
        ("setup.exe", b"MZ\x90\x00\x03", "такой тип не принимается"),
        ("пустой.pdf", b"", "Файл «пустой.pdf» пустой."),
    ],
)
def test_a_refused_upload_answers_400_in_russian_and_saves_nothing(
    client, progress_a, head_a, name, content, message
):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:evidence_upload", args=[progress_a.pk]), {"file": _upload(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert _stored_files() == []


def test_an_upload_over_the_limit_answers_400_and_saves_nothing(client, settings, progress_a, head_a):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:evidence_upload", args=[progress_a.pk]),
        {"file": _upload("скан.pdf", b"%PDF" + b"0" * 200)},
    )
    assert response.status_code == 400
    assert "а можно не больше 100\xa0байт" in response.content.decode()
    assert not Evidence.objects.exists()
    assert _stored_files() == []


def test_an_upload_without_a_file_asks_to_choose_one(client, progress_a, head_a):
    client.force_login(head_a)
    response = client.post(reverse("roadmaps:evidence_upload", args=[progress_a.pk]), {})
    assert response.status_code == 400
    assert "Выберите файл для загрузки." in response.content.decode()


def test_an_upload_may_return_to_a_page_of_this_site(client, progress_a, head_a, measure):
    client.force_login(head_a)
    back = reverse("roadmaps:measure_detail", args=[measure.pk])
    response = client.post(
        reverse("roadmaps:evidence_upload", args=[progress_a.pk]),
        {"file": _upload("протокол.pdf", b"%PDF-1.4"), "next": back},
    )
    assert response["Location"] == back


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/"])
def test_an_upload_never_returns_to_another_site(client, progress_a, head_a, target):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:evidence_upload", args=[progress_a.pk]),
        {"file": _upload("протокол.pdf", b"%PDF-1.4"), "next": target},
    )
    assert response["Location"] == reverse("roadmaps:progress_detail", args=[progress_a.pk])


def test_the_upload_form_limits_the_file_picker_to_accepted_types(client, progress_a, head_a):
    client.force_login(head_a)
    html = client.get(reverse("roadmaps:progress_detail", args=[progress_a.pk])).content.decode()
    assert f'accept="{ACCEPT_ATTRIBUTE}"' in html


def test_removing_through_the_page_deletes_the_file(client, progress_a, head_a):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    path = Path(evidence.file.path)
    client.force_login(head_a)
    response = client.post(reverse("roadmaps:evidence_remove", args=[evidence.pk]))
    assert response["Location"] == reverse("roadmaps:progress_detail", args=[progress_a.pk])
    assert not path.exists()


def test_removing_needs_post(client, progress_a, head_a):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    client.force_login(head_a)
    assert client.get(reverse("roadmaps:evidence_remove", args=[evidence.pk])).status_code == 405
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- never public ------------------------------------------------------------------------------------


def _all_patterns(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_no_url_pattern_serves_the_media_folder():
    patterns = list(_all_patterns())
    assert patterns, "the URL configuration must have patterns to check"
    for route, pattern in patterns:
        assert isinstance(pattern, URLPattern)
        assert pattern.callback is not serve, f"{route} serves files straight from a folder"
        assert pattern.default_args.get("document_root") is None, f"{route} names a document_root"
        assert "media" not in route.lower(), f"{route} looks like a public media URL"


def test_a_stored_file_is_not_reachable_by_its_path_even_for_the_department_head(
    client, progress_a, head_a, department_head
):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    client.force_login(department_head)
    for url in (f"/media/{evidence.file.name}", f"/{evidence.file.name}", f"/static/{evidence.file.name}"):
        assert client.get(url).status_code == 404, url
    download = client.get(reverse("roadmaps:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"


def test_the_download_names_the_original_file(client, progress_a, head_a):
    evidence = evidence_attach(progress=progress_a, user=head_a, upload=_upload("протокол.pdf", b"%PDF-1.4"))
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:evidence_download", args=[evidence.pk]))
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB.pdf"
    )
