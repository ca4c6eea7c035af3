"""The ``clean`` stage: remove scraping debris and keep a map back to the scraped text.

Every step rewrites the text with a regular expression through :class:`_Draft`, which carries,
for each character, its index in the scraped text, so spans found later can be shown in the
original. Steps: literal escapes (``\\n`` typed as two characters) become real characters;
odd whitespace and zero-width characters are normalised; ``pic.twitter.com`` and
tracking/short links are deleted; whitespace is collapsed; embedded social posts are found by
their signature line (``— Author (@handle) 1645970900``) and recorded as :class:`EmbeddedPost`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from .dictionaries import read_yaml
from .errors import DataFileError
from .model import EmbeddedPost, Record
from .pipeline import stage
from .settings import Settings


@dataclass(slots=True)
class Cleaned:
    text: str
    offsets: list[int]  # cleaned index -> index in the scraped text
    posts: list[EmbeddedPost] = field(default_factory=list)


@stage("clean", requires=["article"], assigns=["text", "posts"])
def clean_records(records: list[Record], settings: Settings) -> None:
    for record in records:
        cleaned = clean_text(record.article.text or "")
        record.text, record.offsets, record.posts = cleaned.text, cleaned.offsets, cleaned.posts


def clean_text(raw: str) -> Cleaned:
    draft = _Draft(raw, list(range(len(raw))))
    for pattern, replacement in _steps():
        draft = draft.substitute(pattern, replacement)
    return Cleaned(draft.text, draft.offsets, _find_posts(draft, raw))


@dataclass(slots=True)
class _Draft:
    """Text being cleaned, with the scraped-text index of each of its characters."""

    text: str
    offsets: list[int]

    def substitute(self, pattern: re.Pattern[str], replacement: Callable[[re.Match[str]], str]) -> _Draft:
        pieces: list[str] = []
        offsets: list[int] = []
        done = 0
        for match in pattern.finditer(self.text):
            pieces.append(self.text[done:match.start()])
            offsets.extend(self.offsets[done:match.start()])
            new = replacement(match)
            pieces.append(new)
            unchanged = new == match.group()  # its characters keep their own offsets
            offsets.extend(self.offsets[match.start():match.end()] if unchanged else self._trace(new, match))
            done = match.end()
        pieces.append(self.text[done:])
        offsets.extend(self.offsets[done:])
        return _Draft("".join(pieces), offsets)

    def _trace(self, new: str, match: re.Match[str]) -> list[int]:
        """Offsets for a replacement: a character kept from the match keeps its own offset,
        a new one takes the offset of where it stands in the match."""
        old, start = match.group(), match.start()
        last = len(self.offsets) - 1
        traced, cursor = [], 0
        for char in new:
            found = old.find(char, cursor)
            index = start + found if found >= 0 else start + min(cursor, max(len(old) - 1, 0))
            traced.append(self.offsets[min(index, last)])
            cursor = found + 1 if found >= 0 else cursor
        return traced


_RAW_NEWLINES = "\n\r\u2028\u2029\x85"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"'}
# Twitter embeds: "— Name (@handle) 1645970900" or "— Name (@handle) February 27, 2022".
_SIGNATURE_REST = (r"[^\S\n]*(?P<author>[^\n()]*?[^\s()])[^\S\n]*\(@(?P<handle>[^\n()@]+)\)"
                   r"[^\S\n]*(?P<when>\d{9,10}(?!\d)|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4})")
_SIGNATURE = rf"(?:—|–|--|-){_SIGNATURE_REST}"
_SIGNATURE_LINE = re.compile(rf"(?m)^{_SIGNATURE}")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y")
_URL_END = r"(?=[.,;:!?)\]”’\"']*(?:\s|$))"  # a link ends before trailing punctuation and space


@cache
def _steps() -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]]:
    blank: Callable[[re.Match[str]], str] = lambda m: ""
    return [
        (re.compile(r'\\([ntr"])'), lambda m: _ESCAPES[m.group(1)]),
        (re.compile(r"\r\n?|[\u2028\u2029\x85]"), lambda m: "\n"),
        (re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+"), blank),
        (_debris_links(), blank),
        # An em-dash signature glued to the post ("today.— Name (@handle) 1645970900") starts a line.
        (re.compile(rf"(?<=\S)[^\S\n]*(?=[—–]{_SIGNATURE_REST})"), lambda m: "\n"),
        # Runs of spaces, and any other horizontal space, become one space (a lone space is left as it is).
        (re.compile(r"[^\S\n]{2,}|[^\S\n ]"), lambda m: " "),
        (re.compile(r" ?\n ?"), lambda m: "\n"),
        (re.compile(r"\n{3,}"), lambda m: "\n\n"),
        (re.compile(r"^\s+|\s+$"), blank),
        # A signature glued to the next sentence gets its own line, so it stays a sentence of its own.
        (re.compile(rf"(?m)^(?:{_SIGNATURE}) ?(?=\S)"), _break_after_signature),
    ]


def _debris_links() -> re.Pattern[str]:
    """pic.twitter.com links (even glued to a sentence: "today.pic.twitter.com/x"), bare short links
    and URLs with tracking parameters, with the spaces before them."""
    cues = _cleaning_cues()
    domains = "|".join(re.escape(d) for d in cues["short_link_domains"])
    params = "|".join(re.escape(p) + ("\\w*" if p.endswith("_") else "") for p in cues["tracking_parameters"])
    return re.compile(
        rf"[^\S\n]*(?:(?:https?://)?(?:www\.)?pic\.twitter\.com/\w+"
        rf"|(?<![\w-])(?:https?://)?(?:www\.)?(?:{domains})/\S*?{_URL_END}"
        rf"|(?<![\w-])(?:https?://|www\.)\S+?[?&](?:{params})=\S*?{_URL_END})"
    )


@cache
def _cleaning_cues() -> dict[str, list[str]]:
    try:
        data = read_yaml("cleaning.yaml")
        return {key: [str(v) for v in data[key]] for key in ("short_link_domains", "tracking_parameters")}
    except (OSError, KeyError, TypeError) as exc:
        raise DataFileError(f"data/cleaning.yaml: {exc}") from exc


def _break_after_signature(match: re.Match[str]) -> str:
    if _signature_time(match.group("when")) is None:
        return match.group()
    return match.group()[:match.end("when") - match.start()] + "\n"


def _signature_time(when: str) -> str | None:
    """ISO 8601 UTC from an epoch timestamp or a date ("February 27, 2022" -> "2022-02-27")."""
    if when.isdigit():
        return datetime.fromtimestamp(int(when), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(when, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _find_posts(draft: _Draft, raw: str) -> list[EmbeddedPost]:
    """Each signature line closes a post: the text back to the previous paragraph break."""
    text = draft.text
    real_breaks = _real_breaks(draft, raw)
    posts, floor = [], 0
    for match in _SIGNATURE_LINE.finditer(text):
        time = _signature_time(match.group("when"))
        if time is None:
            continue
        end = len(text[floor:match.start()].rstrip()) + floor
        start = max([b for b in real_breaks if floor <= b <= end], default=floor)
        posts.append(EmbeddedPost(author=match.group("author").strip(), handle=match.group("handle").strip(),
                                  time=time, span=(start, end), signature_span=(match.start(), match.end())))
        floor = match.end()
    return posts


def _real_breaks(draft: _Draft, raw: str) -> list[int]:
    """Where paragraphs of the scraped text start in the cleaned text: after blank lines if the
    article has any, else after each line. Newlines decoded from a typed "\\n" do not count: they
    are line breaks inside an embedded post."""
    text, offsets = draft.text, draft.offsets
    real = {i for i, char in enumerate(text) if char == "\n" and raw[offsets[i]] in _RAW_NEWLINES}
    after_blank = [i + 2 for i in sorted(real) if i + 1 in real]
    return after_blank or [i + 1 for i in sorted(real)]
