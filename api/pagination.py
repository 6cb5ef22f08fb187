"""Pages of API lists: ?page=N, ?page_size up to 100; the page says the language its items are in."""
from django.conf import settings
from django.utils import translation
from rest_framework import pagination
from rest_framework.response import Response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response({
            "language": translation.get_language(),
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["language", "count", "results"]
        described["properties"] = {
            "language": {"type": "string", "enum": [code for code, _name in settings.LANGUAGES],
                         "description": "The language of the items."},
            **described["properties"],
        }
        return described
