"""Pages of API lists: ?page=N, ?page_size from 1 to 100; the page says the language its items are in."""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
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

    def get_page_size(self, request):
        """The size asked for, refused (400) when it is not a number from 1 to the maximum: REST framework would
        quietly give another size, and a client would think it had every item when it had only the first 100."""
        asked = request.query_params.get(self.page_size_query_param)
        if not asked:  # absent or left empty, as the page number may be
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                _("A number from 1 to %(maximum)d.") % {"maximum": self.max_page_size}
            ]})
        return size

    def get_schema_operation_parameters(self, view):
        """The page's parameters with their bounds (a page past the last is a 404, documented with the list);
        either may be left empty (the first page, the usual size)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["allowEmptyValue"] = True
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["language", "count", "results"]
        described["properties"] = {
            "language": {"type": "string", "enum": [code for code, _name in settings.LANGUAGES],
                         "description": "The language of the items."},
            **described["properties"],
        }
        return described
