from django.contrib import admin

from accounts.forms import ThrottledAdminAuthenticationForm
from accounts.models import LoginFailure

admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """The failures that currently count towards lockouts: deleting a username's rows lifts its lockout."""

    list_display = ["username", "ip_address", "attempted_at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
