"""Same verdicts before and after a scoring change: dump everything scoring says about the
five shared datasets with the scoring code of one tree, then compare the dumps.

    git clone /work/main /tmp/before     # the code to compare against
    python bench/score_check.py /tmp/before /tmp/before.txt
    python bench/score_check.py . /tmp/after.txt
    cmp /tmp/before.txt /tmp/after.txt   # and the two sha256 lines agree

Per account, as `bot.py score` judges it (the demo owner, as bench/score_throughput.py):
the verdict JSON; repr(verdict) (unrounded floats, facts) with the demo owner and with
none; the same with the posts reversed; per post, about_poster.explain(text, kind). The
dump holds the posts' judgements, not their texts, but write it outside the repository
(/tmp): it is large (about 100 MB) and derived from the datasets, read here in place.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

SETS = (
    "twibot-20-sample",
    "pan19-bots",
    "cresci-2015",
    "botwiki-verified-2019",
    "twitter-human-bots-2020",
)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: score_check.py TREE OUT")
    tree, out_path = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _data import DATASETS, need  # (puts this checkout on the path)

    sys.path.insert(0, str(tree))  # the scoring code of TREE, before this checkout's
    from scoring import judge, parse_account
    from scoring.about_poster import explain
    from whynot.owner_config import load_owner_config

    owner = load_owner_config(tree / "data" / "demo" / "owner.toml")
    now = datetime(2020, 9, 1, tzinfo=UTC)
    digest = hashlib.sha256()
    n = 0
    with out_path.open("w", encoding="utf-8", errors="surrogatepass") as out:
        for name in SETS:
            text = need(DATASETS / name / "accounts.jsonl").read_text(encoding="utf-8")
            for line in text.splitlines():
                if not line.strip():
                    continue
                obj = json.loads(line)
                verdict = judge(parse_account(obj), owner, now)
                rows = [json.dumps(verdict.to_dict(), ensure_ascii=False), repr(verdict)]
                rows.append(repr(judge(parse_account(obj), None, now)))
                obj["posts"] = list(reversed(obj.get("posts") or []))
                rows.append(repr(judge(parse_account(obj), owner, now)))
                rows += [repr(explain(p["text"], p.get("kind") or "post")) for p in obj["posts"]]
                block = "\n".join(rows) + "\n"
                out.write(block)
                digest.update(block.encode("utf-8", "surrogatepass"))
                n += 1
    print(f"{n} accounts, sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
