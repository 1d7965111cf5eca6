"""Corrections in the admin: editors append them to published articles; every change goes through articles/corrections.py."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles import corrections
from articles.models import Correction


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 4})}

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.instance._state.adding and not article.is_live:
            raise forms.ValidationError(_("Corrections and updates go on published articles only."))
        return article


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline", "text"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["article"]

    def get_readonly_fields(self, request, obj=None):
        # A correction stays with the article it corrects; its date is when it was added.
        return ["created_at", "created_by"] if obj is None else ["article", "created_at", "created_by"]

    def get_fields(self, request, obj=None):
        return (
            ["article", "kind", "text"]
            if obj is None
            else ["article", "kind", "text", "created_at", "created_by"]
        )

    def save_model(self, request, obj, form, change):
        corrections.save_correction(obj, by=request.user)

    def delete_model(self, request, obj):
        corrections.delete_corrections(Correction.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        corrections.delete_corrections(queryset)
