"""Every API endpoint, in one list: the table of contents of /api/v1/."""

from rest_framework.routers import DefaultRouter

from bureau.api.views import TownshipViewSet, VillageViewSet
from households.api import views as households

router = DefaultRouter()
router.register("townships", TownshipViewSet, basename="township")
router.register("villages", VillageViewSet, basename="village")
router.register("households", households.HouseholdViewSet, basename="household")
router.register("persons", households.PersonViewSet, basename="person")
router.register("migrations", households.MigrantRecordViewSet, basename="migration")
router.register("corrections", households.CorrectionViewSet, basename="correction")

app_name = "api"
urlpatterns = router.urls
