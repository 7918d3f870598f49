// The "present" toggle: the output (boundary, loss, stats) full screen with the transport — play/
// pause, the epoch and the speed — for a lecture hall. A class on <html> (static/screens.css)
// rearranges the page; the browser's full screen is asked for too, and leaving it (Esc) or pressing
// the toggle again ends the presentation. Plotly is told its boxes changed size. No inline JS (CSP).
(function () {
  'use strict';

  const CHARTS = ['boundary', 'loss_chart'];
  const root = document.documentElement;
  const presenting = () => root.classList.contains('presenting');

  function resizeCharts() {
    if (!window.Plotly) return;
    window.requestAnimationFrame(() => CHARTS.forEach((id) => {
      const gd = document.getElementById(id);
      if (gd && gd.data) Plotly.Plots.resize(gd);
    }));
  }

  function syncButton() {
    const button = document.getElementById('present');
    if (!button) return;
    button.setAttribute('aria-pressed', String(presenting()));
    button.textContent = presenting() ? 'Exit presentation' : 'Present';
  }

  function present(on) {
    root.classList.toggle('presenting', on);
    syncButton();
    if (on && root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(() => {}); // refused (no gesture, an iframe): the page still presents
    } else if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(() => {});
    }
    resizeCharts();
  }

  document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('#present')) present(!presenting());
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && presenting()) present(false);
  });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && presenting()) present(false);
  });
  document.addEventListener('htmx:afterSwap', syncButton);
})();
