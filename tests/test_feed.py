"""The news RSS feed."""

import datetime as dt
import xml.etree.ElementTree as ET

from portal.content.articles import Article
from portal.site.feed import rss


def test_feed_lists_newest_first_and_skips_drafts():
    items = [
        Article("tin-tuc/bai-viet/cu.md", "Tin cũ & xưa", "Mô tả <cũ>", dt.date(2025, 7, 1)),
        Article("tin-tuc/bai-viet/moi.md", "Tin mới", "Mô tả mới", dt.date(2026, 1, 1)),
        Article("tin-tuc/bai-viet/nhap.md", "Nháp", "", dt.date(2026, 2, 1), draft=True),
    ]
    xml = rss(items, "https://xa.example.vn", "tin-tuc/rss.xml", "Tin tức", "Mô tả")
    channel = ET.fromstring(xml).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Tin mới", "Tin cũ & xưa"]
    first = channel.find("item")
    assert first.findtext("link") == "https://xa.example.vn/tin-tuc/moi/"
    assert first.findtext("pubDate") == "Thu, 01 Jan 2026 07:00:00 +0700"
    assert channel.findtext("language") == "vi"
