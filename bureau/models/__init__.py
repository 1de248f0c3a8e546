from bureau.models.access import AccessEvent as AccessEvent
from bureau.models.attachments import Attachment as Attachment
from bureau.models.imports import ImportJob as ImportJob
from bureau.models.notifications import Notification as Notification
from bureau.models.org import Township as Township
from bureau.models.org import Village as Village
from bureau.models.users import User as User
