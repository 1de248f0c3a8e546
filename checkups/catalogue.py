"""The service catalogue: the 19 items of the free pre-pregnancy check (国人口发〔2010〕31号)
and the items of the reproductive-health check-up, with the sexes each applies to.

This is the starting configuration, written by a data migration; operators adjust it in
the admin (rename, switch an item off, change whom it applies to).

Item 19 (early-pregnancy and outcome follow-up) is listed so the catalogue matches the
national standard but starts switched off: this system records nothing about
pregnancies or their outcomes, so no visit offers it.
"""

from django.db import transaction

PRE = "pre_pregnancy"
REPRO = "reproductive_health"

# code, number, name, group, for women, for men
ITEMS = [
    ("pp-education", 1, "优生健康教育", "basic", True, True),
    ("pp-history", 2, "病史询问", "basic", True, True),
    ("pp-physical", 3, "体格检查", "basic", True, True),
    ("pp-vaginal-secretion", 4, "阴道分泌物检查", "lab", True, False),
    ("pp-blood-routine", 5, "血液常规检验", "lab", True, True),
    ("pp-urine-routine", 6, "尿液常规检验", "lab", True, True),
    ("pp-blood-type", 7, "血型（ABO、Rh）", "lab", True, True),
    ("pp-glucose", 8, "血清葡萄糖", "lab", True, False),
    ("pp-liver", 9, "肝功能（ALT）", "lab", True, True),
    ("pp-hbv", 10, "乙型肝炎血清学五项", "lab", True, True),
    ("pp-kidney", 11, "肾功能（肌酐）", "lab", True, True),
    ("pp-thyroid", 12, "甲状腺功能（TSH）", "lab", True, False),
    ("pp-syphilis", 13, "梅毒螺旋体筛查", "virus", True, True),
    ("pp-rubella", 14, "风疹病毒IgG抗体", "virus", True, False),
    ("pp-cmv", 15, "巨细胞病毒IgM/IgG抗体", "virus", True, False),
    ("pp-toxoplasma", 16, "弓形体IgM/IgG抗体", "virus", True, False),
    ("pp-ultrasound", 17, "妇科超声常规检查", "imaging", True, False),
    ("pp-risk-counselling", 18, "风险评估和咨询指导", "basic", True, True),
    ("pp-follow-up", 19, "早孕和妊娠结局随访", "basic", True, False),
    ("rh-gynaecological", 1, "妇科检查", "exam", True, False),
    ("rh-breast", 2, "乳腺检查", "exam", True, False),
    ("rh-blood-pressure", 3, "血压测量", "exam", True, False),
]
INACTIVE = frozenset({"pp-follow-up"})


def load_items(model=None) -> int:
    """Create the catalogue items that are missing; returns how many were created.

    `model` is the ServiceItem class (a data migration passes its historical model);
    existing items, possibly edited by an operator, are left as they are.
    """
    if model is None:
        from checkups.models import ServiceItem as model
    created = 0
    with transaction.atomic():
        for code, number, name, group, women, men in ITEMS:
            _, made = model.objects.get_or_create(
                code=code,
                defaults={
                    "number": number,
                    "name": name,
                    "campaign_kind": PRE if code.startswith("pp-") else REPRO,
                    "group": group,
                    "for_women": women,
                    "for_men": men,
                    "is_active": code not in INACTIVE,
                },
            )
            created += made
    return created
