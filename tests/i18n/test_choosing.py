"""How a language is chosen: a tag to a shipped code, a browser's Accept-Language, the system's locale."""

from __future__ import annotations

import pytest

from sim.i18n import DEFAULT, from_accept_language, from_environment, shipped


@pytest.mark.parametrize(("tag", "code"), [
    ("de", "de"), ("de-AT", "de"), ("de_CH.UTF-8", "de"), ("es-419", "es"), ("es_MX", "es"), ("en-GB", "en"),
    ("zh", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-SG", "zh"),
    ("zh-TW", None), ("zh-Hant", None), ("zh-HK", None), ("fr", None), ("fr-FR", None), ("C", None),
    ("POSIX", None), ("", None), (None, None), ("*", None), ("not a tag!", None), ("de@euro", "de"),
])
def test_a_language_tag_names_a_shipped_language_or_none(tag, code):
    assert shipped(tag) == code


@pytest.mark.parametrize(("header", "code"), [
    ("de-DE,de;q=0.9,en;q=0.8", "de"),
    ("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5", "es"),  # French does not ship: the next by weight
    ("en;q=0.5,zh-CN;q=0.9", "zh"),               # weight, not order
    ("zh-TW,zh;q=0.8", "zh"),                     # Traditional does not ship; plain zh does
    ("zh-TW,en;q=0.1", "en"),
    ("fr,it", None), ("", None), (None, None), ("de;q=0", None), ("es;q=abc,de;q=0.2", "de"),
    ("*", None), ("en-US,en;q=0.9", "en"),
])
def test_accept_language_picks_the_best_shipped_language(header, code):
    assert from_accept_language(header) == code


@pytest.mark.parametrize(("env", "code"), [
    ({}, DEFAULT),
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "fr_FR.UTF-8"}, DEFAULT),
    ({"LC_ALL": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}, "es"),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "de_DE.UTF-8"}, "zh"),
    ({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, "de"),     # a GNU list: the first that ships
    ({"LANGUAGE": "de", "LANG": "C"}, DEFAULT),               # LANGUAGE is ignored under the C locale
    ({"LANGUAGE": "de", "LANG": "C.UTF-8"}, DEFAULT),
    ({"LANG": "zh_TW.UTF-8"}, DEFAULT),
])
def test_the_environment_chooses_the_command_lines_language(env, code):
    assert from_environment(env) == code
