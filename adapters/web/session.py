"""The signed session cookie and the CSRF token that every form carries.

The cookie holds only the member's id, when it was issued and a random nonce, signed
with HMAC-SHA256; it is HttpOnly, SameSite=Lax, Secure behind HTTPS, and expires after
WEB_SESSION_HOURS. The CSRF token is an HMAC of the nonce, so it is tied to one session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

COOKIE = "mentorbot_session"


@dataclass(frozen=True)
class Session:
    """A signed-in member: who, since when, and the nonce their CSRF token comes from."""

    member_id: int
    issued: float
    nonce: str


class Signer:
    """Signs and checks small JSON values with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._key = secret

    def _mac(self, data: bytes) -> str:
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()

    def dumps(self, value: dict[str, object]) -> str:
        """The value as `base64.signature`."""
        data = base64.urlsafe_b64encode(json.dumps(value, sort_keys=True).encode()).decode()
        return f"{data}.{self._mac(data.encode())}"

    def loads(self, text: str) -> dict[str, object] | None:
        """The value, or None when the text was not signed by us."""
        data, _, mac = text.rpartition(".")
        if not data or not hmac.compare_digest(mac, self._mac(data.encode())):
            return None
        try:
            value = json.loads(base64.urlsafe_b64decode(data.encode()))
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def new_session(self, member_id: int, *, now: datetime) -> str:
        """A cookie value for a fresh session of `member_id`."""
        return self.dumps({"m": member_id, "t": now.timestamp(), "n": secrets.token_urlsafe(16)})

    def session(self, text: str | None, *, now: datetime, hours: float) -> Session | None:
        """The session a cookie holds, or None when absent, forged or expired."""
        value = self.loads(text or "")
        if value is None:
            return None
        member, issued, nonce = value.get("m"), value.get("t"), value.get("n")
        if not isinstance(member, int) or not isinstance(issued, int | float):
            return None
        if not isinstance(nonce, str) or not 0 <= now.timestamp() - issued <= hours * 3600:
            return None
        return Session(member, float(issued), nonce)

    def csrf(self, session: Session) -> str:
        """The CSRF token of a session."""
        return self._mac(f"csrf:{session.nonce}".encode())

    def csrf_ok(self, session: Session, token: str) -> bool:
        """Whether a form's token belongs to this session."""
        return hmac.compare_digest(self.csrf(session), token)
