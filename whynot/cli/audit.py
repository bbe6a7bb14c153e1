"""`bot.py audit [--source store|archive PATH|jsonl FILE] [--owner-config PATH] [--out DIR]`:
judge every account of a source and write audit.csv (`whynot.audit.run_audit`), then the page
audit.html (`whynot.audit.report.write_report`)."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

from whynot.audit import (
    CSV_NAME,
    ERRORS_NAME,
    ArchiveSource,
    AuditConflict,
    JsonlSource,
    Source,
    SourceError,
    SourceUnreachable,
    StoreSource,
    default_workers,
    run_audit,
)
from whynot.audit.report import write_report
from whynot.cli.errors import UsageError
from whynot.config import ROOT
from whynot.handles import PLATFORM_LABELS

HELP = """\
Judge every account of a source against the letter's reasons and write, in DIR:
  audit.csv           one row per account: handle, fake_score, follow_back, each
                      criterion's passed/score/confidence, the failed criteria and
                      their top evidence
  audit.html          one self-contained page: summary, charts, a sortable, filterable
                      table of accounts and their reasons
  audit.errors.jsonl  input lines that could not be read ({"line": N, "error": ...})

Sources:
  --source store          the accounts cached in the database (default)
  --source archive PATH   the followers in your X archive (zip or folder) you do not
                          follow back, with their cached profiles; those never cached
                          are listed as "not reviewed"
  --source jsonl FILE     account JSON Lines (docs/schema/account.schema.json)
  --source bluesky        your Bluesky followers you do not follow back, read live
                          (BLUESKY_HANDLE and BLUESKY_APP_PASSWORD)
  --source mastodon       your Mastodon followers you do not follow back, read live
                          (MASTODON_BASE_URL and MASTODON_ACCESS_TOKEN)

An interrupted audit (Ctrl-C, a crash) resumes where it stopped when run again with the
same source and owner config: finished accounts are never judged again. --fresh starts
over. Exit status 0 when done, 1 when there was nothing to audit (with a hint) or a live
source did not answer (run again: it resumes), 130 when interrupted, 2 on a usage error.
"""


LIVE = ("bluesky", "mastodon")  # followers read live from the platform
STORE_PLATFORMS = ("x", "discord", "bluesky", "mastodon", "demo")  # as the store names them
# An audit that found nothing says why and what to try, and exits 1.
FILE_SOURCES = "try --source archive PATH or --source jsonl FILE"  # an X owner's way in
EMPTY_HINTS = {
    "store": "nothing to audit: the database holds no cached {platform} accounts yet (each "
    f"asker is cached when answered); {FILE_SOURCES}",
    "archive": "nothing to audit: the archive {path} lists no follower you do not follow back",
    "jsonl": "nothing to audit: {path} holds no readable account line",
    "bluesky": "nothing to audit: you follow back every Bluesky follower",
    "mastodon": "nothing to audit: you follow back every Mastodon follower",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit",
        help="judge every follower you do not follow back (or any account list) into "
        "audit.csv and audit.html",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--source",
        nargs="+",
        default=["store"],
        metavar="KIND [PATH]",
        help="store | archive PATH | jsonl FILE | bluesky | mastodon (default: store)",
    )
    p.add_argument(
        "--owner-config",
        type=Path,
        metavar="PATH",
        help="owner context TOML (default: owner_config from the config file)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=ROOT / "data" / "audit",
        metavar="DIR",
        help="output folder (default data/audit)",
    )
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument(
        "--platform",
        default="x",
        choices=STORE_PLATFORMS,
        type=str.lower,
        help="platform of the store's accounts (default x)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes judging accounts (default: one per CPU core)",
    )
    p.add_argument("--fresh", action="store_true", help="discard DIR's audit and start over")
    p.set_defaults(run=run)


def _source_spec(spec: list[str]) -> tuple[str, Path | None]:
    kind, *rest = spec
    kind = kind.lower()  # "Bluesky", as init takes it
    if kind not in ("store", "archive", "jsonl", *LIVE):
        raise UsageError(
            f"--source must be store, archive PATH or jsonl FILE (or bluesky, mastodon), "
            f"not {kind!r}"
        )
    if kind == "store" or kind in LIVE:
        if rest:
            raise UsageError(f"--source {kind} takes no path")
        return kind, None
    if len(rest) != 1:
        raise UsageError(f"--source {kind} needs exactly one path")
    return kind, Path(rest[0])


def _source(
    kind: str, path: Path | None, db_path: Path | None, platform: str, settings: Any = None
) -> Source:
    from whynot.store import Store

    if kind in LIVE:
        from whynot.platforms.audit_source import FollowerSource

        return FollowerSource(kind, settings)
    if kind == "jsonl":
        assert path is not None
        return JsonlSource(path)
    assert db_path is not None
    if kind == "archive":
        assert path is not None
        return ArchiveSource(path, lambda: Store.open(db_path))
    return StoreSource(lambda: Store.open(db_path), platform)


def enabled(settings: Any, platform: str) -> bool:
    """Whether the owner's credentials for a live source are set."""
    return bool(getattr(settings, f"{platform}_enabled", False))


def _cached_elsewhere(db_path: Path | None, platform: str) -> dict[str, int]:
    """How many accounts the store caches for each other platform (those with any)."""
    import asyncio

    from whynot.store import Store

    async def counts(db_path: Path) -> dict[str, int]:
        store = await Store.open(db_path)
        try:
            return {p: await store.accounts.count(p) for p in STORE_PLATFORMS if p != platform}
        finally:
            await store.close()

    if db_path is None:
        return {}
    return {name: n for name, n in asyncio.run(counts(db_path)).items() if n}


def run(args: argparse.Namespace) -> int:
    from whynot.archive import ArchiveError
    from whynot.config import ConfigError, load_settings
    from whynot.owner_config import OwnerConfigError
    from whynot.store import StoreError

    kind, path = _source_spec(args.source)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    owner_config = args.owner_config
    db_path = args.db
    settings = None
    needs_settings = owner_config is None or kind in LIVE or (kind != "jsonl" and db_path is None)
    if needs_settings:
        try:
            settings = load_settings(args.config)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        if db_path is not None:
            settings = replace(settings, db_path=db_path)
        owner_config = owner_config or settings.owner_config
        db_path = settings.db_path
    if kind not in ("jsonl", *LIVE) and (db_path is None or not db_path.exists()):
        raise UsageError(f"database not found: {db_path} (use --db PATH)")
    try:
        source = _source(kind, path, db_path, args.platform, settings)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    try:
        with source:
            if isinstance(source, ArchiveSource):
                print(
                    f"archive @{source.owner_handle}: {source.followers:,} followers, "
                    f"{source.total():,} of them not followed back",
                    file=sys.stderr,
                )
            result = run_audit(
                source,
                args.out,
                owner_config=owner_config,
                workers=args.workers or default_workers(),
                fresh=args.fresh,
            )
        # The page once every account is done (an interrupted audit has none yet).
        html = None if result.interrupted else write_report(args.out)
    except SourceUnreachable as exc:  # no network, the service down: not a set-up mistake
        print(f"bot.py audit: {exc}", file=sys.stderr)
        return 1
    except (SourceError, ArchiveError, OwnerConfigError, StoreError, AuditConflict) as exc:
        raise UsageError(str(exc)) from None
    except BrokenProcessPool as exc:  # a worker was killed (out of memory, kill -9)
        print(f"bot.py audit: a worker process died ({exc}); run again to resume", file=sys.stderr)
        return 1
    except OSError as exc:
        raise UsageError(f"{exc.filename or args.out}: {exc.strerror}") from None
    csv_path = args.out / CSV_NAME
    if result.interrupted:
        print(
            f"interrupted: {result.rows:,} accounts are in {csv_path}; run the same command "
            "again to resume",
            file=sys.stderr,
        )
        return 130
    if result.rows == 0:
        hint = EMPTY_HINTS[kind].format(path=path, platform=args.platform)
        elsewhere = _cached_elsewhere(db_path, args.platform) if kind == "store" else {}
        if elsewhere:  # a Mastodon, Bluesky or Discord owner left out --platform
            most = sorted(elsewhere.items(), key=lambda item: -item[1])
            said = [f"{n:,} {name}" for name, n in most]
            listing = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
            hint = (
                f"nothing to audit: the database holds no cached {args.platform} accounts, "
                f"but {listing}: add --platform {most[0][0]}"
            )
        live = [p for p in LIVE if enabled(settings, p)] if kind == "store" and settings else []
        if live and not elsewhere:  # their followers, read live
            offer = ", or ".join(f"your {PLATFORM_LABELS[p]} followers: --source {p}" for p in live)
            # an owner without X has no X archive to try; one with X keeps it
            x_owner = enabled(settings, "x")
            hint = f"{hint}, or {offer}" if x_owner else hint.replace(FILE_SOURCES, offer)
        print(f"bot.py audit: {hint}", file=sys.stderr)
        return 1
    resumed = f" ({result.judged:,} this run, resumed)" if result.resumed_at else ""
    print(
        f"audited {result.rows:,} account{'' if result.rows == 1 else 's'}{resumed} "
        f"in {result.seconds:.1f} s"
        + (
            f"; {result.errors:,} unreadable line{'' if result.errors == 1 else 's'} in "
            f"{args.out / ERRORS_NAME}"
            if result.errors
            else ""
        )
    )
    print(csv_path)
    print(html)
    return 0
