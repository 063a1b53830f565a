"""``format_html`` for the rows written in Python (lists, dashboard cards, filter fields).

Django's ``format_html`` escapes each argument through ``conditional_escape`` and ``escape``, both wrapped
by ``keep_lazy``, which looks at every argument for a lazy string at each call: on a list of fifty rows of
seven cells that was a tenth of the page. ``html`` gives the same string: a value with ``__html__`` (safe
strings, forms' bound fields) as it renders itself, anything else (lazy strings included) as ``str()``
escaped by ``html.escape``, which is what Django's ``escape`` does.
"""

from __future__ import annotations

from html import escape as _escape

from django.utils.safestring import SafeString


def escaped(value: object) -> str:
    """``conditional_escape(value)``, without the lazy-string wrappers."""
    render = getattr(value, "__html__", None)
    return render() if render is not None else _escape(str(value))


def html(template: str, *args: object) -> SafeString:
    """``format_html(template, *args)``: the arguments escaped, the template taken as safe."""
    return SafeString(template.format(*map(escaped, args)))
