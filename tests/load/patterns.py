"""What the load's users read from the pages they open (tests/load/locustfile.py): kept apart from locust,
which patches the standard library when imported, so that tests/load/test_patterns.py can check them
against the pages as they are rendered now. A pattern that stops matching silently drops a task from
the load (the school heads' journal uploads did, when the school column left their candidate list)."""

from __future__ import annotations

import re

PROGRESS_LINK = re.compile(r"/roadmaps/progress/(\d+)/")
VERSION = re.compile(r'name="version" value="(\d+)"')
# A row of the candidate list: name, class, graduation year; the «Школа» cell only where several schools
# are listed (a school head's list leaves it out).
CANDIDATE_ROW = re.compile(
    r'/medals/candidates/\d+/">([^<]+)</a></td>\s*(?:<td class="hide-sm small">[^<]*</td>\s*)?'
    r'<td>([^<]+)</td>\s*<td class="hide-sm">(\d+)</td>',
    re.S,
)
UPLOAD_PAGE = re.compile(r"/medals/uploads/(\d+)/")
# The school a school head uploads for: the one option of the upload form's «Школа» (a browser sends the
# first option of a select; locust sends what it is given, and without it every upload was refused).
SCHOOL_OPTION = re.compile(r'<select name="school"[^>]*>\s*<option value="(\d+)"')
