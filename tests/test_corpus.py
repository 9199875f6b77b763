"""The benchmark's generated corpus: deterministic, valid Vietnamese articles."""

import unicodedata

from portal.bench import corpus
from portal.content import articles as content


def test_same_seed_gives_the_same_files(tmp_path):
    corpus.generate(tmp_path / "a", count=12, source_docs_dir=None)
    corpus.generate(tmp_path / "b", count=12, source_docs_dir=None)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert files_a == files_b and len(files_a) == 12
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_articles_are_nfc_ascii_named_with_front_matter(tmp_path):
    corpus.generate(tmp_path, count=20, source_docs_dir=None)
    articles = content.load(tmp_path)
    assert len(articles) == 20
    assert sum(a.is_news for a in articles) == 10
    for article in articles:
        text = (tmp_path / article.src_path).read_text(encoding="utf-8")
        assert article.src_path.isascii()
        assert unicodedata.is_normalized("NFC", text)
        assert corpus.MARKER in text
        assert article.title and article.description
        assert len(text.split()) > 400
