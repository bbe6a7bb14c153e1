"""Drives the real discord.py bot offline (see ../shared/TESTING.md).

- Messages and the member/channel cache: dpytest.
- Slash commands, buttons and forms: gateway-shaped interaction payloads made into real
  `discord.Interaction`s and run by the command tree (or the connection state, for
  components), with the webhook HTTP adapter replaced by `RecordingAdapter`, which keeps
  every interaction response and follow-up payload.
- What the bot sends to channels: `ChannelLog` keeps each `send_message` payload (the
  allowed_mentions and message_reference dpytest itself drops).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import discord.ext.test as dpytest
from discord.ext.test import backend, factories
from discord.webhook.async_ import AsyncWebhookAdapter

APPLICATION_ID = 424242424242424242
_serial = itertools.count(1)
OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}


def snowflake(at: datetime | None = None) -> int:
    """A fresh, unique snowflake (an interaction with an old one counts as expired)."""
    at = at or datetime.now(UTC)
    return discord.utils.time_snowflake(at) + next(_serial) % 4096


@dataclass
class Recorded:
    method: str
    path: str
    payload: dict[str, Any] | None
    params: dict[str, Any] | None


@dataclass
class RecordingAdapter(AsyncWebhookAdapter):
    calls: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
        payload = kwargs.get("payload")
        self.calls.append(Recorded(route.method, route.path, payload, kwargs.get("params")))
        if route.path.endswith("/callback"):
            return {"interaction": {"id": str(route.webhook_id), "type": 2}}
        if route.method in ("POST", "PATCH") and route.path.startswith("/webhooks/"):
            return _message_payload(payload or {})
        return None

    # What the user saw: the interaction's responses and follow-ups, in order.
    def sent(self) -> list[dict[str, Any]]:
        out = []
        for call in self.calls:
            if call.payload is None:
                continue
            if call.path.endswith("/callback"):
                data = dict(call.payload.get("data") or {})
                data["type"] = call.payload["type"]
                out.append(data)
            else:
                out.append({"type": "followup", **call.payload})
        return out

    def texts(self) -> list[str]:
        return [m.get("content") or "" for m in self.sent() if m.get("content")]

    def last(self) -> dict[str, Any]:
        return self.sent()[-1]


def _message_payload(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(snowflake()),
        "channel_id": "1",
        "type": 0,
        "content": payload.get("content") or "",
        "author": {
            "id": str(APPLICATION_ID),
            "username": "whynot",
            "discriminator": "0000",
            "avatar": None,
            "bot": True,
        },
        "attachments": [],
        "embeds": payload.get("embeds") or [],
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": datetime.now(UTC).isoformat(),
        "edited_timestamp": None,
        "flags": payload.get("flags", 0),
        "components": payload.get("components") or [],
    }


def user_payload(user: discord.abc.User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "username": user.name,
        "discriminator": "0001",
        "avatar": None,
        "global_name": None,
        "bot": user.bot,
    }


def member_payload(
    member: discord.Member, permissions: discord.Permissions, *, with_user: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": [str(r.id) for r in member.roles if not r.is_default()],
        "permissions": str(permissions.value),
        "joined_at": datetime.now(UTC).isoformat(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": member.nick,
    }
    if with_user:
        data["user"] = user_payload(member)
    return data


def _option(name: str, value: Any, resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if isinstance(value, discord.Member):
        resolved.setdefault("users", {})[str(value.id)] = user_payload(value)
        resolved.setdefault("members", {})[str(value.id)] = member_payload(
            value, discord.Permissions.none(), with_user=False
        )
        return {"name": name, "type": 6, "value": str(value.id)}
    if isinstance(value, discord.TextChannel):
        resolved.setdefault("channels", {})[str(value.id)] = {
            "id": str(value.id),
            "name": value.name,
            "type": 0,
            "permissions": str(discord.Permissions.all().value),
        }
        return {"name": name, "type": 7, "value": str(value.id)}
    if isinstance(value, discord.Role):
        resolved.setdefault("roles", {})[str(value.id)] = {
            "id": str(value.id),
            "name": value.name,
            "color": 0,
            "hoist": False,
            "position": 1,
            "permissions": "0",
            "managed": False,
            "mentionable": False,
        }
        return {"name": name, "type": 8, "value": str(value.id)}
    return {"name": name, "type": OPTION_TYPES[type(value)], "value": value}


def _base(
    kind: int,
    member: discord.Member,
    channel: discord.TextChannel,
    permissions: discord.Permissions,
    data: dict[str, Any],
    locale: str,
) -> dict[str, Any]:
    return {
        "id": str(snowflake()),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": f"token-{next(_serial)}",
        "version": 1,
        "guild_id": str(channel.guild.id),
        "channel_id": str(channel.id),
        "channel": {
            "id": str(channel.id),
            "type": 0,
            "name": channel.name,
            "guild_id": str(channel.guild.id),
        },
        "member": member_payload(member, permissions),
        "data": data,
        "locale": locale,
        "guild_locale": "en-US",
        "app_permissions": str(discord.Permissions.all().value),
        "entitlements": [],
        "authorizing_integration_owners": {},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }


async def slash(
    bot: discord.Client,
    member: discord.Member,
    channel: discord.TextChannel,
    command: str,
    permissions: discord.Permissions | None = None,
    /,
    *,
    locale: str = "en-US",
    **options: Any,
) -> discord.Interaction:
    """Run `/command [sub] option:value ...` as `member` through the real command tree."""
    names = command.split()
    resolved: dict[str, dict[str, Any]] = {}
    opts = [_option(k, v, resolved) for k, v in options.items() if v is not None]
    for sub in reversed(names[1:]):
        opts = [{"name": sub, "type": 1, "options": opts}]
    data = {
        "id": str(snowflake()),
        "name": names[0],
        "type": 1,
        "options": opts,
        "guild_id": str(channel.guild.id),
        "resolved": resolved,
    }
    payload = _base(2, member, channel, permissions or discord.Permissions.none(), data, locale)
    interaction = discord.Interaction(data=payload, state=bot._connection)
    await bot.tree._call(interaction)
    return interaction


async def click(
    bot: discord.Client,
    member: discord.Member,
    channel: discord.TextChannel,
    message: Sent,
    custom_id: str,
    permissions: discord.Permissions | None = None,
    *,
    locale: str = "en-US",
) -> None:
    """Press a button on one of the bot's messages (dispatched as the gateway would), from
    a Discord client in `locale`."""
    data = {"custom_id": custom_id, "component_type": 2}
    payload = _base(3, member, channel, permissions or discord.Permissions.none(), data, locale)
    payload["message"] = message_payload(message)
    bot._connection.parse_interaction_create(payload)
    await settle(bot)


async def submit(
    bot: discord.Client,
    member: discord.Member,
    channel: discord.TextChannel,
    modal_id: str,
    values: dict[str, str],
    permissions: discord.Permissions | None = None,
) -> None:
    """Submit a form (modal) the bot opened."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
        for k, v in values.items()
    ]
    data = {"custom_id": modal_id, "components": rows}
    payload = _base(5, member, channel, permissions or discord.Permissions.none(), data, "en-US")
    bot._connection.parse_interaction_create(payload)
    await settle(bot)


async def settle(bot: discord.Client) -> None:
    """Wait for the tasks discord.py started for components and forms (its view store
    tracks them), then for dispatched events."""
    tracked: set[asyncio.Task[None]] = bot._connection._view_store._ViewStore__tasks
    for _ in range(10):  # a callback may start another tracked task
        if not tracked:
            break
        await asyncio.wait(set(tracked), timeout=5)
    await dpytest.run_all_events()


def message_payload(message: Sent) -> dict[str, Any]:
    data = dict(message.data)
    data["author"] = {k: (str(v) if k == "id" else v) for k, v in data["author"].items()}
    data.update(
        id=str(data["id"]),
        channel_id=str(message.channel_id),
        timestamp=datetime.now(UTC).isoformat(),
        flags=0,
        content=message.content,
    )
    return data


@dataclass
class Sent:
    channel_id: int
    payload: dict[str, Any]
    data: dict[str, Any]  # the message as Discord returned it (with its components)

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""


class ChannelLog:
    """Keeps what the bot sends to channels, as discord.py built the request."""

    def __init__(self, bot: discord.Client) -> None:
        self.sent: list[Sent] = []
        http = bot.http
        original = http.send_message

        async def send_message(channel_id: int, *, params: Any) -> Any:
            # dpytest's FakeHttp reads `channel` from its caller's local variables
            channel = bot.get_channel(channel_id)  # noqa: F841
            data = await original(channel_id, params=params)
            data = dict(data, components=params.payload.get("components") or [])
            self.sent.append(Sent(channel_id, params.payload, data))
            return data

        http.send_message = send_message

    def to(self, channel: discord.abc.Snowflake) -> list[Sent]:
        return [s for s in self.sent if s.channel_id == channel.id]


def seed_messages(
    channel: discord.TextChannel,
    author: discord.Member,
    texts: list[str],
    *,
    start: datetime,
    step: timedelta,
) -> list[discord.Message]:
    """Messages already in a channel's history (oldest first), at the given times, without
    dispatching them to the bot."""
    state = backend.get_state()
    state.stop_dispatch()
    try:
        out = []
        for i, text in enumerate(texts):
            wobble = timedelta(minutes=(i * 37) % 53)
            at = start + step * i + wobble
            out.append(backend.make_message(text, author, channel, id_num=snowflake(at)))
        return out
    finally:
        state.start_dispatch()


def make_bot_user(name: str) -> discord.User:
    state = backend.get_state()
    return state.store_user(factories.make_user_dict(name, "0001", None, bot=True))


async def discord_logs_from(
    self: Any,
    channel_id: int,
    limit: int,
    before: int | None = None,
    after: int | None = None,
    around: int | None = None,
) -> list[dict[str, Any]]:
    """`GET /channels/{id}/messages` as Discord answers it, for dpytest's FakeHttp (whose
    own `after` wants an id present in the channel, returns it too, oldest first, and
    keeps messages in the order they were made, not by id): the `limit` messages nearest
    `after` (newer than it) or `before` (older), else the newest, each page newest first,
    as discord.py's `history` expects. `around` is not served."""
    assert around is None, "around is not served by this transport"
    messages = sorted(backend._cur_config.messages.get(channel_id, []), key=lambda m: int(m["id"]))
    if after is not None:
        return list(reversed([m for m in messages if int(m["id"]) > int(after)][:limit]))
    if before is not None:
        messages = [m for m in messages if int(m["id"]) < int(before)]
    return list(reversed(messages[-limit:]))
