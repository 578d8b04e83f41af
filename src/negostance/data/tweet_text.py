"""Tweet normalisation for the tweet benchmarks (``data.preprocess=tweet``), as the SemEval-2016
Task 6 systems did it: drop the ``#SemST`` tag every SemEval tweet carries (it says nothing about
stance), turn hashtags into the words they are made of, and replace user mentions and URLs by
placeholders. Dictionary-free: a hashtag is split at case changes, digits and underscores
(``#StopHillary2016`` -> ``stop hillary 2016``); an all-lower-case hashtag stays one word.
``tweet_mentions`` keeps who a mention names, split the same way (``@HillaryClinton`` ->
``@hillary clinton``): a handle can be the target itself.
"""

from __future__ import annotations

import html
import re

#: Names of the preprocessing options a loader's ``preprocess`` accepts (None: the text as is).
PREPROCESS = ("tweet", "tweet_mentions")

_SEMST = re.compile(r"#SemST\b", re.IGNORECASE)
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"(?<![\w@])@(\w+)")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
# an upper-case run before a capitalised word, a (capitalised) lower-case word, an upper-case
# run, digits, or other letters (non-ASCII)
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")


def split_hashtag(tag: str) -> str:
    """The words of a hashtag (without its ``#``), lower-cased.

    >>> split_hashtag("HillaryForPrison"), split_hashtag("StopHillary2016"), split_hashtag("GOP")
    ('hillary for prison', 'stop hillary 2016', 'gop')
    >>> split_hashtag("HOLYCRAPThatsGoodNews"), split_hashtag("women_rights"), split_hashtag("tcot")
    ('holycrap thats good news', 'women rights', 'tcot')
    """
    return " ".join(_PARTS.findall(tag)).lower() or tag.lower()


def normalize_tweet(text: str, mentions: str = "user") -> str:
    """``text`` with ``#SemST`` dropped, HTML entities decoded, URLs as ``http``, mentions as
    ``@user`` (``mentions="words"``: ``@`` and the handle's words), hashtags as their words and
    whitespace collapsed.

    >>> normalize_tweet("RT @JaneDoe: #HillaryForPrison &amp; more http://t.co/x  #SemST")
    'RT @user: hillary for prison & more http'
    >>> normalize_tweet("RT @JaneDoe: #HillaryForPrison", mentions="words")
    'RT @jane doe: hillary for prison'
    """
    if mentions not in ("user", "words"):
        raise ValueError(f"mentions must be 'user' or 'words', got {mentions!r}")
    text = _SEMST.sub(" ", html.unescape(text))
    text = _URL.sub("http", text)
    text = _MENTION.sub(
        lambda m: "@user" if mentions == "user" else "@" + split_hashtag(m.group(1)), text
    )
    text = _HASHTAG.sub(lambda m: split_hashtag(m.group(1)), text)
    return " ".join(text.split())


def preprocessor(name: str | None):
    """The text function of a ``preprocess`` option: ``None`` (text unchanged), ``"tweet"`` or
    ``"tweet_mentions"`` (mentions kept as words)."""
    if name is None:
        return lambda text: text
    if name == "tweet":
        return normalize_tweet
    if name == "tweet_mentions":
        return lambda text: normalize_tweet(text, mentions="words")
    raise ValueError(f"preprocess must be null or one of {PREPROCESS}, got {name!r}")
