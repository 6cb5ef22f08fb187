"""The OpenAPI description of the API's operations (drf-spectacular), where its defaults do not say what we do."""
from drf_spectacular.openapi import AutoSchema


class ApiSchema(AutoSchema):
    def _get_filter_parameters(self):
        """A filter left empty (``?type=&year=2024``, as the registry's HTML form sends it) filters nothing: say
        so (allowEmptyValue), or a client reading the schema would think an empty value is refused."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters
