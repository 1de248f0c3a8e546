"""Ranking runs and their scores, publications (frozen versions) and yellow cards."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited

POINTS = {"max_digits": 9, "decimal_places": 2}


@audited()
class RankingRun(models.Model):
    """One computation of a month's scores. At most one run per directive is current;
    a run becomes current only once every township is scored and ranked."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")

    directive = models.ForeignKey(
        "reports.Directive",
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.RUNNING
    )
    is_current = models.BooleanField(_("current"), default=False)
    township_count = models.PositiveIntegerField(_("townships"), default=0)
    as_of = models.DateField(_("figures as of"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("ranking run")
        verbose_name_plural = _("ranking runs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive"],
                condition=models.Q(is_current=True),
                name="one_current_run_per_directive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.directive} #{self.pk}"


@audited()
class TownshipScore(models.Model):
    """A township's total and rank in one run (the summary table dashboards read)."""

    run = models.ForeignKey(
        RankingRun,
        verbose_name=_("run"),
        on_delete=models.CASCADE,
        related_name="totals",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points earned"), **POINTS)
    weight_in_play = models.DecimalField(_("weight scored"), **POINTS)
    weight_total = models.DecimalField(_("weight of all items"), **POINTS)
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("township score")
        verbose_name_plural = _("township scores")
        ordering = ["run", "rank", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "township"], name="one_total_per_run_and_township"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.total}"

    @property
    def reweighted(self) -> bool:
        return self.weight_in_play != self.weight_total


@audited()
class ItemScore(models.Model):
    run = models.ForeignKey(
        RankingRun,
        verbose_name=_("run"),
        on_delete=models.CASCADE,
        related_name="item_scores",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "reports.DirectiveItem",
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4)
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    points = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    left_out = models.BooleanField(
        _("left out"),
        default=False,
        help_text=_("Too few cases to score: the other items were re-weighted."),
    )

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["run", "township", "item__position", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "township", "item"], name="one_score_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.township}: {self.points}"


@audited()
class VillageFigure(models.Model):
    """One village's share of an item score's figure, written with the run, so that a
    drill-down shows the same numbers as the score however the register changes later."""

    score = models.ForeignKey(
        ItemScore,
        verbose_name=_("item score"),
        on_delete=models.CASCADE,
        related_name="villages",
    )
    village = models.ForeignKey(
        "bureau.Village",
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for rows that belong to no village."),
    )
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4)
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("village figure")
        verbose_name_plural = _("village figures")
        ordering = ["score", "village"]

    def __str__(self) -> str:
        return f"{self.village or '-'}: {self.numerator}"


@audited()
class Publication(models.Model):
    """A frozen ranking: version 1 is the chief's publication, later ones are revisions."""

    directive = models.ForeignKey(
        "reports.Directive",
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    run = models.ForeignKey(
        RankingRun,
        verbose_name=_("run"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    reason = models.TextField(_("reason for the revision"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["directive", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "version"], name="one_publication_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.directive} v{self.version}"


@audited()
class YellowCard(models.Model):
    """A proposed warning (黄牌警告); only the chief's decision makes it a card."""

    class Reason(models.TextChoices):
        BELOW_THRESHOLD = "below", _("Total below the threshold")
        LAST_TWICE = "last_twice", _("Last two months running")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ISSUED = "issued", _("Issued")
        DISMISSED = "dismissed", _("Dismissed")

    directive = models.ForeignKey(
        "reports.Directive",
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="yellow_cards",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason)
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PROPOSED
    )
    note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    plan_due_on = models.DateField(_("rectification plan due"), null=True, blank=True)
    plan_received_on = models.DateField(
        _("rectification plan received"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("yellow card")
        verbose_name_plural = _("yellow cards")
        ordering = ["-directive__month", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "township"], name="one_card_per_month"
            )
        ]
        permissions = [("decide_yellowcard", "Can issue or dismiss a yellow card")]

    def __str__(self) -> str:
        return f"{self.township} {self.directive.month:%Y-%m}"


@audited()
class MonthlyFigure(models.Model):
    """Every installed indicator's figure per township and month, written by the nightly
    job: the statistics tables and dashboard tiles read these rows, not the register."""

    month = models.DateField(_("month"))
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.CharField(_("indicator"), max_length=100)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4)
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        ordering = ["-month", "indicator", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "township", "indicator"], name="one_figure_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.township_id} {self.indicator}"

    @property
    def value(self):
        if self.denominator is None:
            return self.numerator
        return self.numerator / self.denominator if self.denominator else None
