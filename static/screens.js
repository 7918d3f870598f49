// Every screen in the room (with static/screens.css). In projector mode the boundary is as tall as
// the first screen leaves below it, whatever the top bar and a lesson's line take (--boundary-room
// on <html>; the stylesheet's guess without JavaScript). The "present" toggle shows the output
// (boundary, loss, stats) full screen with the transport — play/pause, the epoch and the speed —
// for a lecture hall: a class on <html>, the browser's full screen asked for too; leaving it (Esc)
// or pressing the toggle again ends it. Plotly is told when its boxes change size. No inline JS.
(function () {
  'use strict';

  const CHARTS = ['boundary', 'loss_chart'];
  const ROOM = '--boundary-room';
  const MARGIN = 8; // px kept free under the boundary on the first screen
  const root = document.documentElement;
  const presenting = () => root.classList.contains('presenting');

  function resizeCharts() {
    if (!window.Plotly) return;
    window.requestAnimationFrame(() => CHARTS.forEach((id) => {
      const gd = document.getElementById(id);
      if (gd && gd.data) Plotly.Plots.resize(gd);
    }));
  }

  // the room from the boundary's top (in the page, not the scrolled view) to the first screen's
  // foot; its top does not depend on its own height, so setting it settles at once
  function fitBoundary() {
    const plot = document.getElementById('boundary');
    const before = root.style.getPropertyValue(ROOM);
    if (!plot || !root.classList.contains('projector') || presenting()) {
      if (before) root.style.removeProperty(ROOM);
      return;
    }
    const top = plot.getBoundingClientRect().top + window.scrollY;
    const room = `${Math.floor(window.innerHeight - top - MARGIN)}px`;
    if (room === before) return;
    root.style.setProperty(ROOM, room);
    resizeCharts();
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
    fitBoundary();
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
  document.addEventListener('htmx:afterSwap', (e) => {
    syncButton();
    // a poll swaps #frame and the numbers: nothing above the boundary moves
    if (!(e.detail.target && e.detail.target.id === 'frame')) fitBoundary();
  });
  document.addEventListener('change', (e) => {
    if (e.target.id === 'projector') window.requestAnimationFrame(fitBoundary);
  });
  document.addEventListener('toggle', (e) => { // a lesson's text opened or folded
    if (e.target.id === 'lesson_text') fitBoundary();
  }, true);
  window.addEventListener('resize', fitBoundary);
  document.addEventListener('DOMContentLoaded', fitBoundary);
})();
