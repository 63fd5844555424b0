"""The live seminar's models now belong to the live app (see live 0001): dropped from this
app's state only; their tables stay and are renamed there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("debate", "0006_revisions_share_one_base"),
        ("live", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LiveStamp"),
                migrations.DeleteModel(name="SeminarLiveState"),
            ],
            database_operations=[],
        ),
    ]
