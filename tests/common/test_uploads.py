"""Saving after the preview: only while the upload is still waiting, under its row lock."""

from common.uploads import confirm_waiting
from medals.models import Upload


def test_an_upload_is_saved_once_and_not_when_it_no_longer_waits(school_a):
    upload = Upload.objects.create(school=school_a, kind=Upload.Kind.CANDIDATES, original_name="r.xlsx")
    ran = []

    def save(locked: Upload) -> str:
        ran.append(locked.pk)
        locked.status = Upload.Status.SAVED
        locked.save()
        return "saved"

    assert confirm_waiting(Upload.objects, pk=upload.pk, waiting=Upload.Status.PREVIEW, run=save) == "saved"
    assert confirm_waiting(Upload.objects, pk=upload.pk, waiting=Upload.Status.PREVIEW, run=save) is None
    assert ran == [upload.pk]
