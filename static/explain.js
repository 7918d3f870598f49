// The lecture panels' script (templates/partials/lecture.html). Each panel loads its region when
// opened and refreshes it after the run changes while paused; a click on a training point in the
// output plot picks the worked example's point (and app.js rings it), a click on a link of the
// network diagram its weight; the explorer's figures go to Plotly. (The code panes' Copy buttons
// are app.js's [data-copy].) No inline JS anywhere (CSP: script-src 'self').
(function () {
  'use strict';

  const REFRESH = 'refresh-panel'; // the panels' hx-trigger
  const PANELS = { worked_example_panel: 'worked_example', explorer_panel: 'explorer', code_view_panel: 'code_view' };
  const MARK = 'playground:mark'; // app.js rings {x, y} on the output plot (null: no ring)
  const SMALL_CHART = { staticPlot: true, responsive: true };
  const BIG_CHART = { displayModeBar: false, responsive: true };
  const state = { playing: false, boundary: null, explorerData: null, mark: 'null' };

  function isPlaying() {
    const poller = document.getElementById('poller');
    return Boolean(poller && poller.dataset.state === 'playing');
  }

  // ---- panels: load when opened, refresh after changes ------------------------------------------
  function refresh(panelId) {
    const region = document.getElementById(PANELS[panelId]);
    if (region && window.htmx) htmx.trigger(region, REFRESH);
  }

  function refreshOpenPanels(except) {
    if (isPlaying()) return; // numbers would be stale at once; the pause refreshes them
    Object.keys(PANELS).forEach((panelId) => {
      const panel = document.getElementById(panelId);
      if (panel && panel.open && PANELS[panelId] !== except) refresh(panelId);
    });
  }

  document.addEventListener('toggle', (e) => {
    const panel = e.target;
    if (!(panel.id in PANELS)) return;
    if (panel.open && panel.dataset.skipRefresh !== 'true') refresh(panel.id);
    delete panel.dataset.skipRefresh;
    placeMarker();
  }, true); // toggle does not bubble

  // a lesson may render a panel open (the single neuron opens the worked example): load it once
  // htmx has set the page up (its toggle may fire before htmx processed the region)
  document.addEventListener('htmx:load', (e) => {
    if (e.target === document.body) refreshOpenPanels();
  });

  // after which the run's numbers may differ: answers into the banner (settings, reset, new data)
  // or the frame (a step, a typed weight; a poll's end shows as a stop in playing), and the
  // worked example's own step
  function changesRun(detail) {
    const target = detail.target && detail.target.id;
    const elt = detail.elt || {};
    return (target === 'banner' || (target === 'frame' && elt.id !== 'poller')) || elt.id === 'example_step';
  }
  document.addEventListener('htmx:afterRequest', (e) => {
    if (e.detail.successful && changesRun(e.detail)) refreshOpenPanels(e.detail.target && e.detail.target.id);
  });

  document.addEventListener('htmx:afterSettle', () => {
    const playing = isPlaying();
    if (state.playing && !playing) refreshOpenPanels('');
    state.playing = playing;
    bindBoundary();
    drawExplorer();
    placeMarker();
  });

  // ---- the worked example: pick a point or a weight ------------------------------------------
  function choose(values) {
    const panel = document.getElementById('worked_example_panel');
    const region = document.getElementById('worked_example');
    if (!panel || !region || !window.htmx) return;
    if (!panel.open) {
      panel.dataset.skipRefresh = 'true'; // this request brings the panel's content
      panel.open = true;
    }
    // the region's own address (it loads from it; a POST there picks the point or weight)
    htmx.ajax('POST', region.getAttribute('hx-get'), { target: '#worked_example', swap: 'outerHTML', values });
  }

  function onPlotClick(event) {
    const point = (event.points || []).find((p) => p.customdata !== undefined && p.customdata !== null);
    if (point) choose({ example_point: String(point.customdata) });
  }

  // a link of the network diagram (static/diagram.js opens its editor too) picks the weight
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('#diagram .hit[data-source]');
    const panel = document.getElementById('worked_example_panel');
    if (!link || !panel || !panel.open) return;
    const { layer, source, target } = link.dataset;
    choose({ example_weight: `${layer},${source},${target}` });
  });

  function bindBoundary() {
    const gd = document.getElementById('boundary');
    if (!gd || typeof gd.on !== 'function' || gd === state.boundary) return;
    state.boundary = gd;
    gd.on('plotly_click', onPlotClick);
  }

  // the worked example's point is ringed on the output plot while its panel is open
  function placeMarker() {
    const panel = document.getElementById('worked_example_panel');
    const region = document.getElementById('worked_example');
    const show = panel && panel.open && region && region.dataset.pointX !== undefined;
    const mark = show ? { x: Number(region.dataset.pointX), y: Number(region.dataset.pointY) } : null;
    if (JSON.stringify(mark) === state.mark) return;
    state.mark = JSON.stringify(mark);
    document.dispatchEvent(new CustomEvent(MARK, { detail: mark }));
  }

  // ---- the explorer's figures ------------------------------------------------------------------
  function drawExplorer() {
    const el = document.getElementById('explorer_data');
    if (!el || el === state.explorerData || !window.Plotly) return;
    state.explorerData = el;
    const figures = JSON.parse(el.textContent);
    document.querySelectorAll('#explorer [data-chart]').forEach((div) => {
      const figure = figures[div.dataset.chart];
      if (!figure) return;
      const config = div.dataset.chart === 'layer' ? BIG_CHART : SMALL_CHART;
      Plotly.react(div, figure.data, figure.layout, config);
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    state.playing = isPlaying();
    bindBoundary();
  });
})();
