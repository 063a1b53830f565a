"""E-mail as three templates (subject, text, HTML) sent through Django's e-mail backend.

The backend is whatever settings say: files under var/mail in the embedded mode, SMTP in production.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def templated_message(*, to: list[str], template: str, context: dict) -> EmailMultiAlternatives:
    """Render ``reports/email/<template>_subject.txt``, ``.txt`` and ``.html`` into one message."""
    subject = " ".join(render_to_string(f"reports/email/{template}_subject.txt", context).split())
    text = render_to_string(f"reports/email/{template}.txt", context)
    html = render_to_string(f"reports/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(*, to: list[str], template: str, context: dict) -> None:
    """Render the three templates (see ``templated_message``) and send them as one message."""
    templated_message(to=to, template=template, context=context).send()
