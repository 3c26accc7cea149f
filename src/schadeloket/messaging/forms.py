"""The one message form, for both sides: the label differs, the rules do not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schadeloket.identity.forms import AccessibleFormMixin

from .models import MAX_MESSAGE_LENGTH


class MessageForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        max_length=MAX_MESSAGE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}),
        error_messages={
            "required": _("Schrijf eerst uw bericht."),
            "max_length": _(
                "Uw bericht is te lang. Het mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
