// The /compare page's script (templates/compare.html): it reads #compare_data after each swap
// and draws every run's part — its small boundary, its numbers, and its two curves on the one
// overlaid loss chart — and tells frame requests (poll, step) what the charts hold of each run.
// It computes nothing: numbers arrive formatted, figures whole or as deltas (the main page's way).
(function () {
  'use strict';

  const LOSS = 'compare_loss';
  const CONFIG = { displayModeBar: false, responsive: true };
  const SMALL = { displayModeBar: false, responsive: true, staticPlot: true };
  const STATS = ['train_loss', 'test_loss', 'train_accuracy', 'test_accuracy'];
  const state = { el: null, runs: [], traces: [], layout: null, revision: 0 };

  function text(id, value) {
    const el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  // a run's curves: whole traces replace what is held, a delta appends its new epochs
  function curves(i, run, held) {
    if (run.loss) {
      state.traces[2 * i] = run.loss[0];
      state.traces[2 * i + 1] = run.loss[1];
    } else if (run.extend && state.traces[2 * i]) {
      run.extend.epochs.forEach((epoch, k) => {
        if (epoch <= held.epoch) return; // a late poll may repeat what the chart holds
        [0, 1].forEach((j) => {
          const trace = state.traces[2 * i + j];
          trace.x = trace.x.concat([epoch]);
          trace.y = trace.y.concat([run.extend.y[j][k]]);
        });
      });
    }
  }

  function drawRun(run, i) {
    const held = state.runs[i] || (state.runs[i] = { token: '', epoch: -1, boundary: null });
    if (run.boundary) {
      held.boundary = run.boundary;
    } else if (held.boundary && run.z) {
      held.boundary.data[0].z = run.z;
    } else {
      return; // a delta without a base: the next request asks for everything
    }
    curves(i, run, held);
    state.revision += 1;
    held.boundary.layout.datarevision = state.revision;
    Plotly.react(`compare_boundary_${i}`, held.boundary.data, held.boundary.layout, SMALL);
    held.token = run.token;
    held.epoch = run.epoch;
    text(`compare_epoch_${i}`, String(run.epoch));
    STATS.forEach((name) => text(`compare_${name}_${i}`, run.stats[name]));
    text(`compare_stopped_${i}`, run.stopped || '');
  }

  function draw(frame) {
    if (frame.layout) state.layout = frame.layout;
    frame.runs.forEach(drawRun);
    if (document.getElementById(LOSS) && state.layout) {
      // a curve with no points yet is drawn as one gap: Plotly keeps it in the key (app.js)
      const traces = state.traces.filter(Boolean)
        .map((trace) => (trace.x.length ? trace : { ...trace, x: [null], y: [null] }));
      Plotly.react(LOSS, traces, state.layout, CONFIG);
    }
  }

  function read() {
    const el = document.getElementById('compare_data');
    if (!el || el === state.el || !window.Plotly) return;
    state.el = el;
    draw(JSON.parse(el.textContent));
  }

  // a request answered into the frame (poll, step) says what the charts hold of every run
  document.addEventListener('htmx:configRequest', (e) => {
    if (!e.detail.target || e.detail.target.id !== 'compare_frame') return;
    e.detail.parameters.tokens = state.runs.map((run) => (run ? run.token : '')).join(',');
    e.detail.parameters.since = state.runs.map((run) => (run ? run.epoch : -1)).join(',');
  });
  document.addEventListener('htmx:beforeRequest', (e) => {
    if (document.hidden && e.detail.elt.id === 'compare_poller') e.preventDefault();
  });
  document.addEventListener('keydown', (e) => {
    if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest('input, select, textarea, button, a')) return;
    const button = document.getElementById('compare_play');
    if (button) {
      e.preventDefault();
      if (window.htmx) window.htmx.process(button); // bound before its swap settles (access.js)
      button.click();
    }
  });
  document.addEventListener('htmx:afterSwap', read);
  document.addEventListener('DOMContentLoaded', read);
})();
