"""Build the labelled pair set for the similar-suggestion benchmark (bench/data/similar_pairs.jsonl).

Texts come from the demo's suggestion templates (oversight/demo/texts.py: real-sounding 代表建议 by
topic, place, background, problems and measures). A positive pair is the same matter (topic and
place) raised twice in different words: the second title is rewritten the way deputies actually
vary them (建议… / …的意见 / 进一步 / short place names / 问题 wording) and the content is drawn
again (other background, problems and measures). Negatives are the hard cases staff meet: the same
matter in another place, another matter in the same place, and another matter of the same
category. Run once; the file is committed so the figures can be reproduced.

    .venv/bin/python bench/make_similar_pairs.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oversight.demo.texts import PLACES, TOPICS, Topic, _content

SHORT = {
    "城东区": "城东",
    "城西区": "城西",
    "江北区": "江北",
    "高新区": "高新技术开发区",
    "临江县": "临江",
    "青山县": "青山",
    "老城片区": "老城区",
    "滨江新区": "滨江",
    "火车站周边": "火车站片区",
    "经济开发区": "经开区",
    "南湖街道": "南湖",
    "北山镇": "北山",
}


def rewrite(title: str, place: str, rng: random.Random) -> str:
    core = title.removeprefix("关于").removesuffix("的建议")
    if rng.random() < 0.6:
        core = core.replace(place, SHORT[place])
    style = rng.randrange(5)
    if style == 0:
        return f"建议{core}"
    if style == 1:
        return f"关于进一步{core}的意见"
    if style == 2:
        return f"关于{core}工作的建议"
    if style == 3:
        return f"{core}亟待重视"
    return f"关于切实{core}的建议"


def main() -> None:
    rng = random.Random(11)
    topics: list[tuple[str, Topic]] = [(c, t) for c, ts in TOPICS.items() for t in ts if "{place}" in t.title]
    pairs: list[dict[str, object]] = []

    def text(topic: Topic, place: str) -> tuple[str, str]:
        content, _m = _content(rng, topic, place)
        return topic.title.format(place=place), content

    def add(a: tuple[str, str], b: tuple[str, str], same: bool, kind: str) -> None:
        pairs.append(
            {"a_title": a[0], "a_content": a[1], "b_title": b[0], "b_content": b[1], "same": same, "kind": kind}
        )

    for _ in range(110):  # the same matter, worded differently
        _c, topic = rng.choice(topics)
        place = rng.choice(PLACES)
        a = text(topic, place)
        b_title, b_content = text(topic, place)
        add(a, (rewrite(b_title, place, rng), b_content), True, "same matter, reworded")
    for _ in range(50):  # the same matter in another place
        _c, topic = rng.choice(topics)
        p1, p2 = rng.sample(PLACES, 2)
        add(text(topic, p1), text(topic, p2), False, "same topic, other place")
    for _ in range(30):  # another matter in the same place
        (_c1, t1), (_c2, t2) = rng.sample(topics, 2)
        place = rng.choice(PLACES)
        add(text(t1, place), text(t2, place), False, "other topic, same place")
    by_category: dict[str, list[Topic]] = {}
    for c, t in topics:
        by_category.setdefault(c, []).append(t)
    for _ in range(30):  # another matter of the same category, anywhere
        c = rng.choice([c for c, ts in by_category.items() if len(ts) > 1])
        t1, t2 = rng.sample(by_category[c], 2)
        add(text(t1, rng.choice(PLACES)), text(t2, rng.choice(PLACES)), False, "other topic, same category")
    out = Path(__file__).resolve().parent / "data" / "similar_pairs.jsonl"
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    print(f"{len(pairs)} pairs → {out}")


if __name__ == "__main__":
    main()
