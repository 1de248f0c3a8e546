"""Spreadsheet columns for importing and editing org units (administrators only)."""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from bureau.models import Township, Village


class TownshipResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code")

    class Meta:
        model = Township
        fields = ["code", "name", "valid_from", "valid_to", "successor"]
        import_id_fields = ["code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class VillageResource(resources.ModelResource):
    township = fields.Field(
        attribute="township",
        column_name="township_code",
        widget=widgets.ForeignKeyWidget(Township, field="code"),
    )

    class Meta:
        model = Village
        fields = [
            "code",
            "township",
            "name",
            "urban_rural_code",
            "valid_from",
            "valid_to",
        ]
        import_id_fields = ["code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def before_save_instance(self, instance, row, **kwargs):
        if instance.township_id is None:
            raise ValidationError({"township": "Unknown township code."})
