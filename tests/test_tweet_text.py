"""Tweet normalisation (data.preprocess=tweet) on inline strings."""

from __future__ import annotations

import pytest

from negostance.data.tweet_text import normalize_tweet, preprocessor, split_hashtag


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("HillaryForPrison", "hillary for prison"),
        ("StopHillary2016", "stop hillary 2016"),
        ("SCOTUSMarriage", "scotus marriage"),
        ("JadeHelm15", "jade helm 15"),
        ("women_rights", "women rights"),
        ("feminism", "feminism"),
        ("1A", "1 a"),
    ],
)
def test_split_hashtag(tag, words):
    assert split_hashtag(tag) == words


def test_normalize_tweet():
    t = "RT @prayerbullets: I remove idols -2 Kings 18:4 #GodFirst #SemST"
    assert normalize_tweet(t) == "RT @user: I remove idols -2 Kings 18:4 god first"
    assert (
        normalize_tweet("mail me@example.com or see https://t.co/abc www.x.org #SemST")
        == "mail me@example.com or see http http"
    )
    assert normalize_tweet("We ♥ #LoveWins &amp; #1A!!") == "We ♥ love wins & 1 a!!"
    assert normalize_tweet("#SemST") == ""
    assert (
        normalize_tweet("@HillaryClinton @JVX242 for #SCOTUS", mentions="words")
        == "@hillary clinton @jvx 242 for scotus"
    )
    with pytest.raises(ValueError, match="mentions"):
        normalize_tweet("x", mentions="drop")


def test_preprocessor():
    assert preprocessor(None)("#SemST as is") == "#SemST as is"
    assert preprocessor("tweet")("@HillaryClinton #SemST") == "@user"
    assert preprocessor("tweet_mentions")("@HillaryClinton #SemST") == "@hillary clinton"
    with pytest.raises(ValueError, match="preprocess"):
        preprocessor("lowercase")
