"""A deterministic demo district: townships, villages and one user of every role.

Everything here is fictional. `build_district` is safe to run any number of
times: it creates what is missing, puts back what was changed, and leaves the
audit trail untouched when nothing differs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from bureau.audit import audit_context
from bureau.models import Township, User, Village
from bureau.roles import Role

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published in the README, demo only

# (digits 7-9 of the division code, name): 0xx are streets (街道), 1xx towns (镇).
TOWNSHIPS = [
    ("001", "文化路街道"),
    ("002", "青年路街道"),
    ("003", "新华街道"),
    ("004", "东关街道"),
    ("101", "青山镇"),
    ("102", "柳河镇"),
    ("103", "石桥镇"),
    ("104", "白鹭镇"),
]
COMMUNITIES_PER_STREET = 7
VILLAGES_PER_TOWN = 6
COMMUNITY_NAMES = [
    "文苑",
    "书香",
    "翠柳",
    "和平",
    "朝阳",
    "光明",
    "康乐",
    "春晖",
    "新华",
    "明湖",
    "泉城",
    "锦绣",
    "东关",
    "西城",
    "南苑",
    "北园",
    "花园",
    "幸福",
    "安居",
    "丰泽",
    "晨曦",
    "阳光",
    "金桥",
    "银河",
    "景苑",
    "怡心",
    "清源",
    "润泽",
]
VILLAGE_NAMES = [
    "李家庄",
    "王家庄",
    "张庄",
    "刘家屯",
    "大柳树",
    "小柳树",
    "石门",
    "东岭",
    "西岭",
    "南河",
    "北河",
    "杏林",
    "枣园",
    "桃花峪",
    "梨园",
    "马家沟",
    "赵家店",
    "孙家集",
    "周家坡",
    "吴家湾",
    "郑家营",
    "杨家峪",
    "高家岭",
    "河口",
]
URBAN_COMMUNITY = "111"  # 城镇 主城区
RURAL_VILLAGE = "220"  # 乡村 村庄


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    township_indexes: tuple[int, ...] = ()
    is_staff: bool = False


DEMO_USERS = [
    DemoUser("admin", "周建国", Role.ADMIN, is_staff=True),
    DemoUser("chief", "王淑芬", Role.CHIEF),
    DemoUser("auditor", "陈立新", Role.AUDITOR),
    DemoUser("staff1", "李明", Role.STAFF, township_indexes=(0,)),
    DemoUser("staff2", "张丽", Role.STAFF, township_indexes=(1, 2)),
    # A colleague of staff1 in 文化路街道: corrections need a second pair of eyes.
    DemoUser("staff3", "刘芳", Role.STAFF, township_indexes=(0,)),
]


def build_district() -> dict:
    """Create or restore the demo district under settings.BUREAU_DISTRICT_CODE.

    Guarantees 8 townships, 60 villages and communities with valid division
    codes, and the users of DEMO_USERS with DEMO_PASSWORD. Idempotent; every
    change is recorded in the audit trail under the task name "seed_demo".
    """
    with transaction.atomic(), audit_context(task="seed_demo"):
        townships = [_township(suffix, name) for suffix, name in TOWNSHIPS]
        villages = _villages(townships)
        users = [_user(demo, townships) for demo in DEMO_USERS]
    return {
        "district": settings.BUREAU_DISTRICT_CODE,
        "townships": len(townships),
        "villages": len(villages),
        "users": [user.username for user in users],
    }


def _township(suffix: str, name: str) -> Township:
    code = f"{settings.BUREAU_DISTRICT_CODE}{suffix}000"
    township, _ = Township.objects.update_or_create(code=code, defaults={"name": name})
    return township


def _villages(townships: list[Township]) -> list[Village]:
    """Streets hold communities only; towns hold two communities and six villages."""
    streets = [t for t in townships if t.kind == Township.Kind.STREET]
    towns = [t for t in townships if t.kind == Township.Kind.TOWN]
    villages = []
    for n, street in enumerate(streets):
        names = _slice(COMMUNITY_NAMES, n, COMMUNITIES_PER_STREET)
        villages += [
            _village(street, 1 + i, f"{name}社区", URBAN_COMMUNITY)
            for i, name in enumerate(names)
        ]
    for n, town in enumerate(towns):
        stem = town.name.removesuffix("镇")
        villages += [
            _village(town, 1, f"{stem}社区", URBAN_COMMUNITY),
            _village(town, 2, f"{stem}新城社区", URBAN_COMMUNITY),
        ]
        names = _slice(VILLAGE_NAMES, n, VILLAGES_PER_TOWN)
        villages += [
            _village(town, 201 + i, f"{name}村", RURAL_VILLAGE)
            for i, name in enumerate(names)
        ]
    return villages


def _slice(names: list[str], index: int, size: int) -> list[str]:
    return names[index * size : (index + 1) * size]


def _village(township: Township, number: int, name: str, urban_rural: str) -> Village:
    village, _ = Village.objects.update_or_create(
        code=f"{township.code[:9]}{number:03d}",
        defaults={
            "township": township,
            "name": name,
            "urban_rural_code": urban_rural,
        },
    )
    return village


def _user(demo: DemoUser, townships: list[Township]) -> User:
    user, _ = User.objects.update_or_create(
        username=demo.username,
        defaults={
            "full_name": demo.full_name,
            "role": demo.role,
            "is_staff": demo.is_staff,
            "is_superuser": False,
            "is_active": True,
        },
    )
    # The demo password is documented in the README; it is put back if changed.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.townships.set([townships[index] for index in demo.township_indexes])
    return user


# --- demo hooks ----------------------------------------------------------------------
#
# `manage.py seed_demo` builds the district, then runs each app's hook in order. An
# app registers its hook in its `<app>/demo` module (found on first use, as importers
# are) with register_demo_hook(DemoHook(name, build, order=…)), so the core never
# imports an app. A hook takes the command's options (persons, seed) and returns lines to print;
# it must be safe to run twice, like build_district.


@dataclass(frozen=True)
class DemoHook:
    name: str
    build: Callable[..., list[str]]
    order: int = 100


_hooks: dict[str, DemoHook] = {}
_discovered = False


def register_demo_hook(hook: DemoHook) -> DemoHook:
    """Run `hook` in `seed_demo` (after the district; hooks in `order`, then name)."""
    _hooks[hook.name] = hook
    return hook


def demo_hooks() -> list[DemoHook]:
    """Every registered hook in running order (each app's `demo` module imported once)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("demo")
        _discovered = True
    return sorted(_hooks.values(), key=lambda hook: (hook.order, hook.name))


def _district_lines(**options) -> list[str]:
    district = build_district()
    return [
        f"District {district['district']}: {district['townships']} townships, "
        f"{district['villages']} villages and communities; users "
        f"{', '.join(district['users'])} (password {DEMO_PASSWORD})."
    ]


register_demo_hook(DemoHook("bureau", _district_lines, order=0))
