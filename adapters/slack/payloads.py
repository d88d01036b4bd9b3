"""The Slack payloads we read, as TypedDicts: only the keys mentorbot uses.

Shapes follow Slack's reference pages (slash commands, block_actions, view_submission,
the Events API's `message` and `app_home_opened`). A key Slack leaves out in some cases is
`NotRequired`; everything else Slack always sends.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


class SlashCommand(TypedDict):
    """The form body of a slash command (`/mentor …`)."""

    team_id: str
    user_id: str
    user_name: str
    text: str
    trigger_id: str
    channel_id: str
    response_url: str


class User(TypedDict):
    """Who clicked or submitted, in an interaction payload."""

    id: str
    username: NotRequired[str]
    name: NotRequired[str]
    team_id: NotRequired[str]


class Team(TypedDict):
    """The workspace of an interaction (null for an org-wide app's user in Enterprise Grid)."""

    id: str


class Channel(TypedDict):
    """The conversation a message button sits in."""

    id: str


class SelectedOption(TypedDict):
    """The option a member picked in a select."""

    value: str


class Action(TypedDict):
    """One element's action: a button carries `value`, a select `selected_option`."""

    action_id: str
    value: NotRequired[str]
    selected_option: NotRequired[SelectedOption]


class BlockActions(TypedDict):
    """A button or select clicked, in a message (with a response_url) or the Home tab."""

    type: Literal["block_actions"]
    user: User
    team: Team | None
    actions: list[Action]
    trigger_id: str
    channel: NotRequired[Channel]
    response_url: NotRequired[str]


class InputValue(TypedDict):
    """One input's state in a submitted view."""

    type: str
    value: NotRequired[str | None]
    selected_option: NotRequired[SelectedOption | None]


class ViewState(TypedDict):
    """Input values by block id, then action id."""

    values: dict[str, dict[str, InputValue]]


class View(TypedDict):
    """The submitted modal; `private_metadata` is the JSON we put there (see render_modal)."""

    private_metadata: str
    state: ViewState


class ViewSubmission(TypedDict):
    """A modal submitted."""

    type: Literal["view_submission"]
    user: User
    team: Team | None
    view: View


class MessageEvent(TypedDict):
    """A `message` event; in the bot's DM, `channel_type` is "im". Edits, joins and bot
    messages carry a `subtype` or a `bot_id`."""

    type: Literal["message"]
    channel_type: NotRequired[str]
    subtype: NotRequired[str]
    bot_id: NotRequired[str]
    user: NotRequired[str]
    text: NotRequired[str]
    team: NotRequired[str]


class AppHomeOpened(TypedDict):
    """The member opened the app's Home or Messages tab."""

    type: Literal["app_home_opened"]
    user: str
    tab: NotRequired[str]


class Metadata(TypedDict):
    """What a modal's private_metadata holds: its command, the channel, one per input."""

    command: str
    channel: str
    each: NotRequired[str]


class RevokedTokens(TypedDict):
    """Which tokens a `tokens_revoked` event took away: user ids, by kind."""

    oauth: NotRequired[list[str]]
    bot: NotRequired[list[str]]


class TokensRevoked(TypedDict):
    """The `tokens_revoked` event."""

    type: Literal["tokens_revoked"]
    tokens: RevokedTokens


class UserProfile(TypedDict):
    """The part of a users.info profile we show."""

    display_name: NotRequired[str]


class UserInfo(TypedDict):
    """users.info's `user` (a deleted or external user lacks most keys)."""

    id: str
    team_id: NotRequired[str]
    real_name: NotRequired[str]
    tz: NotRequired[str]
    locale: NotRequired[str]
    is_admin: NotRequired[bool]
    is_owner: NotRequired[bool]
    profile: NotRequired[UserProfile]


class DeliveryPayload(TypedDict):
    """Our message metadata's payload: the delivery key of a nudge."""

    key: str


class MessageMetadata(TypedDict):
    """Message metadata as conversations.history returns it (include_all_metadata)."""

    event_type: str
    event_payload: DeliveryPayload


class HistoryMessage(TypedDict):
    """A message in conversations.history; ours carry metadata."""

    ts: str
    metadata: NotRequired[MessageMetadata]
