from django.contrib import admin

from .models import District
from .models import LocalArea
from .models import PartnerOrganisation


class DistrictInline(admin.TabularInline[District, LocalArea]):
    model = District
    extra = 0


class PartnerInline(admin.TabularInline[PartnerOrganisation, LocalArea]):
    model = PartnerOrganisation
    extra = 0


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin[LocalArea]):
    list_display = ["name", "slug", "kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DistrictInline, PartnerInline]
