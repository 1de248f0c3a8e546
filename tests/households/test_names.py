import pytest

from households.names import DEFAULT_SURNAME_READINGS, normalize_name, pinyin_keys


def test_surname_shan_is_read_shan_but_dan_still_finds_it():
    keys = pinyin_keys("单明")

    assert keys.pinyin == "shanming"
    assert keys.initials == "sm"
    assert keys.sort_key == "shanming"
    assert {"shanming", "sm", "danming", "dm"} <= set(keys.search.split())


def test_initials_of_zhang_san_are_zs():
    keys = pinyin_keys("张三")

    assert keys.initials == "zs"
    assert keys.search == "zhangsan zs"


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("欧阳锋", "ouyangfeng", "oyf"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("曾小贤", "zengxiaoxian", "zxx"),
        ("覃海", "qinhai", "qh"),
    ],
)
def test_compound_and_misread_surnames_get_their_surname_reading(
    name, pinyin, initials
):
    keys = pinyin_keys(name)

    assert keys.pinyin == pinyin
    assert keys.initials == initials


def test_an_override_table_entry_without_spaces_still_splits_into_initials():
    keys = pinyin_keys("尉迟恭", surname_readings={"尉迟": "Yùchí"})

    assert keys.pinyin == "yuchigong"
    assert keys.initials == "ycg"


def test_an_empty_override_table_leaves_the_pypinyin_reading():
    assert pinyin_keys("单明", surname_readings={}).pinyin == "danming"


def test_default_table_holds_the_documented_surname_readings():
    assert DEFAULT_SURNAME_READINGS["单"] == "shan"
    assert DEFAULT_SURNAME_READINGS["万俟"] == "moqi"


@pytest.mark.parametrize(
    "raw",
    [
        "阿依古丽•买买提",
        "阿依古丽・买买提",
        "阿依古丽．买买提",
        "阿依古丽‧买买提",
        "阿依古丽⋅买买提",
        " 阿依古丽 · 买买提\u3000",
    ],
)
def test_middle_dot_look_alikes_become_one_middle_dot(raw):
    assert normalize_name(raw) == "阿依古丽·买买提"


def test_inner_whitespace_collapses_to_one_space():
    assert normalize_name("\u00a0John \t  Smith\u200b ") == "John Smith"


def test_the_middle_dot_is_ignored_in_pinyin():
    keys = pinyin_keys("阿依古丽·买买提")

    assert keys.pinyin == "ayigulimaimaiti"
    assert keys.initials == "ayglmmt"


def test_a_name_with_a_character_pypinyin_cannot_read_sorts_after_normal_names():
    rare = pinyin_keys("小𣵦村")
    normal = pinyin_keys("小明")
    last_letter = pinyin_keys("邹子")

    assert rare.sort_key == "xiao~cun"
    assert sorted([rare.sort_key, normal.sort_key]) == ["xiaoming", "xiao~cun"]
    assert pinyin_keys("𣵦明").sort_key > last_letter.sort_key


def test_manual_pinyin_wins_over_every_rule():
    keys = pinyin_keys("单明", manual_pinyin="Chán Míng")

    assert keys.pinyin == "chanming"
    assert keys.initials == "cm"
    assert keys.sort_key == "chanming"
    assert {"chanming", "cm", "shanming", "danming"} <= set(keys.search.split())


def test_manual_pinyin_gives_a_rare_character_name_a_normal_sort_key():
    keys = pinyin_keys("小𣵦村", manual_pinyin="xiao liu cun")

    assert keys.sort_key == "xiaoliucun"
    assert keys.initials == "xlc"


def test_latin_names_keep_their_letters_as_words():
    keys = pinyin_keys("John Smith")

    assert keys.pinyin == "johnsmith"
    assert keys.initials == "js"
