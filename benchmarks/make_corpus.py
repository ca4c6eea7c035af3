"""Write a synthetic news corpus (JSON Lines in eventwire's input shape) for the benchmarks.

Every sentence is assembled here from templates and word lists, so no real article text is
used, but the text has what the pipeline works on in real news: named governments and
officials, event verbs, reported speech, quotes, dates and places, and background sentences
with no event at all. Lengths follow a log-normal around the target word count, as news does.

    python benchmarks/make_corpus.py --articles 2000 --words 600 -o corpus.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Iterator
from datetime import date, timedelta

COUNTRIES = [("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Russia", "Russian", "Moscow"),
             ("Ukraine", "Ukrainian", "Kyiv"), ("China", "Chinese", "Beijing"), ("Japan", "Japanese", "Tokyo"),
             ("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad"), ("Iran", "Iranian", "Tehran"),
             ("Israel", "Israeli", "Jerusalem"), ("Egypt", "Egyptian", "Cairo"), ("Turkey", "Turkish", "Ankara"),
             ("Brazil", "Brazilian", "Brasilia"), ("Mexico", "Mexican", "Mexico City"), ("Kenya", "Kenyan", "Nairobi"),
             ("Nigeria", "Nigerian", "Abuja"), ("Poland", "Polish", "Warsaw"), ("Sudan", "Sudanese", "Khartoum"),
             ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Canada", "Canadian", "Ottawa")]
OFFICES = ["foreign minister", "defence minister", "prime minister", "president", "interior minister",
           "army chief", "central bank governor", "opposition leader"]
GIVEN = ["Anna", "Omar", "Li", "Maria", "Yusuf", "Elena", "Kwame", "Hiro", "Sofia", "Ravi", "Marta", "Ahmed"]
FAMILY = ["Kowal", "Haddad", "Moreno", "Okafor", "Tanaka", "Ivanova", "Mensah", "Rahimi", "Santos", "Weber",
          "Novak", "Farouk"]
GROUPS = ["police", "protesters", "rebels", "troops", "the army", "lawmakers", "striking workers", "students"]
VERBS_PAST = ["met", "criticized", "accused", "praised", "threatened", "condemned", "sanctioned", "attacked",
              "visited", "urged", "warned", "thanked", "rejected"]
ACTIONS = ["signed an agreement with", "held talks with", "expelled diplomats from", "imposed sanctions on",
           "offered aid to", "recalled its ambassador from", "demanded an apology from", "called for a ceasefire with"]
REPORT = ["said", "told reporters", "said in a statement", "told state television", "wrote on social media"]
TOPICS = ["grain exports", "the border dispute", "energy prices", "a new trade deal", "the refugee crisis",
          "security cooperation", "the election result", "debt relief", "water rights along the river"]
BACKGROUND = [
    "The two countries have had tense relations for more than a decade.",
    "Analysts said the move was likely to raise prices in the coming months.",
    "The region has seen repeated clashes since the start of the year.",
    "Officials did not give further details about the timing of the plan.",
    "Markets fell slightly after the announcement, before recovering in afternoon trading.",
    "The agreement still needs the approval of parliament before it can take effect.",
    "Local residents said the roads into the city were closed for most of the day.",
    "The figures could not be independently verified.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _sentence(rng: random.Random) -> str:
    (a, adj_a, cap_a), (b, _, cap_b) = rng.sample(COUNTRIES, 2)
    kind = rng.random()
    if kind < 0.25:
        return f"{adj_a} {rng.choice(OFFICES).title()} {_person(rng)} {rng.choice(VERBS_PAST)} {b} on " \
               f"{rng.choice(WEEKDAYS)} over {rng.choice(TOPICS)}."
    if kind < 0.45:
        return f"{a} {rng.choice(ACTIONS)} {b} in {cap_a} on {rng.choice(WEEKDAYS)}, " \
               f"{rng.choice(['officials', 'diplomats', 'a government spokesman'])} {rng.choice(REPORT)}."
    if kind < 0.6:
        return f"\"We will not accept any threat to our people,\" {_person(rng)}, the {adj_a} " \
               f"{rng.choice(OFFICES)}, {rng.choice(REPORT)}."
    if kind < 0.72:
        return f"{rng.choice(GROUPS).capitalize()} clashed with {rng.choice(GROUPS)} in {cap_b} on " \
               f"{rng.choice(WEEKDAYS)}, and at least {rng.randint(2, 40)} people were hurt."
    if kind < 0.8:
        return f"{a} may {rng.choice(['send troops to', 'cut ties with', 'resume talks with'])} {b} next month " \
               f"if {rng.choice(TOPICS)} is not settled, {adj_a} media reported."
    return rng.choice(BACKGROUND)


def _article_text(rng: random.Random, words: int) -> str:
    paragraphs, paragraph, count = [], [], 0
    while count < words:
        sentence = _sentence(rng)
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) >= rng.randint(2, 4):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    return "\n".join(paragraphs)


def generate(articles: int, words: int, seed: int = 7, spread: float = 0.35) -> Iterator[dict]:
    """``articles`` input records whose word counts are log-normal with median ``words``."""
    rng = random.Random(seed)
    start = date(2025, 3, 1)
    for number in range(articles):
        length = max(80, int(rng.lognormvariate(math.log(words), spread)))
        day = start + timedelta(days=number % 30)
        country = rng.choice(COUNTRIES)[0]
        yield {"id": f"bench-{number:06d}", "title": f"{country}: {rng.choice(TOPICS)}",
               "published": f"{day.isoformat()}T{rng.randint(0, 23):02d}:00:00Z",
               "outlet": rng.choice(["Synthetic Wire", "Example Post", "Test Herald"]),
               "url": f"https://news.example/{number}", "text": _article_text(rng, length)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600, help="median words per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    with open(args.output, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in generate(args.articles, args.words, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
