"""What every network's payload mapping shares: the one error for JSON of an unexpected
shape, and the guard that turns a mapping's shape errors into it, naming the network and
the object, so a malformed response is one clear line instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from scoring import Account, AccountError, parse_account
from whynot.snapshots import account_to_dict

T = TypeVar("T")

# What reading a dict of the wrong shape raises (a missing key, a list for a dict, ...).
SHAPE_ERRORS: tuple[type[Exception], ...] = (TypeError, KeyError, AttributeError, ValueError)


class PayloadError(ValueError):
    """A network sent JSON of an unexpected shape; the message says which object."""


def guarded(
    network: str,
    what: str,
    build: Callable[[], T],
    errors: tuple[type[Exception], ...] = SHAPE_ERRORS,
) -> T:
    """`build()`, with its shape errors raised as PayloadError naming `what` and `network`."""
    try:
        return build()
    except PayloadError:
        raise
    except errors as exc:
        raise PayloadError(
            f"unexpected {what} from {network} ({type(exc).__name__}: {exc})"
        ) from None


def checked_account(
    network: str,
    what: str,
    build: Callable[[], Account],
    errors: tuple[type[Exception], ...] = SHAPE_ERRORS,
) -> Account:
    """The account `build()` maps, checked by the account schema's own parser, so a wrong
    type never reaches the scorer."""
    built = guarded(network, what, build, errors)
    try:
        return parse_account(account_to_dict(built))
    except AccountError as exc:
        raise PayloadError(f"unexpected {what} from {network} ({exc})") from None
