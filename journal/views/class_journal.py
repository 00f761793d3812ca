"""The class teacher's view of the class: every subject, read only (C11)."""

from __future__ import annotations

from django.shortcuts import render

from journal.selectors import class_journal as selectors_class

# --- The class teacher's view of the class (C11) ------------------------------


def class_summary(request, class_id):
    period = request.GET.get("period", "")
    summary = selectors_class.class_summary_get(
        request.user,
        getattr(request, "school", None),
        class_id,
        int(period) if period.isdigit() else None,
    )
    return render(request, "journal/page_class_summary.html", {"summary": summary})
