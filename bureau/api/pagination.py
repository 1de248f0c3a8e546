"""Keyset (cursor) pagination: page 200 costs what page 1 does."""

from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-pk"
