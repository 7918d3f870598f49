// Rooms: paints every boundary thumbnail the server sends as codes (canvas[data-codes], coloured by
// the lookup tables in script.room-luts), and on a student's page disables the knobs the lecturer
// locked (#room_bar data-locked) and play while the lecturer holds it (data-held). The server
// refuses both anyway; this only shows it. No inline JS, no route paths (CSP: script-src 'self').
(function () {
  'use strict';

  const LOCK_MARK = 'roomLocked';

  function tables() {
    const out = {};
    document.querySelectorAll('script.room-luts').forEach((el) => {
      Object.assign(out, JSON.parse(el.textContent || '{}'));
    });
    return out;
  }

  function bytes(base64) {
    const text = window.atob(base64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
    return out;
  }

  function paint(canvas, luts) {
    const codes = canvas.dataset.codes;
    const lut = luts[canvas.dataset.lut];
    if (!codes || !lut || canvas.dataset.painted === codes) return;
    const size = Number(canvas.dataset.size);
    const cells = bytes(codes);
    const rgb = bytes(lut);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i += 1) {
      const c = cells[i] * 3;
      image.data[i * 4] = rgb[c];
      image.data[i * 4 + 1] = rgb[c + 1];
      image.data[i * 4 + 2] = rgb[c + 2];
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    canvas.dataset.painted = codes;
  }

  function paintAll() {
    const luts = tables();
    document.querySelectorAll('canvas[data-codes]').forEach((canvas) => paint(canvas, luts));
  }

  function changes(el, names) {
    if (names.has(el.name)) return true;
    const vals = el.getAttribute('hx-vals');
    if (!vals) return false;
    try {
      return Object.keys(JSON.parse(vals)).some((key) => names.has(key));
    } catch (err) { return false; }
  }

  function lock(el, locked, why) {
    if (locked) {
      if (!el.disabled) el.dataset[LOCK_MARK] = 'true';
      el.disabled = true;
      el.title = why;
    } else if (el.dataset[LOCK_MARK]) {
      el.disabled = false;
      el.removeAttribute('title');
      delete el.dataset[LOCK_MARK];
    }
  }

  function applyRoom() {
    const bar = document.getElementById('room_bar');
    const form = document.getElementById('playground');
    if (!bar || !form) return;
    const names = new Set((bar.dataset.locked || '').split(' ').filter(Boolean));
    form.querySelectorAll('input, select, textarea, button').forEach((el) => {
      if (el.id === 'play_pause') return;
      lock(el, changes(el, names), 'Locked by the lecturer');
    });
    const play = document.getElementById('play_pause');
    if (play) {
      const held = bar.dataset.held === 'true' && play.getAttribute('aria-label') === 'Play';
      lock(play, held, 'The lecturer starts the runs after the predictions');
    }
  }

  function refresh() {
    paintAll();
    applyRoom();
  }
  document.addEventListener('DOMContentLoaded', refresh);
  document.addEventListener('htmx:afterSettle', refresh);
  document.addEventListener('htmx:oobAfterSwap', refresh);
})();
