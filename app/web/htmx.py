"""htmx names in one place: request/response headers and the page's htmx configuration.

The JavaScript side (static/app.js) names the events it listens to in its own constants.
"""

from __future__ import annotations

import json

from starlette.requests import HTTPConnection

HX_REQUEST = "HX-Request"  # sent by htmx on every request it makes
HX_CURRENT_URL = "HX-Current-URL"  # sent by htmx: the page's address (its link, kept current)
HX_HISTORY_RESTORE_REQUEST = "HX-History-Restore-Request"  # htmx wants a whole page back
HX_RETARGET = "HX-Retarget"  # response: swap into this CSS selector instead
HX_RESWAP = "HX-Reswap"  # response: with this swap style
HX_REPLACE_URL = "HX-Replace-Url"  # response: show this URL in place of the current one
HX_TRIGGER = "HX-Trigger"  # response: dispatch these events (JSON: name -> detail)
# ours, set on <body> with hx-headers: the page's own session, so two tabs of one browser
# (one cookie) train two runs side by side
SESSION_HEADER = "X-Playground-Session"
# ours, an HX-Trigger event: the page's session is now {"id": …} (a lost run was re-created, or
# a reloaded tab resumed its run); static/app.js updates hx-headers and the tab's sessionStorage
SESSION_EVENT = "playground:session"
# ours, a response header: this 200 is a refusal (its status, 422, for a plain client); see
# app/web/refusal.py. static/fields.js and diagram.js read it.
REFUSED = "X-Playground-Refused"

# <meta name="htmx-config">: no eval (CSP without 'unsafe-eval'), our own indicator CSS, errors not
# swapped (static/app.js says so; a refusal, 422, reaches htmx as a 200 with REFUSED, swapped in
# place), and history handled by full reloads of the address-bar URL (every URL reproduces its
# run), never by partial responses.
CONFIG = {
    "allowEval": False,
    "allowScriptTags": True,  # our JSON <script type="application/json"> must survive swaps
    "includeIndicatorStyles": False,
    "historyCacheSize": 0,
    "refreshOnHistoryMiss": True,
    "historyRestoreAsHxRequest": False,
    "defaultSwapStyle": "outerHTML",
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "[45]..", "swap": False, "error": True},
    ],
}
CONFIG_JSON = json.dumps(CONFIG, separators=(",", ":"))


def is_htmx(request: HTTPConnection) -> bool:
    """Return True when htmx asks for a fragment (not a history restore, which wants a page)."""
    return (request.headers.get(HX_REQUEST) == "true"
            and request.headers.get(HX_HISTORY_RESTORE_REQUEST) != "true")
