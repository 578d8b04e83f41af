"""Find quoted statements in news text and attribute them to speakers.

``extract_quotes(text)`` for one article, ``QuoteExtractor(backend=...)`` as a reusable callable
(built by Hydra from ``configs/extractor/*.yaml``), ``Quote`` for the records.
"""

from negostance.quotes.extractor import BACKENDS, Quote, QuoteExtractor, extract_quotes

__all__ = ["BACKENDS", "Quote", "QuoteExtractor", "extract_quotes"]
