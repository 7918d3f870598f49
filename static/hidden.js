// The hidden-space panel's script (templates/partials/hidden_space.html): it loads the panel when
// opened and after the run changes, draws its picture, and while the panel is open asks every
// frame request (poll, step) for that picture, which app.js hands over with each frame
// ("playground:frame"). Closed, the panel costs nothing: no request asks for it.
(function () {
  'use strict';

  const IDS = { panel: 'hidden_space_panel', region: 'hidden_space', chart: 'hidden_space_chart',
    data: 'hidden_space_data', note: 'hidden_space_note' };
  const REFRESH = 'refresh-panel'; // the region's hx-trigger
  const FRAME = 'playground:frame'; // app.js: a new frame, as detail
  const PLOT_CONFIG = { displayModeBar: false, responsive: true };
  const state = { data: null };

  function panelOpen() {
    const panel = document.getElementById(IDS.panel);
    return Boolean(panel && panel.open);
  }

  function refresh() {
    const region = document.getElementById(IDS.region);
    if (region && window.htmx) htmx.trigger(region, REFRESH);
  }

  function draw(figure) {
    const region = document.getElementById(IDS.region);
    const chart = document.getElementById(IDS.chart);
    const note = document.getElementById(IDS.note);
    if (!region || !chart || !window.Plotly || !figure) return;
    if (note) note.textContent = figure.reason || '';
    if (figure.reason || figure.choice !== region.dataset.choice) return; // an older choice's
    Plotly.react(chart, figure.data, figure.layout, PLOT_CONFIG);
  }

  // the panel's own answer: opened, another layer or axes, or refreshed after a change
  document.addEventListener('htmx:afterSettle', () => {
    const el = document.getElementById(IDS.data);
    if (!el || el === state.data) return;
    state.data = el;
    draw(JSON.parse(el.textContent));
  });

  document.addEventListener(FRAME, (e) => {
    if (panelOpen() && e.detail && e.detail.hidden) draw(e.detail.hidden);
  });

  // a request answered into #frame (a poll, a step) asks for the open panel's picture
  document.addEventListener('htmx:configRequest', (e) => {
    const region = document.getElementById(IDS.region);
    const target = e.detail.target && e.detail.target.id;
    if (target !== 'frame' || !panelOpen() || !region || !region.dataset.layer) return;
    e.detail.parameters.hidden_layer = region.dataset.layer;
    e.detail.parameters.hidden_axes = region.dataset.axes;
  });

  document.addEventListener('toggle', (e) => {
    if (e.target.id === IDS.panel && e.target.open) refresh();
  }, true); // toggle does not bubble

  // after a change that may alter the network or the data (answers into the banner: settings,
  // reset, new data), the panel asks again: its layer may be gone
  document.addEventListener('htmx:afterRequest', (e) => {
    const target = e.detail.target && e.detail.target.id;
    if (e.detail.successful && target === 'banner' && panelOpen()) refresh();
  });
})();
