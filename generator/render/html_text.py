"""HTML in spec descriptions (Stripe's `<p>`, `<code>`, `<a href>`) as the plain text / Markdown a
docstring reads well in. Only known HTML tags are touched: `List<String>` or `a < b` stay as
written, and entities are decoded only in text that held HTML. The result still goes through the
escaping filter (escape.docstring): this makes text readable, never safe."""

from __future__ import annotations

import html
import re

_BLOCK = "p|div|ul|ol|pre|blockquote|table|thead|tbody|tr|h[1-6]"
_INLINE = "code|a|br|li|strong|b|em|i|span|sup|sub|td|th|tt|kbd|var|small|u|s"
_TAG = re.compile(rf"</?(?:{_BLOCK}|{_INLINE})\b[^<>]*>", re.IGNORECASE)
_LINK = re.compile(r"<a\b[^<>]*?href\s*=\s*([\"'])(.*?)\1[^<>]*>(.*?)</a\s*>", re.I | re.S)
_CODE = re.compile(r"<(code|tt|kbd|var)\b[^<>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_STRONG = re.compile(r"<(strong|b)\b[^<>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_EM = re.compile(r"<(em|i)\b[^<>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_BLOCK_END = re.compile(rf"</?(?:{_BLOCK})\b[^<>]*>", re.IGNORECASE)


def html_to_text(text: str) -> str:
    if not _TAG.search(text):
        return text
    text = _LINK.sub(lambda m: f"[{m.group(3)}]({m.group(2)})" if m.group(2) else m.group(3), text)
    text = _CODE.sub(lambda m: f"`{m.group(2)}`", text)
    text = _STRONG.sub(lambda m: f"**{m.group(2)}**", text)
    text = _EM.sub(lambda m: f"*{m.group(2)}*", text)
    text = _BREAK.sub("\n", text)
    text = _ITEM.sub("\n- ", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip()
