// MLP Playground's main script. It is the one reader of #frame_data: after each htmx swap it hands
// the chart data to Plotly and the whole frame to whoever else draws (the "playground:frame" event:
// diagram.js); it tells frame requests what the charts already hold, rings a point on the output
// when asked ("playground:mark": explain.js), pauses polling in hidden tabs, copies links and code,
// and shows slider values live (Space and focus: access.js). No inline JS (CSP: script-src 'self').
(function () {
  'use strict';

  // A TensorFlow Playground link pasted after our address (/#activation=tanh&networkShape=4,2&…)
  // keeps its settings in the fragment, which never reaches the server: hand them over as a query
  // to be translated into ours (data-playground-links), before anything else reads the page.
  const playgroundLinks = document.body.dataset.playgroundLinks;
  if (playgroundLinks && window.location.hash.includes('=')) {
    window.location.replace(`${playgroundLinks}?${window.location.hash.slice(1)}`);
    return;
  }

  const EVENTS = {
    afterSwap: 'htmx:afterSwap',
    beforeRequest: 'htmx:beforeRequest',
    configRequest: 'htmx:configRequest',
    sendError: 'htmx:sendError',
    responseError: 'htmx:responseError',
    afterRequest: 'htmx:afterRequest',
    frame: 'playground:frame', // dispatched here: a new frame, as detail
    mark: 'playground:mark', // listened to: {x, y} to ring on the output plot, or null
  };
  const PLOT_CONFIG = { displayModeBar: false, responsive: true };
  const CHARTS = ['boundary', 'loss_chart'];
  const state = { token: '', epoch: -1, frameEl: null, boundary: null, revision: 0, mark: null, lossAt: 0 };

  // ---- charts ------------------------------------------------------------------------------
  // A training frame changes only the heatmap's codes: they are painted into the picture Plotly
  // drew (its <image>) through the server's colour table, with no Plotly call at all; anything
  // else (a whole frame, new looks, the perceptron's overlay, a ring) goes through Plotly.react.
  function draw(frame) {
    if (frame.boundary) {
      state.boundary = frame.boundary;
      state.lut = null; // made from the heatmap's colour scale when first needed
    } else if (state.boundary) {
      if (frame.z) state.boundary.data[0].z = frame.z;
    } else {
      return; // a delta without a base: keep the old token, the next poll brings everything
    }
    if (frame.looks) { // new looks on what is drawn: the heatmap's colours, which points show
      const [heatmap, ...points] = state.boundary.data;
      heatmap.colorscale = frame.looks.colorscale;
      state.lut = null;
      points.forEach((trace, i) => { trace.visible = frame.looks.visible[i]; });
    }
    // layout drawn over the boundary by the server (the perceptron's line and weight arrow)
    if (frame.overlay) Object.assign(state.boundary.layout, frame.overlay);
    const codesOnly = !frame.boundary && !frame.looks && !frame.overlay;
    if (!(codesOnly && frame.z && paintHeatmap(frame.z))) {
      state.revision += 1;
      state.boundary.layout.datarevision = state.revision;
      drawBoundary();
    }
    if (frame.loss) {
      drawLoss(frame.loss);
    } else if (frame.extend) {
      extendLoss(frame.extend);
    }
    state.token = frame.token;
    if (frame.epoch !== undefined) state.epoch = frame.epoch; // a restyle carries none
  }

  function bytes(b64) {
    const text = window.atob(b64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
    return out;
  }
  // the heatmap's colour scale (stops over codes 0..255, as the server sets it) sampled at every
  // code, RGBA: linear in RGB between the stops, as Plotly colours a heatmap cell
  function colourTable(scale) {
    const rgb = scale.map(([at, hex]) => [Number(at), [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
    const out = new Uint8ClampedArray(256 * 4).fill(255);
    for (let code = 0; code < 256; code += 1) {
      const t = code / 255;
      let k = 1;
      while (k < rgb.length - 1 && rgb[k][0] < t) k += 1;
      const [t0, c0] = rgb[k - 1];
      const [t1, c1] = rgb[k];
      const f = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 1;
      for (let i = 0; i < 3; i += 1) out[code * 4 + i] = Math.round(c0[i] + f * (c1[i] - c0[i]));
    }
    return out;
  }

  // paint uint8 codes (rows from the bottom, as the heatmap's y grows) into the heatmap's picture;
  // false when there is no picture to paint (Plotly has not drawn one yet)
  function paintHeatmap(z) {
    const image = document.querySelector('#boundary .heatmaplayer image');
    if (!image || !z || z.dtype !== 'u1' || !z.shape) return false;
    if (!state.lut) state.lut = colourTable(state.boundary.data[0].colorscale);
    const [rows, cols] = z.shape.split(',').map(Number);
    const codes = bytes(z.bdata);
    if (codes.length !== rows * cols) return false;
    const canvas = state.canvas || (state.canvas = document.createElement('canvas'));
    canvas.width = cols;
    canvas.height = rows;
    const ctx = canvas.getContext('2d');
    const picture = ctx.createImageData(cols, rows);
    for (let r = 0; r < rows; r += 1) {
      const out = (rows - 1 - r) * cols * 4;
      for (let c = 0; c < cols; c += 1) {
        const code = codes[r * cols + c] * 4;
        picture.data.set(state.lut.subarray(code, code + 4), out + c * 4);
      }
    }
    ctx.putImageData(picture, 0, 0);
    image.setAttribute('href', canvas.toDataURL());
    image.style.imageRendering = state.boundary.data[0].zsmooth ? 'auto' : 'pixelated';
    return true;
  }

  // ---- the loss chart's axes: epochs all / recent / log, loss linear or log ---------------------
  // A preference of this browser, not a setting (never posted): the choice is kept locally. The
  // page keeps every point (state.curves); "recent" plots the last RECENT of them, so the axis
  // follows the run by autorange; a longer history is thinned to at most DRAWN points a line,
  // evenly along the x-axis as shown (epochs or log epochs), so a long run redraws as fast as a
  // short one.
  const AXES_KEY = 'mlp-playground.loss-axes';
  const RECENT = 200;
  const DRAWN = 400;
  function axes() {
    let saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(AXES_KEY) || '{}'); } catch (err) { /* private mode */ }
    return { x: ['all', 'recent', 'log'].includes(saved.x) ? saved.x : 'log', logY: saved.logY === true };
  }
  function lossLayout(layout) {
    const { x, logY } = axes();
    return {
      ...layout,
      xaxis: { ...layout.xaxis, type: x === 'log' ? 'log' : 'linear', autorange: true },
      yaxis: { ...layout.yaxis, type: logY ? 'log' : 'linear', autorange: true },
    };
  }
  function shown(xs, mode) { // the indices of xs (ascending epochs) the chart draws
    const from = mode === 'recent' ? Math.max(0, xs.length - RECENT) : 0;
    const all = Array.from({ length: xs.length - from }, (_, k) => from + k);
    if (all.length <= DRAWN) return all;
    const at = mode === 'log' ? (x) => Math.log(Math.max(x, 1)) : (x) => x;
    const lo = at(xs[from]);
    const span = (at(xs[xs.length - 1]) - lo) || 1;
    let last = -1;
    return all.filter((i) => { // the first point of each of DRAWN equal slices, and the newest
      const slice = Math.floor(((at(xs[i]) - lo) / span) * (DRAWN - 1));
      const keep = slice !== last || i === xs.length - 1;
      last = slice;
      return keep;
    });
  }
  function lossData(traces) { // the traces with the points the x-axis mode shows
    const mode = axes().x;
    return traces.map((trace, i) => {
      const xs = state.curves.x[i];
      const ys = state.curves.y[i];
      const keep = shown(xs, mode);
      // no points yet: one gap keeps the trace in the legend (Plotly leaves an empty trace
      // out, and the redraw that first added all four was the page's costliest task)
      if (!keep.length) return { ...trace, x: [null], y: [null] };
      return { ...trace, x: keep.map((k) => xs[k]), y: keep.map((k) => ys[k]) };
    });
  }
  function drawLoss(figure) {
    window.clearTimeout(state.lossTimer);
    state.lossTimer = null;
    state.pending = false;
    state.curves = { x: figure.data.map((t) => Array.from(t.x)), y: figure.data.map((t) => Array.from(t.y)) };
    state.lossLayout = figure.layout;
    const chart = document.getElementById('loss_chart');
    // a new model may measure something else (the perceptron: its error rate): say so
    chart.setAttribute('aria-label', `Training and test ${figure.layout.yaxis.title.text} by epoch`);
    Plotly.react(chart, lossData(figure.data), lossLayout(figure.layout), PLOT_CONFIG);
  }
  // New points are kept at once and drawn at most every LOSS_MS, in a task of their own: a
  // redraw of the chart costs more than painting the boundary, and need not happen every frame.
  const LOSS_MS = 250;
  function extendLoss(extend) {
    // a poll that left before a full redraw may repeat epochs the chart already holds
    const start = extend.epochs.findIndex((epoch) => epoch > state.epoch);
    if (start < 0 || !state.curves) return;
    const epochs = extend.epochs.slice(start);
    extend.y.forEach((y, i) => {
      state.curves.x[i].push(...epochs);
      state.curves.y[i].push(...y.slice(start));
    });
    state.pending = true;
    if (state.lossTimer === null || state.lossTimer === undefined) {
      state.lossTimer = window.setTimeout(flushLoss, Math.max(0, state.lossAt + LOSS_MS - performance.now()) || 0);
    }
  }
  function flushLoss() {
    state.lossTimer = null;
    if (!state.pending) return;
    state.pending = false;
    state.lossAt = performance.now();
    redrawLoss();
  }
  function redrawLoss() {
    const chart = document.getElementById('loss_chart');
    if (!chart || !chart.data || !state.curves || !window.Plotly) return;
    Plotly.react(chart, lossData(chart.data), lossLayout(state.lossLayout), PLOT_CONFIG);
  }
  function syncAxesControls() {
    const { x, logY } = axes();
    const select = document.getElementById('loss_x_axis');
    const box = document.getElementById('loss_log_y');
    if (select) select.value = x;
    if (box) box.checked = logY;
  }
  document.addEventListener('change', (e) => {
    if (e.target.id !== 'loss_x_axis' && e.target.id !== 'loss_log_y') return;
    e.stopPropagation(); // not a setting: the form must not post it
    const saved = axes();
    if (e.target.id === 'loss_x_axis') saved.x = e.target.value;
    else saved.logY = e.target.checked;
    try { window.localStorage.setItem(AXES_KEY, JSON.stringify(saved)); } catch (err) { /* private mode */ }
    redrawLoss();
  }, true);
  document.addEventListener(EVENTS.afterSwap, syncAxesControls);
  document.addEventListener('DOMContentLoaded', syncAxesControls);

  // the boundary's layout plus the asked-for ring: a white halo under an ink circle, in pixels
  function drawBoundary() {
    const layout = state.boundary.layout;
    const ring = (colour, width) => ({
      type: 'circle', xref: 'x', yref: 'y', xsizemode: 'pixel', ysizemode: 'pixel', xanchor: state.mark.x,
      yanchor: state.mark.y, x0: -11, x1: 11, y0: -11, y1: 11, line: { color: colour, width },
    });
    const shown = state.mark
      ? { ...layout, shapes: [...(layout.shapes || []), ring('#ffffff', 6), ring('#1f2a30', 2.5)] } : layout;
    Plotly.react('boundary', state.boundary.data, shown, PLOT_CONFIG);
  }
  document.addEventListener(EVENTS.mark, (e) => {
    state.mark = e.detail;
    if (state.boundary && window.Plotly) drawBoundary();
  });

  function readFrame() {
    const el = document.getElementById('frame_data');
    if (!el || el === state.frameEl) return;
    state.frameEl = el;
    const frame = JSON.parse(el.textContent);
    if (window.Plotly) draw(frame);
    document.dispatchEvent(new CustomEvent(EVENTS.frame, { detail: frame }));
  }

  // ---- polling -----------------------------------------------------------------------------
  // a request answered into #frame (poll, step, a typed weight) or with a frame that may only
  // restyle the charts (a change of settings: the form marks itself data-charts-state) says what
  // the charts hold
  document.addEventListener(EVENTS.configRequest, (e) => {
    const elt = e.detail.elt;
    if ((e.detail.target && e.detail.target.id === 'frame') || (elt && elt.hasAttribute('data-charts-state'))) {
      e.detail.parameters.token = state.token;
      e.detail.parameters.since = state.epoch;
    }
  });
  document.addEventListener(EVENTS.beforeRequest, (e) => {
    if (document.hidden && e.detail.elt.id === 'poller') e.preventDefault();
  });
  // errors htmx does not swap (a refusal is a 200 whose fragment is swapped in place: refusal.py)
  document.addEventListener(EVENTS.sendError, () => showProblem('Connection to the server lost — retrying…'));
  document.addEventListener(EVENTS.responseError, (e) => {
    const xhr = e.detail.xhr;
    showProblem(`The server refused that request (${xhr.status} ${xhr.statusText || xhr.responseText})`);
  });
  document.addEventListener(EVENTS.afterRequest, (e) => {
    if (e.detail.successful) showProblem('');
  });
  function showProblem(text) {
    const el = document.getElementById('client_status');
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
  }

  // ---- controls ----------------------------------------------------------------------------
  function showValue(input) {
    const out = document.getElementById(input.id + '_value');
    if (!out) return;
    out.textContent = input.dataset.show === 'percent'
      ? Math.round(Number(input.value) * 100) + '%' : input.value;
  }
  document.addEventListener('input', (e) => {
    if (e.target.type === 'range') showValue(e.target);
  });
  document.addEventListener('change', (e) => {
    if (e.target.id === 'projector') {
      document.documentElement.classList.toggle('projector', e.target.checked);
      if (window.Plotly) {
        window.requestAnimationFrame(() => CHARTS.forEach((id) => Plotly.Plots.resize(id)));
      }
    }
  });

  // a button with data-copy copies that element's text (an input: its link, made absolute) and
  // says so in the element its aria-describedby names; without the clipboard it selects the text
  function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.getAttribute('aria-describedby'));
    if (!source || !status) return;
    const isInput = source.tagName === 'INPUT';
    const text = isInput ? new URL(source.value, window.location.href).href : source.textContent;
    const fallback = () => {
      if (isInput) {
        source.value = text;
        source.focus();
        source.select();
      } else {
        window.getSelection().selectAllChildren(source);
      }
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy';
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => { status.textContent = 'Copied!'; }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('button[data-copy]');
    if (button) copy(button);
  });

  // a button with data-dialog opens that <dialog> (the QR code to join); data-close-dialog, a
  // click on the backdrop or Escape closes it, and focus returns to the opener (native)
  document.addEventListener('click', (e) => {
    const opener = e.target.closest && e.target.closest('[data-dialog]');
    const closer = e.target.closest && e.target.closest('[data-close-dialog]');
    if (opener) {
      const dialog = document.getElementById(opener.dataset.dialog);
      if (dialog && !dialog.open) dialog.showModal();
    } else if (closer) {
      const dialog = document.getElementById(closer.dataset.closeDialog);
      if (dialog) dialog.close();
    } else if (e.target.tagName === 'DIALOG') {
      e.target.close(); // the backdrop
    }
  });

  // ---- one run per tab ---------------------------------------------------------------------
  // The server mints a session id for every page it renders (hx-headers on <body>); the tab keeps
  // its id in sessionStorage. A tab that comes back (reload, Back/Forward, a restored or duplicated
  // tab) or opens `/` without a query while its storage names another id asks the server to
  // resume that run: the answer is a copy of it under a new id ("playground:session"), which
  // the page then names in every request. A new tab's storage is empty: it keeps its page's run.
  const TAB_KEY = 'mlp-playground.session';
  function tabId(id) {
    try {
      if (id) window.sessionStorage.setItem(TAB_KEY, id);
      return window.sessionStorage.getItem(TAB_KEY);
    } catch (err) { return null; } // storage off: the page keeps its own run
  }
  function pageHeaders() {
    return JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  }
  function pageId() {
    return Object.values(pageHeaders())[0] || null; // the one header: the page's session
  }
  document.addEventListener('playground:session', (e) => {
    const headers = pageHeaders();
    const name = Object.keys(headers)[0];
    if (!name || !e.detail.id) return;
    headers[name] = e.detail.id;
    document.body.setAttribute('hx-headers', JSON.stringify(headers));
    tabId(e.detail.id);
  });
  function resumeTab(returning) {
    const own = pageId();
    const url = document.body.dataset.resume;
    if (!own || !url) return;
    const kept = tabId(null);
    if (kept && kept !== own && (returning || !window.location.search)) {
      htmx.ajax('POST', url, { source: document.body, target: '#banner', swap: 'outerHTML', values: { from: kept } })
        .then(() => tabId(pageId()));
    } else {
      tabId(own);
    }
  }
  document.addEventListener('DOMContentLoaded', () => {
    const nav = window.performance.getEntriesByType('navigation')[0];
    resumeTab(Boolean(nav) && (nav.type === 'reload' || nav.type === 'back_forward'));
  });
  window.addEventListener('pageshow', (e) => { if (e.persisted) resumeTab(true); }); // back-forward cache

  document.addEventListener(EVENTS.afterSwap, readFrame);
  document.addEventListener('DOMContentLoaded', () => {
    const canonical = document.body.dataset.url;
    if (canonical && window.location.pathname + window.location.search !== canonical) {
      window.history.replaceState(null, '', canonical);
    }
    readFrame();
  });
})();
