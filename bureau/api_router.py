"""Every API endpoint, in one list: the table of contents of /api/v1/."""

from rest_framework.routers import DefaultRouter

from bureau.api.views import TownshipViewSet, VillageViewSet

router = DefaultRouter()
router.register("townships", TownshipViewSet, basename="township")
router.register("villages", VillageViewSet, basename="village")

app_name = "api"
urlpatterns = router.urls
