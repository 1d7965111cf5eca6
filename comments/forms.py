from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, validate_web_address
from comments.protection import (
    FormTokenExpired,
    FormTokenInvalid,
    check_form_token,
    form_token,
    seconds_since_started,
)
from comments.rules import Submission


class EmailInputWithoutValue(forms.EmailInput):
    """The address is never written into a page, not even back to the reader who typed it."""

    def format_value(self, value):
        return None


class WebAddressField(forms.URLField):
    """An http(s) address; a bare host name is taken as https."""

    default_validators = [validate_web_address]


class CommentForm(forms.ModelForm):
    website = WebAddressField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # When the reader started on the form, signed by the server (comments.js fetches it); empty without script.
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The trap: hidden from people by the style sheet, irresistible to programs that fill every field.
    subject = forms.CharField(label=_("Leave this field empty"), required=False, strip=False)
    remember = forms.BooleanField(
        label=_("Save my name, email and website in this browser for the next time I comment."),
        required=False,
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body"]
        labels = {"name": _("Name"), "email": _("Email"), "body": _("Comment")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": EmailInputWithoutValue(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 8, "cols": 45}),
        }

    def __init__(self, data=None, *, article, reply_to=None):
        super().__init__(data, instance=Comment(article=article), label_suffix="")
        self.article = article
        self.reply_to = reply_to
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH
        self.fields["subject"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def token_value(self):
        """A fresh token, also when an expired one came back with the data."""
        return form_token(self.article.pk)

    def clean_parent(self):
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = Comment.objects.approved().on_article(self.article).filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is no longer available."), code="parent_gone"
            )
        self.reply_to = parent
        return parent

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        limit = settings.COMMENTS_MAX_LENGTH
        if len(body) > limit:
            raise forms.ValidationError(
                _("A comment can be at most %(limit)s characters long; this one has %(length)s."),
                code="too_long",
                params={
                    "limit": number_format(limit, force_grouping=True),
                    "length": number_format(len(body), force_grouping=True),
                },
            )
        return body

    def clean(self):
        cleaned_data = super().clean()
        try:
            check_form_token(cleaned_data.get("token") or "", self.article.pk)
        except FormTokenExpired:
            self.add_error(
                None,
                forms.ValidationError(
                    _("This form has expired. Your comment is kept below: please send it again."),
                    code="form_expired",
                ),
            )
        except FormTokenInvalid:
            self.add_error(
                None,
                forms.ValidationError(
                    _("This form could not be checked. Your comment is kept below: please send it again."),
                    code="form_invalid",
                ),
            )
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        self.instance.place_under(self.cleaned_data.get("parent"))

    @property
    def trap_filled(self):
        return bool(self.cleaned_data.get("subject"))

    @property
    def seconds_taken(self):
        """From the start on the form to this post, by the server's clock; None when unknown."""
        return seconds_since_started(self.cleaned_data.get("started"))


class RuleTesterForm(forms.Form):
    """A sample comment for the rule tester in the admin: nothing is stored, nothing counted."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = WebAddressField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})
    )
    seconds_taken = forms.FloatField(
        label=_("Seconds taken to write it"),
        required=False,
        min_value=0,
        help_text=_("Empty: unknown, as for a reader without JavaScript."),
    )
    trap_filled = forms.BooleanField(label=_("Hidden trap field filled in"), required=False)

    def submission(self, discussion):
        data = self.cleaned_data
        comment = Comment(
            name=data["name"],
            email=data["email"],
            website=data["website"],
            body=data["body"],
            ip_address=data["ip_address"] or None,
        )
        return Submission(
            comment=comment,
            discussion=discussion,
            trap_filled=data["trap_filled"],
            seconds_taken=data["seconds_taken"],
        )
