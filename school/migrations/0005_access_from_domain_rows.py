# Access is read from the domain rows (teaching assignments with their dates, the
# class teacher, guardian relations, substitutions); django-guardian's grants were
# written but never read, so they go with their tables (see school/permissions.py).

from django.db import migrations

OLD_PERMISSIONS = ("keep_journal", "view_class_journal", "view_student_diary")
OLD_TASK = "school.tasks.teaching_assignments_expire_task"


def forget_grants(apps, schema_editor):
    """The custom permissions and the hourly job that revoked grants go too."""
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="school", codename__in=OLD_PERMISSIONS
    ).delete()
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=OLD_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0004_user_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="schoolclass",
            options={
                "ordering": ["grade", "letter"],
                "verbose_name": "class",
                "verbose_name_plural": "classes",
            },
        ),
        migrations.AlterModelOptions(
            name="student",
            options={
                "ordering": ["user__last_name", "user__first_name", "user__patronymic"],
                "verbose_name": "student",
                "verbose_name_plural": "students",
            },
        ),
        migrations.AlterModelOptions(
            name="teachingassignment",
            options={
                "ordering": ["group__grade", "group__name", "subject__name"],
                "verbose_name": "teaching assignment",
                "verbose_name_plural": "teaching load",
            },
        ),
        migrations.DeleteModel(name="SchoolClassUserObjectPermission"),
        migrations.DeleteModel(name="StudentUserObjectPermission"),
        migrations.DeleteModel(name="TeachingAssignmentUserObjectPermission"),
        # guardian's own tables exist only where it was installed and migrated;
        # forgetting its applied migrations keeps django_migrations truthful.
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS guardian_userobjectpermission",
                "DROP TABLE IF EXISTS guardian_groupobjectpermission",
                "DELETE FROM django_migrations WHERE app = 'guardian'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunPython(forget_grants, migrations.RunPython.noop),
    ]
