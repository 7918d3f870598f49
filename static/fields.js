// MLP Playground's field messages. A refused value is said next to its field (its slot
// <p id="NAME_error">, named by the field's aria-describedby), the field is marked aria-invalid and
// shows the value in use again. A number the page can tell is out of range (the schema's bounds
// and words, rendered by the server as data-ge/gt/le/lt and data-say-*) is refused before it is
// sent — no request at all; whatever else the server refuses comes back as banner lines naming
// their field (data-field, data-in-use), which move next to it. "Custom…" in a list of presets
// (the learning rate) shows a number field whose value joins the list. No inline JS (CSP).
(function () {
  'use strict';

  const EVENTS = { configRequest: 'htmx:configRequest', beforeRequest: 'htmx:beforeRequest',
    afterRequest: 'htmx:afterRequest', afterSettle: 'htmx:afterSettle' };
  const FORM = 'playground';
  // a refusal (422) reaches htmx as a 200 with this header, so Chromium logs no error
  // (app/web/refusal.py); its fragment is swapped in place like any answer
  const REFUSED = 'X-Playground-Refused';

  function announce(text) {
    const live = document.getElementById('announcer');
    if (live) live.textContent = text;
  }

  // ---- the value in use: what the last good answer left in the form ----------------------------
  function keepInUse(form) { // after a good answer, what the form shows is what the run uses
    form.querySelectorAll('input, select').forEach((el) => {
      if (el.tagName === 'SELECT') {
        Array.from(el.options).forEach((o) => { o.defaultSelected = o.selected; });
      } else if (el.type === 'checkbox' || el.type === 'radio') {
        el.defaultChecked = el.checked;
      } else {
        el.defaultValue = el.value;
      }
    });
  }
  function showInUse(el, value) { // the field shows the value the run uses
    if (!el) return;
    if (el.tagName === 'SELECT') {
      if (value !== undefined && !Array.from(el.options).some((o) => o.value === value)) {
        el.add(new Option(`${value} (custom)`, value), el.options[el.options.length - 1]);
      }
      Array.from(el.options).forEach((o) => {
        o.selected = value !== undefined ? o.value === value : o.defaultSelected;
      });
    } else if (el.type === 'radio') {
      el.form.querySelectorAll(`input[type="radio"][name="${el.name}"]`).forEach((r) => {
        r.checked = value !== undefined ? r.value === value : r.defaultChecked;
      });
    } else if (el.type === 'checkbox') {
      el.checked = value !== undefined ? value === 'true' : el.defaultChecked;
    } else {
      el.value = value !== undefined ? value : el.defaultValue;
    }
  }

  // ---- marking a field ----------------------------------------------------------------------------
  function field(name) {
    return document.getElementById(name);
  }
  function mark(name, text) { // say text next to the field; false when it has no slot
    const slot = document.getElementById(`${name}_error`);
    if (!slot) return false;
    slot.textContent = text;
    slot.hidden = false;
    const el = field(name);
    if (el) el.setAttribute('aria-invalid', 'true');
    announce(text);
    return true;
  }
  function clearMarks() {
    document.querySelectorAll('.field-error:not([hidden])').forEach((slot) => {
      slot.hidden = true;
      slot.textContent = '';
    });
    document.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  }

  // ---- checked before sending -----------------------------------------------------------------------
  function problem(input) { // what the server would say of this number, or ''
    const d = input.dataset;
    if (d.sayNan === undefined) return '';
    const raw = input.value.trim();
    const v = Number(raw);
    if ((input.validity && input.validity.badInput) || raw === '' || !Number.isFinite(v)) return d.sayNan;
    const got = ` (got ${raw})`;
    if ((d.ge !== undefined && v < Number(d.ge)) || (d.gt !== undefined && v <= Number(d.gt))) return d.sayLow + got;
    if ((d.le !== undefined && v > Number(d.le)) || (d.lt !== undefined && v >= Number(d.lt))) return d.sayHigh + got;
    if (d.whole !== undefined && !Number.isInteger(v)) return d.whole + got;
    return '';
  }
  function refuse(input, text) {
    const name = input.dataset.customFor || input.name;
    clearMarks();
    mark(name, text);
    if (input.dataset.customFor) { // the list shows the rate in use again
      input.hidden = true;
      showInUse(field(name));
      field(name).focus();
    } else {
      showInUse(input);
    }
  }
  document.addEventListener(EVENTS.beforeRequest, (e) => {
    const form = e.detail.elt;
    const event = e.detail.requestConfig && e.detail.requestConfig.triggeringEvent;
    if (!form || form.id !== FORM || !event || !event.target) return;
    const text = problem(event.target);
    if (text) {
      e.preventDefault(); // nothing sent: the run keeps its value
      refuse(event.target, text);
    }
  });

  // ---- the answer ---------------------------------------------------------------------------------
  function isChange(detail) { // a request to the form's own address: a change of settings
    const form = document.getElementById(FORM);
    const path = detail.requestConfig && detail.requestConfig.path;
    return Boolean(form && path && path.split('?')[0] === form.getAttribute('hx-post'));
  }
  document.addEventListener(EVENTS.afterRequest, (e) => {
    if (!isChange(e.detail) || !e.detail.xhr) return;
    const xhr = e.detail.xhr;
    if (xhr.status < 300 && !xhr.getResponseHeader(REFUSED)) {
      clearMarks();
      keepInUse(document.getElementById(FORM));
      return;
    }
    // refused: the field that was changed shows the value in use again (the message may name
    // another field, the one whose range the change broke)
    const event = e.detail.requestConfig.triggeringEvent;
    const changed = event && event.target;
    if (changed && changed.form && changed.form.id === FORM && changed.name) showInUse(changed);
  });
  // a list left on "Custom…" (nothing typed yet) posts the value in use
  document.addEventListener(EVENTS.configRequest, (e) => {
    if (!isChange(e.detail)) return;
    document.querySelectorAll(`#${FORM} select`).forEach((select) => {
      if (select.value !== 'custom' || !select.name) return;
      const kept = Array.from(select.options).find((o) => o.defaultSelected);
      e.detail.parameters[select.name] = kept ? kept.value : '';
    });
  });
  // a refused value's banner line moves next to its field, which shows the value in use again
  document.addEventListener(EVENTS.afterSettle, () => {
    document.querySelectorAll('#banner .message[data-field]').forEach((line) => {
      const name = line.dataset.field;
      if (!mark(name, line.textContent.trim())) return; // no slot: the banner says it
      showInUse(field(name), line.dataset.inUse);
      const custom = document.getElementById(`${name}_custom`);
      if (custom) custom.hidden = true;
      line.remove();
    });
  });

  // ---- presets and "Custom…" ------------------------------------------------------------------------
  // capture: before htmx hears the change, "Custom…" opens the number field instead of posting,
  // and a typed value joins the list, which then posts it
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t.tagName === 'SELECT' && t.value === 'custom') {
      e.stopPropagation();
      const custom = document.getElementById(`${t.id}_custom`);
      if (!custom) return;
      custom.hidden = false;
      custom.value = Array.from(t.options).find((o) => o.defaultSelected)?.value || '';
      custom.focus();
      custom.select();
    } else if (t.dataset && t.dataset.customFor) {
      const select = field(t.dataset.customFor);
      if (problem(t) || !select) return; // refused at beforeRequest, next to the field
      const value = String(Number(t.value));
      showInUse(select, value);
      t.hidden = true;
      select.focus(); // the list, now showing the typed rate, keeps focus
    }
  }, true);
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Escape' && t.dataset && t.dataset.customFor) { // never mind: back to the list
      t.hidden = true;
      showInUse(field(t.dataset.customFor));
      field(t.dataset.customFor).focus();
    }
  });
})();
