"""Whole-word matching for the moderation and blocked word lists, in Latin and other scripts."""

import pytest

from comments.words import WordList


def found(words, *texts):
    return WordList.parse(words).first_found(*texts)


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("press", "The press was there."),
        ("press", "PRESS release"),
        ("casino", "Visit the Casino!"),
        ("casino", "(casino)"),
        ("casino", "ＣＡＳＩＮＯ tonight"),  # full-width letters are the same word
        ("buy now", "Buy\n   now, please"),  # a phrase, whatever the spaces between its words
        ("straße", "STRASSE"),  # case-folded the Unicode way
        ("café", "Cafe\u0301 open"),  # a composed and a decomposed accent are the same letter
        ("ελπίδα", "Η ΕΛΠΊΔΑ πεθαίνει τελευταία"),
        ("деньги", "Быстрые Деньги!"),
        ("spam.example", "offers@spam.example"),  # a domain catches the addresses at it
        ("c++", "I write c++ daily"),
        ("赌场", "网上赌场开业"),  # no spaces between Chinese words: found inside the sentence
        ("カジノ", "オンラインカジノで遊ぶ"),
        ("คาสิโน", "เล่นคาสิโนออนไลน์"),
        ("casino", "我爱casino游戏"),  # a Latin word next to Chinese characters stands apart
    ],
)
def test_a_listed_word_is_found_as_a_word_of_its_own(word, text):
    assert found(word, text) == word


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("press", "Built with WordPress"),
        ("press", "pressing matters"),
        ("ass", "A class of its own"),
        ("casino", "casinos"),
        ("casino", "casino24"),
        ("cafe", "café"),  # the accent is part of the word
        ("деньги", "безденьгизм"),
        ("ελπίδα", "ελπίδας"),
        ("buy now", "buy nowhere"),
        ("赌场", "赌博"),
    ],
)
def test_a_listed_word_inside_a_longer_word_is_not_found(word, text):
    assert found(word, text) is None


def test_the_entry_is_reported_as_written_and_the_first_listed_wins():
    words = "  Casino  \n\nbuy now\ncasino\n"
    assert WordList.parse(words).entries == (("Casino", "casino"), ("buy now", "buy now"))
    assert found(words, "buy now at the casino") == "Casino"


def test_every_text_given_is_searched():
    assert found("casino", "A fine comment.", "Casino Fan", "fan@example.org") == "casino"
    assert found("casino", "A fine comment.", "", None) is None


def test_an_empty_list_finds_nothing_and_is_false():
    assert not WordList.parse("\n \n")
    assert found("", "anything at all") is None
