import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from bureau.models import Township, User, Village
from bureau.roles import Role


class TownshipFactory(DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ["code"]

    code = factory.Sequence(
        lambda n: f"{settings.BUREAU_DISTRICT_CODE}{100 + n % 900:03d}000"
    )
    name = factory.Sequence(lambda n: f"测试镇{n}")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["code"]

    township = factory.SubFactory(TownshipFactory)
    code = factory.LazyAttributeSequence(
        lambda v, n: f"{v.township.code[:9]}{200 + n % 700:03d}"
    )
    name = factory.Sequence(lambda n: f"测试村{n}")
    urban_rural_code = "220"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def townships(self, create, extracted, **kwargs):
        """UserFactory.create(townships=[t]) posts the user to those townships."""
        if create and extracted:
            self.townships.set(extracted)
        if create:
            self.save()


def enrol_authenticator(user: User):
    """A confirmed authenticator app (TOTP device) for `user`, as after enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator")


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code `device`'s app shows now (or `steps_ahead` 30-second steps later)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
