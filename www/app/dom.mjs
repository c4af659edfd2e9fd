// A few DOM helpers. Text always goes in through textContent: names, domains and server
// messages come from the API and are never parsed as HTML.

/** Creates an element: h('td', { class: 'mono', dataset: { id } }, 'text', childNode, ...) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children, skipping null, undefined and false. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Puts a button in its busy state (spinner, new label, disabled) and back. */
export function setBusy(button, busy, busyLabel) {
  const label = button.querySelector('.label');
  if (busy) {
    button.dataset.idleLabel ??= label ? label.textContent : button.textContent;
    if (label && busyLabel) label.textContent = busyLabel;
    button.disabled = true;
    button.classList.add('busy');
    button.setAttribute('aria-busy', 'true');
  } else {
    if (label && button.dataset.idleLabel !== undefined) label.textContent = button.dataset.idleLabel;
    delete button.dataset.idleLabel;
    button.disabled = false;
    button.classList.remove('busy');
    button.removeAttribute('aria-busy');
  }
}
