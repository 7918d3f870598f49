"""What a screen shows, measured in the browser: boxes, the smallest type, the smallest targets.

Type is measured as drawn: an SVG's text (and the HTML inside its foreignObjects) at its computed
size times the SVG's scale on screen. A target is what a finger or pointer hits: buttons, links,
fields, summaries and focusable items by their box; a visually hidden checkbox or radio by its
label; the diagram's links and bias squares by their shape plus the clear stroke around them.
"""

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

BOX = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const b = el.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,
            width: b.width, height: b.height};
}"""
# [tag, class, text, size in px] for every visible element with its own text under `min` px
SMALL_TYPE = """(min) => {
    const outermost = (el) => {
        let svg = el.closest('svg');
        while (svg && svg.parentElement && svg.parentElement.closest('svg')) {
            svg = svg.parentElement.closest('svg');
        }
        return svg;
    };
    const small = [];
    for (const el of document.querySelectorAll('body *')) {
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const own = Array.from(el.childNodes)
            .some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const svg = outermost(el);
        const size = parseFloat(getComputedStyle(el).fontSize)
            * (svg ? svg.getScreenCTM().a : 1);
        if (size < min - 0.05) {
            small.push([el.tagName, String(el.getAttribute('class') || ''),
                        el.textContent.trim().slice(0, 30), Math.round(size * 10) / 10]);
        }
    }
    return small;
}"""
# [what, width, height] for every visible target under `min` px either way
SMALL_TARGETS = """(min) => {
    const picks = ['a[href]', 'button', 'select', 'textarea', 'summary',
                   'input:not([type=hidden])', '[tabindex="0"]', '#diagram .hit', '#diagram .bias'];
    const area = (b) => b.width * b.height;
    const small = [];
    const seen = new Set();
    for (const el of document.querySelectorAll(picks.join(', '))) {
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        let target = el;
        const toggle = el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type);
        if (toggle && el.labels.length) { // a tap on the box or its label toggles it
            const label = el.labels[0];
            const wider = area(label.getBoundingClientRect()) > area(el.getBoundingClientRect());
            target = wider ? label : el;
        }
        if (seen.has(target)) continue;
        seen.add(target);
        const b = target.getBoundingClientRect();
        let w = b.width, h = b.height;
        if (el.matches('#diagram .hit, #diagram .bias')) { // the shape and its clear stroke
            const scale = el.ownerSVGElement.getScreenCTM().a;
            const stroke = parseFloat(getComputedStyle(el).strokeWidth) * scale;
            w = el.matches('.hit') ? stroke : w + stroke;
            h = el.matches('.hit') ? stroke : h + stroke;
        }
        if (w < min - 0.5 || h < min - 0.5) {
            const what = `${el.tagName}#${el.id}.${el.getAttribute('class') || ''}`;
            small.push([what, Math.round(w), Math.round(h)]);
        }
    }
    return small;
}"""
PAGE_WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
                       client: document.documentElement.clientWidth})"""


@dataclass(frozen=True)
class Box:
    """An element's box in viewport pixels (getBoundingClientRect)."""

    left: float
    top: float
    right: float
    bottom: float
    width: float
    height: float


def box(page: Page, selector: str) -> Box:
    """Return the box of the first element matching selector (fail if there is none)."""
    found: dict[str, Any] | None = page.evaluate(BOX, selector)
    assert found is not None, f"nothing matches {selector}"
    return Box(**found)


def small_type(page: Page, min_px: float) -> list[list[Any]]:
    """Return every visible piece of text drawn smaller than min_px, as [tag, class, text, px]."""
    return list(page.evaluate(SMALL_TYPE, min_px))


def small_targets(page: Page, min_px: float) -> list[list[Any]]:
    """Return every visible target narrower or lower than min_px, as [what, width, height]."""
    return list(page.evaluate(SMALL_TARGETS, min_px))


def sideways_scroll(page: Page) -> int:
    """Return by how many pixels the page is wider than the window (0: no sideways scroll)."""
    width = page.evaluate(PAGE_WIDTH)
    return int(width["scroll"]) - int(width["client"])
