from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.uploads import prepare_upload

ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif"


class ImageForm(forms.ModelForm):
    """The library's form: the upload is judged and re-encoded here, so a refusal shows next to the file."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "decorative", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT})}

    prepared = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        self.prepared = prepare_upload(upload)
        return self.prepared.content

    def clean(self):
        cleaned_data = super().clean()
        if (
            not cleaned_data.get("decorative")
            and not cleaned_data.get("alt_text")
            and "alt_text" in self.fields
        ):
            self.add_error(
                "alt_text",
                _("Describe what the image shows for readers who cannot see it, or mark it as decorative."),
            )
        if (cleaned_data.get("focal_x") is None) != (cleaned_data.get("focal_y") is None):
            self.add_error("focal_y", _("Give both coordinates of the focal point, or neither."))
        return cleaned_data

    def save(self, commit=True):
        if self.prepared is not None:
            self.instance.width, self.instance.height = self.prepared.width, self.prepared.height
        return super().save(commit)
