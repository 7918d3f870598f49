// MLP Playground for the keyboard and screen readers. The network diagram is one tab stop with
// the arrow keys inside it (a roving tabindex over the items the server marks data-roving, one
// column per diagram column); focus stays where it was when htmx swaps the region it sat in (or
// goes where data-focus-next says, when it was on a button that is now disabled); Space plays and
// pauses unless a text field or a button has focus (their own action wins), and can be turned off
// (WCAG 2.1.4); a goal reached and a run that diverged are said once in one live region. No
// inline JS (CSP: script-src 'self').
(function () {
  'use strict';

  const EVENTS = { beforeSwap: 'htmx:beforeSwap', afterSettle: 'htmx:afterSettle' };
  const ROVING = '#diagram [data-roving]';

  // ---- the diagram: one tab stop, arrows inside --------------------------------------------
  let current = null; // the id of the diagram item that holds the tab stop

  function usable(el) {
    return !el.disabled;
  }
  // order inside a column: its +/− buttons, then per unit the neuron, its bias, its incoming
  // links (by source); the feature toggles keep the page's order
  function rank(el) {
    if (el.tagName === 'BUTTON') return [-1, el.id.startsWith('add') ? 0 : 1, 0];
    if (el.classList.contains('node')) return [Number(el.dataset.unit), 0, 0];
    if (el.classList.contains('bias')) return [Number(el.dataset.target), 1, 0];
    if (el.classList.contains('hit')) return [Number(el.dataset.target), 2, Number(el.dataset.source)];
    return [0, 0, 0];
  }
  function byRank(a, b) {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  }
  function columns() { // [[item, …] per column], in diagram order
    const out = [];
    document.querySelectorAll(ROVING).forEach((el) => {
      if (!usable(el)) return;
      const c = Number(el.dataset.roving);
      (out[c] = out[c] || []).push(el);
    });
    return out.filter(Boolean).map((items) => items.sort(byRank));
  }
  function middle(el) {
    const box = el.getBoundingClientRect();
    return box.top + box.height / 2;
  }
  function kind(el) {
    return el.classList.contains('node') || el.type === 'checkbox' ? 'unit' : el.tagName;
  }

  function holdStop(el) { // el takes the diagram's one tab stop
    document.querySelectorAll(ROVING).forEach((item) => { item.tabIndex = item === el ? 0 : -1; });
    current = el ? el.id : null;
  }
  function syncStop() { // after a swap: the remembered item, else the first one, holds the stop
    const all = columns().flat();
    if (!all.length) return;
    const kept = current && document.getElementById(current);
    holdStop(kept && all.includes(kept) ? kept : all[0]);
  }

  function target(from, key) {
    const cols = columns();
    const c = cols.findIndex((items) => items.includes(from));
    if (c < 0) return null;
    const col = cols[c];
    const i = col.indexOf(from);
    if (key === 'ArrowDown') return col[Math.min(i + 1, col.length - 1)];
    if (key === 'ArrowUp') return col[Math.max(i - 1, 0)];
    if (key === 'Home') return col[0];
    if (key === 'End') return col[col.length - 1];
    const next = cols[c + (key === 'ArrowRight' ? 1 : -1)];
    if (!next) return from;
    const same = next.filter((el) => kind(el) === kind(from));
    const y = middle(from);
    return (same.length ? same : next).reduce((best, el) => (
      Math.abs(middle(el) - y) < Math.abs(middle(best) - y) ? el : best));
  }
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (!t.matches || !t.matches(ROVING) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (!['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    const to = target(t, e.key);
    e.preventDefault();
    if (to && to !== t) {
      holdStop(to);
      to.focus();
    }
  });
  document.addEventListener('focusin', (e) => {
    if (e.target.matches && e.target.matches(ROVING)) holdStop(e.target);
  });

  // ---- focus kept across swaps ---------------------------------------------------------------
  let focused = null; // the id of what had focus when a swap began
  document.addEventListener(EVENTS.beforeSwap, () => {
    const a = document.activeElement;
    focused = a && a !== document.body && a.id ? a.id : null;
  });
  document.addEventListener(EVENTS.afterSettle, () => {
    syncStop();
    const id = focused;
    focused = null;
    const a = document.activeElement;
    if (!id || (a && a !== document.body)) return;
    let el = document.getElementById(id);
    if (el && el.disabled && el.dataset.focusNext) el = document.getElementById(el.dataset.focusNext);
    if (!el || el.disabled) return;
    if (el.matches(ROVING)) holdStop(el);
    el.focus();
  });

  // ---- Space: play and pause -------------------------------------------------------------------
  // its own action wins in a text field, a list, a button (weights and biases in the diagram
  // open their editor: diagram.js) and the box that turns the shortcut off; anywhere else —
  // a checkbox, a slider, a dataset, a neuron, the page — Space plays or pauses (Enter ticks a
  // checkbox then)
  const OWN_SPACE = 'textarea, select, [contenteditable], button, summary, [role="button"], '
    + '#space_shortcut, input:not([type]), input[type="text"], input[type="number"], '
    + 'input[type="search"], input[type="email"], input[type="url"], input[type="password"], '
    + 'input[type="tel"]';
  const SHORTCUT_KEY = 'mlp-playground.space-shortcut';
  function shortcutOn() {
    try { return window.localStorage.getItem(SHORTCUT_KEY) !== 'off'; } catch (err) { return true; }
  }
  function syncShortcutBox() {
    const box = document.getElementById('space_shortcut');
    if (box) box.checked = shortcutOn();
  }
  document.addEventListener('change', (e) => {
    if (e.target.id !== 'space_shortcut') return;
    try { window.localStorage.setItem(SHORTCUT_KEY, e.target.checked ? 'on' : 'off'); } catch (err) { /* private mode */ }
    e.stopPropagation(); // a browser preference, not a setting: never posted
  }, true);
  document.addEventListener(EVENTS.afterSettle, syncShortcutBox);
  document.addEventListener('DOMContentLoaded', syncShortcutBox);

  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Enter' && t.type === 'checkbox' && !e.repeat) { // the keyboard's tick
      e.preventDefault();
      t.click();
      return;
    }
    if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!shortcutOn() || (t.closest && t.closest(OWN_SPACE))) return;
    const button = document.getElementById('play_pause');
    if (button) {
      e.preventDefault();
      // an answer that just replaced the transport leaves its new button without htmx's
      // handlers until the swap settles (htmx binds new content then, 20 ms later): bind them
      // now, or this press would click a button that posts nothing (htmx skips a bound one)
      if (window.htmx) window.htmx.process(button);
      button.click();
    }
  });

  // ---- said once, out of sight: a goal reached, a run that diverged ------------------------------
  const said = { goal: false, warning: '' };
  function observe() {
    const goal = document.querySelector('#lesson_goal.reached');
    const warning = document.querySelector('#banner .message.warning');
    return { goal: Boolean(goal), goalText: goal ? goal.textContent.replace(/\s+/g, ' ').trim() : '',
      warning: warning ? warning.textContent.trim() : '' };
  }
  function announce(text) {
    const live = document.getElementById('announcer');
    if (live && text) live.textContent = text;
  }
  document.addEventListener(EVENTS.afterSettle, () => {
    const now = observe();
    if (now.goal && !said.goal) announce(`Goal reached. ${now.goalText}`);
    if (now.warning && now.warning !== said.warning) announce(now.warning);
    said.goal = now.goal;
    said.warning = now.warning;
  });
  document.addEventListener('DOMContentLoaded', () => {
    const now = observe(); // what the page shows on arrival is no news
    said.goal = now.goal;
    said.warning = now.warning;
    syncStop();
  });
})();
