"""The secrets and names of a room: its short code, the teacher key, seat ids, display names.

Codes are 4 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn with
`secrets` (31⁴ ≈ 920,000 codes; the registry checks a code is free before using it and draws a
longer one after repeated collisions). The teacher key is stored only as its SHA-256 and
compared in constant time. A generated display name is derived from the seat's id, so it needs
no random draw of its own.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 4
CODE = re.compile(f"[{ALPHABET}]{{4,8}}")
MAX_NAME = 24
ADJECTIVES = ("Brave", "Calm", "Clever", "Curious", "Eager", "Gentle", "Happy", "Jolly", "Keen",
              "Lucky", "Mighty", "Nimble", "Quick", "Quiet", "Swift", "Wise")
ANIMALS = ("Badger", "Beaver", "Falcon", "Fox", "Gecko", "Heron", "Koala", "Lynx", "Otter",
           "Owl", "Panda", "Puffin", "Raven", "Seal", "Tiger", "Wombat")


def new_code(length: int = CODE_LENGTH) -> str:
    """Return a random room code of `length` characters from ALPHABET."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def read_code(text: str) -> str | None:
    """Return the room code a person typed (spaces and case forgiven), or None when it cannot
    be one."""
    code = re.sub(r"[\s-]", "", text).upper()[:16]
    return code if CODE.fullmatch(code) else None


def new_key() -> str:
    """Return a new teacher key (24 URL-safe characters)."""
    return secrets.token_urlsafe(18)


def key_hash(key: str) -> str:
    """Return the SHA-256 of a key, hex (what the room keeps)."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: str | None, expected_hash: str) -> bool:
    """Return whether key is the room's teacher key (constant-time comparison)."""
    if not key:
        return False
    return secrets.compare_digest(key_hash(key[:256]), expected_hash)


def new_seat_id() -> str:
    """Return a new seat id (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def generated_name(seat_id: str) -> str:
    """Return a friendly name derived from the seat's id ("Curious Otter")."""
    digest = hashlib.sha256(seat_id.encode()).digest()
    return f"{ADJECTIVES[digest[0] % len(ADJECTIVES)]} {ANIMALS[digest[1] % len(ANIMALS)]}"


def clean_name(text: str) -> str:
    """Return a display name: control and format characters dropped, spaces collapsed, at most
    MAX_NAME characters ("" when nothing is left). Templates escape it when shown."""
    kept = "".join(c for c in text if unicodedata.category(c)[0] not in "CZ" or c == " ")
    return " ".join(kept.split())[:MAX_NAME].strip()
