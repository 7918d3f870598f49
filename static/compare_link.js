// The main page's "Compare runs" link (templates/partials/playground.html): the page renders it
// with the settings it was drawn with; the settings change in place since (the address bar keeps
// them), so at the moment it is followed it takes the address bar's query, plus the knob to vary.
(function () {
  'use strict';

  function retarget(link) {
    const base = link.getAttribute('href').split('?')[0];
    const query = new URLSearchParams(window.location.search);
    query.set('vary', link.dataset.compare);
    link.setAttribute('href', `${base}?${query.toString()}`);
  }

  // pointerdown and keydown come before the navigation a click or Enter starts
  ['pointerdown', 'keydown', 'click'].forEach((type) => {
    document.addEventListener(type, (e) => {
      const link = e.target.closest && e.target.closest('a[data-compare]');
      if (link) retarget(link);
    }, true);
  });
})();
