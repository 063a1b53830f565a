"""A server process's long-lived objects, set aside from the garbage collector once it is loaded.

A web or report worker holds some 170,000 to 200,000 objects once Django, the URLs and their views are
loaded: modules, classes, URL patterns, the models' metadata. They live as long as the process. Python's
full collection (generation 2) walks every one of them, 50 to 100 ms at a time, in the middle of whatever
request or report happened to trigger it: a page that takes 20 ms then takes 120, a candidates' file one
build in five. Frozen (``gc.freeze``), they are left out of every collection; what requests and reports
make is collected as before. Python's documentation advises it for servers whose workers are forked.

Measured at region scale (``make bench``'s database): the candidates' file one build in five had a full
collection of about 94 ms (mean 137 ms a build, worst 218) and none after the freeze (mean 117, worst
120); five of the demo's pages, 0.65 ms of full collections a request and a worst of 334 ms for the five,
then 0.09 ms and 140 ms.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def freeze_loaded_heap() -> int:
    """Load every URL module and view (as the first request would), collect what loading left behind, and
    freeze the rest. Returns how many objects were frozen."""
    get_resolver().url_patterns  # noqa: B018 - reading it imports every URL module and its views
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
