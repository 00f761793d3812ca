"""The tenancy pattern: every school-scoped queryset narrows to one school first."""

from __future__ import annotations

from django.db import models


class SchoolScopedQuerySet(models.QuerySet):
    def for_school(self, school) -> SchoolScopedQuerySet:
        """Rows of one school; every school-scoped read starts here."""
        return self.filter(school=school)
