"""A plain form field as crispy-forms' bootstrap5 pack writes it (``as_crispy_field``), written in Python.

Every list page shows its filters above the table, and ``{{ field|as_crispy_field }}`` renders the crispy
field template and then the widget's templates (an option template per choice): about 10 ms of a 30 ms
measure list, the page a school head opens most, and a quarter of a school's progress page. Most fields are
plain: a select, a text, number or date input, a text area, a checkbox; no errors, no help text. Those are
written here with the same markup (the same classes, ids, labels, asterisks and options; only the blank
lines between tags differ); any other field goes to crispy itself, so nothing is lost when a form grows a
kind of field not known here, or shows an error.
"""

from __future__ import annotations

from copy import copy

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

from .html import escaped, html

# The widgets whose templates are django/forms/widgets/input.html (or select.html) unchanged.
INPUT_TEMPLATES = {
    "django/forms/widgets/text.html",
    "django/forms/widgets/number.html",
    "django/forms/widgets/date.html",
    "django/forms/widgets/search.html",
    "django/forms/widgets/email.html",
    "django/forms/widgets/checkbox.html",
}
SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
TEXTAREA_TEMPLATES = {"django/forms/widgets/textarea.html"}
KNOWN_TEMPLATES = INPUT_TEMPLATES | SELECT_TEMPLATES | TEXTAREA_TEMPLATES
ASTERISK = mark_safe('<span class="asteriskField">*</span>')
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def plain_field(field: BoundField) -> SafeString:
    """``{{ field|as_crispy_field }}``: the same markup without the templates."""
    widget = field.field.widget
    widget_html = _widget_html(field, widget) if _plain(field, widget) else None
    if widget_html is None:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    required = field.field.required
    label = html("{}{}", field.label, ASTERISK if required else "")
    required_class = " requiredField" if required else ""
    css = field.css_classes()
    css = f" {css}" if css else ""
    if isinstance(widget, forms.CheckboxInput):
        return html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}</label></div></div>',
            field.auto_id,
            css,
            widget_html,
            field.id_for_label,
            required_class,
            label,
        )
    label_html = (
        html(
            '<label{} class="form-label{}">{}</label>',
            html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            required_class,
            label,
        )
        if field.label
        else ""
    )
    return html('<div id="div_{}" class="mb-3{}">{}{}</div>', field.auto_id, css, label_html, widget_html)


def _plain(field: BoundField, widget: forms.Widget) -> bool:
    return not (
        field.is_hidden
        or field.errors
        or field.help_text
        or field.field.localize
        or field.use_fieldset
        or getattr(widget, "widgets", None) is not None
        or getattr(widget, "widget", None) is not None
    )


class _Rows(list):
    """A queryset's rows, read once, answering what ModelChoiceIterator asks of its queryset."""

    _prefetch_related_lookups = ()

    def iterator(self):
        return iter(self)

    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)


def _listed_choices(choices):
    """A model select's choices read with one ordinary query. ModelChoiceIterator reads its queryset with
    ``iterator()``, which on PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round
    trips for a dozen options, for each select of each filter form (a measure list has three)."""
    queryset = getattr(choices, "queryset", None)
    if queryset is None or not hasattr(queryset, "iterator") or queryset._prefetch_related_lookups:
        return choices
    listed = copy(choices)
    listed.queryset = _Rows(queryset)
    return listed


def _widget_html(field: BoundField, widget: forms.Widget) -> SafeString | None:
    """The widget as str(field) writes it after crispy's {% crispy_field %} added its classes; None when
    the widget is not one written here."""
    if not isinstance(widget, forms.Select):
        return _written(field, widget)
    choices = widget.choices
    widget.choices = _listed_choices(choices)
    try:
        return _written(field, widget)
    finally:
        widget.choices = choices


def _written(field: BoundField, widget: forms.Widget) -> SafeString | None:
    own_render = type(widget).render is not forms.Widget.render
    if not own_render and widget.template_name not in KNOWN_TEMPLATES:
        return None
    if isinstance(widget, forms.Select) and getattr(widget, "option_template_name", "") != OPTION_TEMPLATE:
        return None
    _crispy_classes(widget, field)
    if own_render:
        return SafeString(str(field))  # e.g. schools.widgets.LongSelect: already written in Python
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if widget.template_name in SELECT_TEMPLATES:
        options = []
        for group_name, group_choices, _index in context["optgroups"]:
            if group_name:
                return None
            for option in group_choices:
                options.append(
                    html(
                        '<option value="{}"{}>{}</option>',
                        _s(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
        return html(
            '<select name="{}"{}>{}</select>',
            context["name"],
            _attrs(context["attrs"]),
            mark_safe("".join(options)),
        )
    if widget.template_name in TEXTAREA_TEMPLATES:
        return html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            _attrs(context["attrs"]),
            context["value"] or "",
        )
    value = "" if context["value"] is None else html(' value="{}"', _s(context["value"]))
    return html(
        '<input type="{}" name="{}"{}{}>', context["type"], context["name"], value, _attrs(context["attrs"])
    )


def _attrs(attrs: dict) -> SafeString:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone."""
    return mark_safe(
        "".join(
            f" {escaped(name)}" if value is True else html(' {}="{}"', name, _s(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


def _s(value: object) -> str:
    """A value as Django's widget templates write it, ``{{ value|stringformat:'s' }}``."""
    return "%s" % (value,)  # noqa: UP031 -- exactly what the stringformat filter does


def _crispy_classes(widget: forms.Widget, field: BoundField) -> None:
    """The classes crispy's {% crispy_field %} adds to the widget: its own name, then Bootstrap's."""
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    if isinstance(widget, forms.CheckboxInput):
        bootstrap = "form-check-input"
    elif isinstance(widget, forms.Select):
        bootstrap = "form-select"
    else:
        bootstrap = "form-control"
    if bootstrap not in css_class.split():
        css_class += f" {bootstrap}"
    widget.attrs["class"] = css_class
