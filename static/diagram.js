// MLP Playground's network diagram. The server draws its structure and today's looks
// (templates/diagram.html); each frame app.js reads brings new looks as codes into the palettes the
// SVG carries (app/figures/diagram_frame.py, diagram_style.py), which this file only applies: every
// neuron's thumbnail, link widths, colours and dashes, bias fills, gradient bars, dropped neurons
// and the L1 zero count. A frame that restyles (frame.looks: the answer to a view knob) may carry
// only some of those and a new view (weights or gradients) or thumbnail colours (discretize). Hovering a neuron shows its picture in the output heatmap (and polls ask
// for it while it stays), a click or tap keeps it there; clicking a link or bias square opens the editor. No inline JS (CSP).
(function () {
  'use strict';

  const EVENTS = {
    frame: 'playground:frame', // app.js: a new #frame_data, as detail
    afterSwap: 'htmx:afterSwap',
    configRequest: 'htmx:configRequest',
    afterRequest: 'htmx:afterRequest',
  };
  const REFUSED = 'X-Playground-Refused'; // a 200 that is a refusal (app/web/refusal.py)
  const state = {
    data: null, // the diagram of the frames so far (a restyle brings only what changed)
    svg: null, edges: [], biases: [], thumbs: [], sizes: [], // the drawn structure …
    views: {}, links: [], fills: [], lut: null, // … and its palettes
    shown: null, saved: null, framesWhileShown: 0, // the neuron enlarged in #boundary
    editing: null, // the link or bias whose value the editor holds
  };

  let pinned = null; // the neuron a click or tap keeps enlarged (touch screens have no hover)

  const bytes = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  // the gradients view's ∂E/∂w per layer: little-endian float32, base64 (diagram_frame.py)
  const floats = (b64) => new Float32Array(bytes(b64).buffer);
  function rgba(b64) { // the server's RGB colour table -> RGBA bytes for ImageData
    const rgb = bytes(b64);
    const out = new Uint8ClampedArray((rgb.length / 3) * 4).fill(255);
    for (let i = 0; i < rgb.length / 3; i += 1) out.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    return out;
  }
  function fmt(v, digits) { // 0.0805, 100, 1.23e-7; "–" when there is no number
    if (v === null || v === undefined || !Number.isFinite(Number(v))) return '–';
    return String(Number(Number(v).toPrecision(digits)));
  }

  // ---- the structure -------------------------------------------------------------------------
  function bindStructure() {
    const svg = document.getElementById('diagram');
    if (svg === state.svg) return svg;
    state.svg = svg;
    if (!svg) return null;
    // its width in viewBox units, for the phone's sideways-scrolling box (screens.css): set here,
    // not in a style attribute (the page has none, for its Content-Security-Policy)
    svg.style.setProperty('--diagram-width', `${svg.viewBox.baseVal.width}px`);
    state.sizes = svg.dataset.sizes.split(',').map(Number);
    state.edges = Array.from(svg.querySelectorAll('path.edge'));
    state.biases = Array.from(svg.querySelectorAll('rect.bias'));
    state.thumbs = Array.from(svg.querySelectorAll('canvas.thumb'));
    state.views = JSON.parse(svg.dataset.views);
    state.links = state.views[svg.dataset.view].links;
    state.fills = JSON.parse(svg.dataset.fills);
    state.lut = rgba(svg.dataset.lut);
    state.editing = null;
    clearShown();
    return svg;
  }

  // the server's view for lines, bars and height; only a restyle or a whole frame switches it
  function setView(view) {
    const svg = state.svg;
    if (!view || svg.dataset.view === view || !state.views[view]) return;
    svg.dataset.view = view;
    svg.classList.toggle('gradients', view === 'gradients');
    state.links = state.views[view].links;
    const box = svg.getAttribute('viewBox').split(' ');
    svg.setAttribute('viewBox', `${box[0]} ${box[1]} ${box[2]} ${state.views[view].height}`);
  }

  function fits(d) { // a frame made for this structure and view (a poll may cross a change)
    const s = state.sizes;
    return d.view === state.svg.dataset.view && d.thumbs && d.w && d.w.length === s.length - 1
      && d.w.every((w, l) => w.length === s[l] * s[l + 1]);
  }

  // ---- applying a frame ----------------------------------------------------------------------
  function paintThumbs(spec) { // codes (units, t, t), each canvas t × t pixels
    const codes = bytes(spec.bdata);
    const cells = state.thumbs.length ? state.thumbs[0].width * state.thumbs[0].height : 0;
    if (codes.length !== cells * state.thumbs.length) return;
    state.thumbs.forEach((canvas, k) => {
      const ctx = canvas.getContext('2d');
      const image = ctx.createImageData(canvas.width, canvas.height);
      for (let i = 0; i < cells; i += 1) {
        const code = codes[k * cells + i] * 4;
        image.data.set(state.lut.subarray(code, code + 4), i * 4);
      }
      ctx.putImageData(image, 0, 0);
    });
  }

  function paintLooks(d) {
    const links = bytes(d.links);
    const dashed = new Set(d.dashed || []);
    if (links.length !== state.edges.length) return;
    state.edges.forEach((path, k) => {
      const [width, colour] = state.links[links[k]];
      path.setAttribute('stroke-width', width);
      path.setAttribute('stroke', colour);
      path.classList.toggle('zero', dashed.has(k));
    });
    bytes(d.fills).forEach((code, k) => state.biases[k] && state.biases[k].setAttribute('fill', state.fills[code]));
  }

  function paintBars(bars) {
    (bars || []).forEach((b, l) => {
      const bar = document.getElementById('bar-' + l);
      if (!bar) return;
      bar.setAttribute('class', 'bar ' + b.health);
      bar.dataset.norm = b.norm === null ? '' : b.norm;
      bar.dataset.ratio = b.ratio === null ? '' : b.ratio;
      bar.dataset.health = b.health;
      bar.querySelector('.level').setAttribute('width', b.fill);
      bar.querySelector('.norm').textContent = b.norm_text;
      bar.querySelector('.ratio').textContent = b.ratio_text;
    });
  }

  // greyed: the units the last mini-batch dropped, while training; a paused network drops none
  function paintDropped(dropped) {
    if (!state.svg) return;
    state.svg.querySelectorAll('.node.dropped').forEach((n) => n.classList.remove('dropped'));
    if (!document.querySelector('#poller[data-state="playing"]')) return;
    (dropped || []).forEach((units, l) => units.forEach((u) => {
      const node = document.getElementById(`node-${l + 1}-${u}`);
      if (node) node.classList.add('dropped');
    }));
  }

  function paint(d) {
    paintThumbs(d.thumbs);
    paintLooks(d);
    paintBars(d.bars);
    paintDropped(d.dropped);
    const zero = document.getElementById('zero_count');
    if (zero) {
      zero.hidden = !d.zero;
      zero.textContent = d.zero || '';
    }
  }

  function onFrame(frame) {
    if (frame.boundary) clearShown(); // a whole new figure: the output again
    else if (state.shown) state.framesWhileShown += 1;
    if (!frame.diagram || !bindStructure()) return;
    const d = frame.diagram;
    if (frame.boundary || frame.looks) setView(d.view);
    if (d.lut) {
      state.lut = rgba(d.lut);
      state.svg.dataset.lut = d.lut;
    }
    const merged = frame.boundary ? d : { ...state.data, ...d };
    if (!fits(merged)) return; // made for another structure or view: the next frame fixes it
    state.data = merged;
    paint(merged);
  }

  // ---- a hovered neuron, enlarged in the output heatmap ----------------------------------------
  function restyle(gd, trace) {
    Plotly.restyle(gd, { z: [trace.z], colorscale: [trace.colorscale], zsmooth: [trace.zsmooth] }, [0]);
  }

  // the caption over the output plot says whose picture it shows
  function caption(node) {
    const el = document.getElementById('boundary_caption');
    if (!el) return;
    el.hidden = !node;
    if (!node) return;
    const name = node.dataset.column === '0'
      ? `Input ${node.querySelector('label').textContent.trim()}` : node.getAttribute('aria-label');
    el.textContent = `Showing ${name}: its output over the plane. Move away to see the network's output.`;
  }

  function show(node) {
    const gd = document.getElementById('boundary');
    if (!gd || !gd.data || !window.Plotly) return;
    const key = node.dataset.column + '.' + node.dataset.unit;
    if (state.shown === key) return;
    caption(node);
    if (!state.saved) {
      const t = gd.data[0];
      state.saved = { z: t.z, colorscale: t.colorscale, zsmooth: t.zsmooth };
      state.framesWhileShown = 0;
    }
    state.shown = key;
    state.svg.querySelectorAll('.node.shown').forEach((n) => n.classList.remove('shown'));
    node.classList.add('shown');
    fetch(neuronUrl({ column: node.dataset.column, unit: node.dataset.unit }), pageRequest())
      .then((r) => (r.ok ? r.json() : null))
      .then((trace) => { if (trace && state.shown === key) restyle(gd, trace); })
      .catch(() => {});
  }

  function neuronUrl(params) { // the address the server rendered into data-neuron-url
    return `${state.svg.dataset.neuronUrl}?${new URLSearchParams(params)}`;
  }

  function pageRequest() { // this page's session travels as htmx's does (hx-headers on <body>)
    let headers = {};
    try { headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}'); } catch (err) { /* none */ }
    return { credentials: 'same-origin', headers };
  }

  function unshow() {
    const gd = document.getElementById('boundary');
    if (!state.shown) return;
    const stale = state.framesWhileShown > 0;
    const saved = state.saved;
    clearShown();
    if (!gd || !saved || !window.Plotly || !state.svg) return;
    restyle(gd, saved);
    if (stale) { // frames came while the neuron showed: fetch today's output
      fetch(neuronUrl({ column: -1 }), pageRequest())
        .then((r) => (r.ok ? r.json() : null))
        .then((trace) => { if (trace && !state.shown) restyle(gd, trace); })
        .catch(() => {});
    }
  }

  function clearShown() {
    caption(null);
    pinned = null;
    state.shown = null;
    state.saved = null;
    state.framesWhileShown = 0;
    document.querySelectorAll('#diagram .node.shown').forEach((n) => n.classList.remove('shown'));
  }

  // ---- the hover card and the editor -----------------------------------------------------------
  function valueOf(target) {
    const d = state.data;
    const layer = Number(target.dataset.layer);
    const to = Number(target.dataset.target);
    if (!d || !d.w[layer]) return { value: null, gradient: null };
    if (target.classList.contains('bias')) return { value: d.b[layer][to], gradient: null };
    const k = Number(target.dataset.source) * state.sizes[layer + 1] + to;
    return { value: d.w[layer][k], gradient: d.g && d.g[layer] ? floats(d.g[layer])[k] : null };
  }

  function describe(el) {
    if (el.matches('.hit, .bias')) {
      const { value, gradient } = valueOf(el);
      const what = el.classList.contains('bias') ? 'Bias' : 'Weight';
      const grad = gradient === null ? '' : ` · ∂E/∂w = ${fmt(gradient, 2)}`;
      return `${el.getAttribute('aria-label')}\n${what} is ${fmt(value, 3)}${grad}. Click to edit.`;
    }
    if (el.dataset.column === '0') {
      const label = el.querySelector('label');
      return `${label.textContent.trim()} = ${label.title}\nShown larger on the right (scaled to ±1).`;
    }
    const bias = document.getElementById(`bias-${el.dataset.column}-${el.dataset.unit}`);
    const value = bias ? valueOf(bias).value : null;
    return `${el.getAttribute('aria-label')} · bias ${fmt(value, 3)}\nIts output is shown larger on the right.`;
  }

  function place(el, x, y) { // near page point (x, y), kept inside the viewport
    el.hidden = false;
    const width = el.offsetWidth;
    const left = Math.min(x + 14, window.scrollX + document.documentElement.clientWidth - width - 8);
    el.style.left = Math.max(window.scrollX + 4, left) + 'px';
    el.style.top = (y + 16) + 'px';
  }

  // the card replaces the native <title> tooltip while shown (no double) and describes the item
  // to screen readers meanwhile; the <title>s hold no values, so none goes stale
  let quiet = null;
  function mute(el, on) {
    const title = el && el.querySelector(':scope > title');
    if (title && on) {
      el.dataset.title = title.textContent;
      title.textContent = '';
    } else if (title && el.dataset.title !== undefined) {
      title.textContent = el.dataset.title;
    }
    if (el && on) el.setAttribute('aria-describedby', 'diagram_card');
    else if (el) el.removeAttribute('aria-describedby');
  }
  function card(el, x, y) {
    const box = document.getElementById('diagram_card');
    if (!box) return;
    if (quiet && quiet !== el) mute(quiet, false);
    quiet = el;
    if (!el) { box.hidden = true; return; }
    box.textContent = describe(el);
    mute(el, true);
    place(box, x, y);
  }
  function cardAt(el) {
    const box = el.getBoundingClientRect();
    card(el, box.left + window.scrollX + box.width / 2, box.top + window.scrollY + box.height / 2);
  }

  function openEditor(target, x, y) {
    const form = document.getElementById('parameter_editor');
    if (!form) return;
    const bias = target.classList.contains('bias');
    form.elements.layer.value = target.dataset.layer;
    form.elements.target.value = target.dataset.target;
    form.elements.source.value = bias ? '' : target.dataset.source;
    document.getElementById('parameter_label').textContent = target.getAttribute('aria-label');
    const { value } = valueOf(target);
    const input = form.elements.value;
    input.value = value === null ? '' : value;
    document.getElementById('parameter_error').textContent = '';
    if (state.editing) state.editing.classList.remove('editing');
    state.editing = target;
    target.classList.add('editing');
    card(null);
    place(form, x, y);
    input.focus();
    input.select();
  }

  function closeEditor(refocus) {
    const form = document.getElementById('parameter_editor');
    if (!form || form.hidden) return;
    form.hidden = true;
    const target = state.editing;
    state.editing = null;
    if (target) {
      target.classList.remove('editing');
      if (refocus && target.isConnected) target.focus();
    }
  }

  // ---- events --------------------------------------------------------------------------------
  let pointed = null; // the node under the pointer
  document.addEventListener('mouseover', (e) => {
    if (!e.target.closest) return;
    const item = e.target.closest('#diagram .hit, #diagram .bias, #diagram [data-column]');
    const node = e.target.closest('#diagram [data-column]');
    if (node !== pointed) {
      pointed = node;
      if (node) show(node); else if (pinned && pinned.isConnected) show(pinned); else unshow();
    }
    card(state.editing ? null : item, e.pageX, e.pageY);
  });
  document.addEventListener('mouseout', (e) => {
    if (e.relatedTarget) return; // the pointer left the window
    pointed = null;
    if (!pinned) unshow();
    card(null);
  });

  // a click or tap on a neuron keeps its picture in the output until a click elsewhere or a second
  // tap; where the output is out of sight (a phone's one column) it scrolls into view
  function pin(node) {
    if (pinned === node) {
      pinned = null;
      unshow();
      return;
    }
    pinned = node;
    show(node);
    const plot = document.getElementById('boundary');
    const box = plot && plot.getBoundingClientRect();
    if (box && (box.top < 0 || box.bottom > window.innerHeight)) plot.scrollIntoView({ block: 'center' });
  }
  document.addEventListener('focusin', (e) => { // the keyboard's hover
    const t = e.target;
    if (!t.matches || !t.matches('#diagram .hit, #diagram .bias, #diagram .node[data-column]')) return;
    if (t.matches('.node') && !pointed) show(t);
    if (!state.editing) cardAt(t);
  });
  document.addEventListener('focusout', (e) => {
    const t = e.target;
    if (!t.matches || !t.matches('#diagram .hit, #diagram .bias, #diagram .node[data-column]')) return;
    if (t.matches('.node') && !pointed) unshow();
    if (quiet === t) card(null);
  });

  document.addEventListener('click', (e) => {
    const target = e.target.closest && e.target.closest('#diagram .hit, #diagram .bias');
    const node = !target && e.target.closest && e.target.closest('#diagram .node[data-column]:not(.input)');
    if (target) {
      openEditor(target, e.pageX, e.pageY);
    } else if (node) {
      pin(node);
    } else if (e.target.id === 'parameter_cancel') {
      closeEditor(true);
    } else if (!(e.target.closest && e.target.closest('#parameter_editor'))) {
      closeEditor(false);
    }
  });
  // capture: Enter/Space on a link or bias open the editor before app.js takes Space for play
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if ((e.key === 'Enter' || e.key === ' ') && t.matches && t.matches('#diagram .hit, #diagram .bias')) {
      e.preventDefault();
      e.stopPropagation();
      const box = t.getBoundingClientRect();
      openEditor(t, box.left + window.scrollX + box.width / 2, box.top + window.scrollY + box.height / 2);
    } else if (e.key === 'Escape' && t.closest && t.closest('#parameter_editor')) {
      closeEditor(true);
    }
  }, true);

  // requests answered with a frame (app.js adds what the charts hold) bring the shown neuron's
  // picture too — all but the editor's, whose answer is the edit's
  document.addEventListener(EVENTS.configRequest, (e) => {
    const frame = e.detail.target && e.detail.target.id === 'frame';
    if (frame && state.shown && e.detail.elt.id !== 'parameter_editor') e.detail.parameters.show = state.shown;
  });
  document.addEventListener(EVENTS.afterRequest, (e) => {
    const xhr = e.detail.xhr; // a refusal stays open, with its message
    const done = e.detail.successful && xhr.status < 300 && !xhr.getResponseHeader(REFUSED);
    if (e.detail.elt && e.detail.elt.id === 'parameter_editor' && done) closeEditor(true);
  });
  document.addEventListener(EVENTS.frame, (e) => onFrame(e.detail));
  document.addEventListener(EVENTS.afterSwap, () => {
    bindStructure();
    paintDropped(state.data && state.data.dropped); // paused: none greyed
  });
})();
