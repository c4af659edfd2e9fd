// Problems shown where they are: each one under its field (with aria-invalid), the rest in the
// form's alert. The messages are the library's own (`v2.validateOktaAccountRequest`), so a
// rule of the core, such as what an Okta domain may look like, shows here as the core says it.

import { $, $$, fill, h } from './dom.mjs';

export const LABELS = { name: 'Name', domain: 'Okta domain', authMethod: 'Authentication', clientId: 'Client ID', clientSecret: 'Client secret', apiKey: 'Okta API token' };
const FIELDS = Object.keys(LABELS);

/** The field a problem path such as `body.data.attributes.domain` belongs to, or null. */
export function fieldOf(path) {
  const name = /^body\.data\.attributes\.(\w+)$/.exec(path)?.[1];
  return name && FIELDS.includes(name) ? name : null;
}

/** The problem display of one form; `formError` is its alert. */
export function fieldProblems(form, formError) {
  const setFieldError = (name, message) => {
    const error = $(`#f-${name}-error`);
    const field = $(`[data-field="${name}"]`, form);
    if (!error || !field) return;
    error.textContent = message ?? '';
    error.hidden = !message;
    field.classList.toggle('invalid', Boolean(message));
    for (const input of $$('input', field)) {
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };

  const clearProblems = () => {
    for (const name of FIELDS) setFieldError(name, null);
    formError.hidden = true;
    formError.replaceChildren();
  };

  /** Shows the library's problems and moves the focus to the first field to fix. */
  const showProblems = (problems) => {
    clearProblems();
    const unplaced = [];
    const byField = new Map();
    for (const p of problems) {
      const name = fieldOf(p.path);
      if (name) {
        if (!byField.has(name)) byField.set(name, []);
        byField.get(name).push(p.message);
      } else {
        unplaced.push(`${p.path}: ${p.message}`);
      }
    }
    for (const [name, messages] of byField) setFieldError(name, `${LABELS[name]} ${messages.join('; ')}.`);
    if (unplaced.length > 0 || byField.size > 0) {
      fill(
        formError,
        h('p', { class: 'alert-title' }, problems.length === 1 ? 'Fix the problem below: nothing was sent.' : `Fix the ${problems.length} problems below: nothing was sent.`),
        unplaced.length > 0 ? h('ul', { class: 'alert-messages' }, unplaced.map((m) => h('li', {}, m))) : null,
      );
      formError.hidden = false;
    }
    focusField(FIELDS.find((n) => byField.has(n)));
  };

  const focusField = (name) => {
    if (name) $(`[data-field="${name}"] input:not([disabled])`, form)?.focus();
  };

  return { setFieldError, clearProblems, showProblems, focusField };
}
