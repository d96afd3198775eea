from django.contrib import admin

from minamata_kb.taxonomy.models import (
    Article,
    Channel,
    Profile,
    ResourceType,
    StatementRole,
    Topic,
)

for model in (Article, Channel, Profile, ResourceType, StatementRole, Topic):
    admin.site.register(model)
