"""Every API endpoint, in one list: the table of contents of /api/v1/."""

from rest_framework.routers import DefaultRouter

from bureau.api.clocks import DeadlineClockViewSet
from bureau.api.views import TownshipViewSet, VillageViewSet
from casework.api import views as casework
from checkups.api import views as checkups
from households.api import views as households
from incentives.api import views as incentives
from reports.api import views as reports

router = DefaultRouter()
router.register("townships", TownshipViewSet, basename="township")
router.register("villages", VillageViewSet, basename="village")
router.register("deadlines", DeadlineClockViewSet, basename="deadline")
router.register("households", households.HouseholdViewSet, basename="household")
router.register("persons", households.PersonViewSet, basename="person")
router.register("migrations", households.MigrantRecordViewSet, basename="migration")
router.register("corrections", households.CorrectionViewSet, basename="correction")
router.register("benefits/schemes", incentives.SchemeViewSet, basename="benefit-scheme")
router.register(
    "benefits/applications",
    incentives.ApplicationViewSet,
    basename="benefit-application",
)
router.register(
    "benefits/entitlements",
    incentives.EntitlementViewSet,
    basename="benefit-entitlement",
)
router.register(
    "benefits/changes", incentives.EntitlementChangeViewSet, basename="benefit-change"
)
router.register(
    "benefits/batches", incentives.PayoutBatchViewSet, basename="benefit-batch"
)
router.register("benefits/lines", incentives.PayoutLineViewSet, basename="benefit-line")
router.register(
    "checkups/campaigns", checkups.CampaignViewSet, basename="checkup-campaign"
)
router.register(
    "checkups/invitations", checkups.InvitationViewSet, basename="checkup-invitation"
)
router.register("checkups/visits", checkups.VisitViewSet, basename="checkup-visit")
router.register(
    "checkups/referrals", checkups.ReferralViewSet, basename="checkup-referral"
)
router.register("checkups/couples", checkups.CoupleViewSet, basename="checkup-couple")
# Before "cases": its {pk} would otherwise take "parties", "penalties" and "items".
router.register("cases/parties", casework.CasePartyViewSet, basename="case-party")
router.register("cases/penalties", casework.PenaltyViewSet, basename="case-penalty")
router.register("cases/items", casework.SeizedItemViewSet, basename="case-item")
router.register("cases", casework.CaseViewSet, basename="case")
router.register("rankings", reports.RankingViewSet, basename="ranking")
router.register("item-scores", reports.ItemScoreViewSet, basename="item-score")
router.register("receipts", reports.ReceiptViewSet, basename="receipt")
router.register("ledger", reports.LedgerEntryViewSet, basename="ledger-entry")

app_name = "api"
urlpatterns = router.urls
