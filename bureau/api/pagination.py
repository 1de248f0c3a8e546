"""Keyset (cursor) pagination: page 200 costs what page 1 does."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-pk"

    def get_page_size(self, request):
        """`page_size` as asked (at most max_page_size); 400 unless a whole number >= 1."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of 1 or more.")]}
            )
        return min(int(raw), self.max_page_size)
