"""The e-mail backend of the production settings: every message goes to the outbox table first.

``OutboxEmailBackend`` stores each message in the caller's transaction (an order's mail is kept
if and only if the order is) and, once that commits, hands it to a Celery worker, which sends it
with ``settings.OUTBOX_DELIVERY_BACKEND`` (SMTP). With the broker away the row waits for the
periodic flush, so no mail is lost while Redis is down.
"""

import base64
from email import message_from_bytes
from email.message import Message
from email.mime.base import MIMEBase
from email.utils import formatdate, make_msgid
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import DNS_NAME
from django.db import transaction

from .models import OutboxEmail

FORMAT = 1


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        messages = [message for message in email_messages if message.recipients()]
        if not messages:
            return 0
        try:
            rows = OutboxEmail.objects.bulk_create(
                OutboxEmail(
                    message=message_to_dict(message),
                    subject=str(message.subject)[:255],
                    recipients=", ".join(message.recipients()),
                )
                for message in messages
            )
        except Exception:
            if self.fail_silently:
                return 0
            raise
        from .dispatch import outbox_emails_dispatch

        # robust: a broker that fails never fails the caller; the row waits for the flush.
        transaction.on_commit(partial(outbox_emails_dispatch, [row.pk for row in rows]), robust=True)
        return len(rows)


def message_to_dict(message) -> dict:
    """Everything needed to send ``message`` later, as JSON."""
    headers = dict(message.extra_headers)
    names = {name.lower() for name in headers}
    # Fixed now, so the mail shows when it was written and a resend after a crash has the same id.
    if "date" not in names:
        headers["Date"] = formatdate(localtime=True)
    if "message-id" not in names:
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return {
        "format": FORMAT,
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment_to_dict(attachment) for attachment in message.attachments],
        "content_subtype": message.content_subtype,
        "encoding": message.encoding,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    for attachment in data["attachments"]:
        message.attach(*_attachment_from_dict(attachment))
    message.content_subtype = data["content_subtype"]
    message.encoding = data["encoding"]
    return message


def _attachment_to_dict(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        return {"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")}
    filename, content, mimetype = attachment
    if isinstance(content, str):
        return {"filename": filename, "text": content, "mimetype": mimetype}
    return {"filename": filename, "base64": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}


def _attachment_from_dict(data: dict) -> tuple:
    if "mime" in data:
        return (message_from_bytes(base64.b64decode(data["mime"]), _class=_StoredPart),)
    content = data["text"] if "text" in data else base64.b64decode(data["base64"])
    return data["filename"], content, data["mimetype"]


class _StoredPart(MIMEBase):
    """A MIME part read back from the outbox (Django attaches only MIMEBase parts as they are)."""

    def __init__(self):  # the parser fills in headers and payload
        Message.__init__(self)
