// Character counter for long text fields (progressive enhancement; the forms work without it).
// A textarea with data-max="N" gets a live "n / N" line under it. Nothing is ever cut: text
// over the limit is shown as such here and refused with a clear message by the server, instead
// of a browser maxlength silently dropping the end of a paste. Strings come from the page
// (body data attributes, from the i18n dictionaries); counts are code points, as on the server.
(() => {
  const body = document.body;
  const countText = body.dataset.counterText || '{n} / {max}';
  const overText = body.dataset.counterOver || '{over}';
  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));
  for (const area of document.querySelectorAll('textarea[data-max]')) {
    const max = Number(area.dataset.max);
    if (!Number.isFinite(max) || max <= 0) continue;
    const out = document.createElement('p');
    out.className = 'char-counter small muted';
    out.id = `${area.id || area.name}-counter`;
    out.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', out);
    area.setAttribute('aria-describedby', `${area.getAttribute('aria-describedby') || ''} ${out.id}`.trim());
    const update = () => {
      const n = [...area.value].length;
      const over = n - max;
      out.textContent = over > 0 ? fill(overText, { n, max, over }) : fill(countText, { n, max });
      out.classList.toggle('over', over > 0);
    };
    area.addEventListener('input', update);
    update();
  }
})();
