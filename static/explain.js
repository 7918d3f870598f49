// The lecture panels' script (templates/partials/lecture.html). Each panel loads its region when
// opened and refreshes it after the run changes while paused; a click on a training point in the
// output plot picks the worked example's point (and a ring marks it), a click on a link of the
// network diagram its weight; the explorer's figures go to Plotly; the code panes copy.
// No inline JS anywhere (CSP: script-src 'self').
(function () {
  'use strict';

  const REFRESH = 'refresh-panel'; // the panels' hx-trigger
  const PANELS = { worked_example_panel: 'worked_example', explorer_panel: 'explorer', code_view_panel: 'code_view' };
  // requests after which the run's numbers may differ (a poll's end shows as a stop in playing)
  const CHANGING_PATHS = ['/', '/config', '/reset', '/regenerate', '/step', '/explain/step'];
  const SMALL_CHART = { staticPlot: true, responsive: true };
  const BIG_CHART = { displayModeBar: false, responsive: true };
  const state = { playing: false, boundary: null, explorerData: null };

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

  document.addEventListener('htmx:afterRequest', (e) => {
    const config = e.detail.requestConfig;
    if (!e.detail.successful || !config) return;
    const path = String(config.path).split('?')[0];
    const target = e.detail.target && e.detail.target.id;
    if (CHANGING_PATHS.includes(path)) refreshOpenPanels(target);
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
    if (!panel || !window.htmx) return;
    if (!panel.open) {
      panel.dataset.skipRefresh = 'true'; // this request brings the panel's content
      panel.open = true;
    }
    htmx.ajax('POST', '/explain', { target: '#worked_example', swap: 'outerHTML', values });
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
    gd.on('plotly_afterplot', placeMarker);
  }

  // a ring on the output plot around the worked example's point, while its panel is open
  function placeMarker() {
    const gd = document.getElementById('boundary');
    const panel = document.getElementById('worked_example_panel');
    const region = document.getElementById('worked_example');
    let marker = document.getElementById('example_marker');
    const show = Boolean(gd && gd._fullLayout && gd._fullLayout.xaxis && panel && panel.open
      && region && region.dataset.pointX !== undefined);
    if (!show) {
      if (marker) marker.hidden = true;
      return;
    }
    if (!marker || marker.parentNode !== gd) {
      marker = document.createElement('div');
      marker.id = 'example_marker';
      marker.className = 'example-marker';
      marker.setAttribute('aria-hidden', 'true');
      gd.appendChild(marker);
    }
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    marker.style.left = `${xa._offset + xa.l2p(Number(region.dataset.pointX))}px`;
    marker.style.top = `${ya._offset + ya.l2p(Number(region.dataset.pointY))}px`;
    marker.hidden = false;
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

  // ---- copy a code pane ------------------------------------------------------------------------
  function copyCode(button) {
    const code = document.getElementById(button.dataset.copy);
    const status = document.getElementById(`${button.dataset.copy}_status`);
    if (!code || !status) return;
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy';
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(() => { status.textContent = 'Copied!'; }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('.copy-code');
    if (button) copyCode(button);
  });

  document.addEventListener('DOMContentLoaded', () => {
    state.playing = isPlaying();
    bindBoundary();
  });
})();
