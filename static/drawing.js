// Your own data (templates/partials/drawing.html, saving.html): with a brush picked, a press on the
// output plot adds a point of that class (or value) where it lands, the eraser or a shift-press
// removes the nearest one; the brush stays picked while the regions are redrawn. The drawing,
// upload and save controls belong to forms outside the settings form (form="…"), so their changes
// never post the settings. The save form names the page's own run. The plot's coordinates come
// from its drag area's box and the plane's half-width the server renders (data-domain); route
// paths come from attributes. No inline JS anywhere (CSP: script-src 'self').
(function () {
  'use strict';

  const state = { brush: 'off' };

  function checkedBrush() {
    const el = document.querySelector('input[name="brush"]:checked');
    return el ? el.value : 'off';
  }

  // keep the picked brush across swaps of the data region
  document.addEventListener('htmx:afterSwap', () => {
    const el = document.querySelector(`input[name="brush"][value="${state.brush}"]`);
    if (el) el.checked = true;
  });

  // changes of controls that belong to our own forms stay out of the settings form's change
  document.addEventListener('change', (e) => {
    const form = e.target.form;
    if (!form || form.id === 'playground') return;
    if (e.target.name === 'brush') state.brush = e.target.value;
    e.stopPropagation();
  }, true);

  function plotPoint(e, panel) {
    const area = document.querySelector('#boundary .nsewdrag');
    if (!area) return null;
    const box = area.getBoundingClientRect();
    const fx = (e.clientX - box.left) / box.width;
    const fy = (e.clientY - box.top) / box.height;
    if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1)) return null;
    const d = Number(panel.dataset.domain);
    return { x1: (-d + 2 * d * fx).toFixed(3), x2: (d - 2 * d * fy).toFixed(3) };
  }

  document.addEventListener('mousedown', (e) => {
    const plot = document.getElementById('boundary');
    const panel = document.getElementById('drawing');
    if (e.button !== 0 || !plot || !panel || !plot.contains(e.target)) return;
    const brush = e.shiftKey ? 'erase' : checkedBrush();
    if (brush === 'off') return;
    const at = plotPoint(e, panel);
    if (!at) return;
    const value = document.getElementById('brush_value');
    const label = brush === 'value' ? (value ? value.value : '1') : (brush === 'erase' ? '0' : brush);
    e.preventDefault();
    e.stopPropagation();
    htmx.ajax('POST', panel.dataset.drawUrl, {
      source: panel, target: '#banner', swap: 'outerHTML',
      values: { tool: brush === 'erase' ? 'erase' : 'add', x1: at.x1, x2: at.x2, label },
    });
  }, true);

  // the save form names this page's run (its id changes when a lost run is re-created)
  document.addEventListener('submit', (e) => {
    if (e.target.id !== 'save_form') return;
    const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
    e.target.elements.from.value = Object.values(headers)[0] || '';
  }, true);
})();
