"""A secret follow token for every response: distinct for each existing row."""

import secrets

from django.db import migrations
from django.db import models

import consultations.models.responses


def fill_tokens(apps, schema_editor):
    Response = apps.get_model("consultations", "Response")
    batch = []
    for response in Response.objects.only("pk").iterator(chunk_size=2000):
        response.follow_token = secrets.token_urlsafe(32)
        batch.append(response)
        if len(batch) >= 2000:
            Response.objects.bulk_update(batch, ["follow_token"])
            batch = []
    if batch:
        Response.objects.bulk_update(batch, ["follow_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0010_response_publishing"),
    ]

    operations = [
        # Added nullable first, so existing rows do not all get one default.
        migrations.AddField(
            model_name="response",
            name="follow_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="response",
            name="follow_token",
            field=models.CharField(
                default=consultations.models.responses.new_follow_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
