from django.contrib import admin

from articles.models import Article, Author, Byline, Section, Topic


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_navigation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "published_at", "updated_at"]
    list_filter = ["status", "section", "featured"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["topics"]
    inlines = [BylineInline]

    def save_model(self, request, obj, form, change):
        obj.set_body(obj.body)
        super().save_model(request, obj, form, change)
