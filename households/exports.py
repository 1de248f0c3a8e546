"""The register's exports, offered to the core export path (found by bureau.exports).

The download page and the background job both build the rows from this source, so an
export above EXPORT_BACKGROUND_ROWS writes the same masked file and the same access event
as a small one sent at once.
"""

from bureau.exports import ExportSource, register_export_source
from households.services.exports import HEADERS, exportable_persons, register_rows

PERSONS = register_export_source(
    ExportSource(
        kind="households.persons",
        subject="households.person",
        basename="人口登记",
        sheet_title="人口登记",
        headers=HEADERS,
        select=exportable_persons,
        rows=lambda persons, unmasked: register_rows(persons, unmasked=unmasked),
        permission="households.view_person",
    )
)
