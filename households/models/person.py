"""Persons in the register. ID numbers are stored encrypted with a lookup hash."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.masking import mask_id_number
from households.idnumbers import DocumentType


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MaritalStatus(models.TextChoices):
    UNMARRIED = "unmarried", _("Unmarried")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")
    UNKNOWN = "unknown", _("Unknown")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class ResidenceStatus(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MOVED_AWAY = "moved_away", _("Moved away")
    MOVED_IN = "moved_in", _("Moved in")


@audited()
class Person(models.Model):
    Sex = Sex
    MaritalStatus = MaritalStatus
    Relation = Relation
    ResidenceStatus = ResidenceStatus
    DocumentType = DocumentType
    # Set by the register services on the row they return: ID-number warnings to show.
    id_warnings: list[str]

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("A person belongs to at most one household."),
    )
    relation_to_head = models.CharField(
        _("relation to head"), max_length=12, choices=Relation, default=Relation.OTHER
    )
    name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(_("pinyin"), max_length=200)
    name_initials = models.CharField(_("initials"), max_length=50)
    name_search = models.CharField(
        _("search keys"),
        max_length=500,
        help_text=_("Every pinyin reading, for search."),
    )
    name_sort = models.CharField(_("sort key"), max_length=200, db_collation="C")
    manual_pinyin = models.CharField(
        _("pinyin override"), max_length=200, blank=True, help_text=_("e.g. shan ming")
    )
    document_type = models.CharField(
        _("document type"),
        max_length=12,
        choices=DocumentType,
        default=DocumentType.RESIDENT_ID,
    )
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_hash = models.CharField(
        _("ID lookup hash"), max_length=64, blank=True, db_index=True
    )
    id_legacy_encrypted = models.TextField(
        _("legacy 15-digit number (encrypted)"), blank=True
    )
    id_prefix = models.CharField(_("ID first 6"), max_length=6, blank=True)
    id_last4 = models.CharField(_("ID last 4"), max_length=4, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    marital_status = models.CharField(
        _("marital status"),
        max_length=10,
        choices=MaritalStatus,
        default=MaritalStatus.UNKNOWN,
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=10,
        choices=ResidenceStatus,
        default=ResidenceStatus.RESIDENT,
    )
    is_alive = models.BooleanField(_("alive"), default=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    mother = models.ForeignKey(
        "self",
        verbose_name=_("mother"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children_as_mother",
    )
    father = models.ForeignKey(
        "self",
        verbose_name=_("father"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children_as_father",
    )
    phones = ArrayField(
        models.CharField(max_length=20),
        verbose_name=_("phone numbers"),
        default=list,
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name_sort", "pk"]
        indexes = [
            # Prefix search (LIKE 'zs%') on pinyin and initials uses these indexes.
            models.Index(
                name="person_initials_prefix",
                fields=["name_initials"],
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                name="person_pinyin_prefix",
                fields=["name_pinyin"],
                opclasses=["varchar_pattern_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_alive=False) | models.Q(died_on__isnull=True),
                name="person_death_date_only_when_deceased",
            )
        ]
        permissions = [("approve_correction", "Can approve corrections")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        """The ID number as lists show it: first 4, ten stars, last 4."""
        if not self.id_last4:
            return ""
        return mask_id_number(f"{self.id_prefix}{'0' * 8}{self.id_last4}")


@audited()
class SurnameReading(models.Model):
    """Correct pinyin for surnames the converter misreads (单 shan, 仇 qiu …)."""

    surname = models.CharField(_("surname"), max_length=2, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=20)

    class Meta:
        verbose_name = _("surname reading")
        verbose_name_plural = _("surname readings")
        ordering = ["surname"]

    def __str__(self) -> str:
        return f"{self.surname} {self.pinyin}"
