"""Writers from plain records to vCard, Outlook CSV and crmdesk's lossless JSON.

Pure functions over records writing to an open text stream; the service
opens the file (encoding, BOM) and reports progress.
"""

from crmdesk.exporters.json_writer import record_to_dict, write_json
from crmdesk.exporters.outlook_csv import HEADER as OUTLOOK_HEADER
from crmdesk.exporters.outlook_csv import neutralise, write_outlook_csv
from crmdesk.exporters.vcard_writer import write_vcard

__all__ = [
    "OUTLOOK_HEADER",
    "neutralise",
    "record_to_dict",
    "write_json",
    "write_outlook_csv",
    "write_vcard",
]
