"""The live seminar's models move from the debate app into their own (state only: the tables
keep their data and are renamed to this app's names)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("debate", "0006_revisions_share_one_base"),
        ("organisations", "0001_initial"),
        ("processes", "0003_process_author_visibility"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LiveStamp',
                    fields=[
                        ('key', models.CharField(max_length=24, primary_key=True, serialize=False)),
                        ('stamp', models.BigIntegerField()),
                    ],
                    options={
                        'db_table': 'debate_livestamp',
                        'verbose_name': 'live change marker',
                        'verbose_name_plural': 'live change markers',
                    },
                ),
                migrations.CreateModel(
                    name='SeminarLiveState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('join_code', models.CharField(max_length=6, unique=True, verbose_name='join code')),
                        ('timer_started_at', models.DateTimeField(blank=True, null=True, verbose_name='timer started')),
                        ('timer_minutes', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='timer (minutes)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('current_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='processes.agendaitem', verbose_name='running agenda item')),
                        ('seminar', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='live_state', to='processes.seminar', verbose_name='seminar')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.membership')),
                    ],
                    options={
                        'db_table': 'debate_seminarlivestate',
                        'verbose_name': 'live state of a seminar',
                        'verbose_name_plural': 'live states of seminars',
                        'ordering': ['seminar'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('timer_minutes__isnull', True), ('timer_started_at__isnull', True)), models.Q(('timer_minutes__gte', 1), ('timer_minutes__lte', 480), ('timer_started_at__isnull', False)), _connector='OR'), name='live_timer_started_with_minutes')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="livestamp", table=None),
        migrations.AlterModelTable(name="seminarlivestate", table=None),
    ]
