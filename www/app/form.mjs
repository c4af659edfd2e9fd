// The create / edit dialog. Every submit is checked with the library's own validator first;
// problems are shown next to their fields and nothing is sent until there are none.

import { $, $$, fill, h, setBusy } from './dom.mjs';
import { createBody, updateBody } from './api.mjs';
import { describeError, renderError } from './errors.mjs';

const LABELS = { name: 'Name', domain: 'Okta domain', authMethod: 'Authentication', clientId: 'Client ID', clientSecret: 'Client secret', apiKey: 'Okta API token' };
const FIELDS = Object.keys(LABELS);

/**
 * Wires the dialog once. `submit(mode, account, body)` sends the request and resolves to the
 * result, or rejects with the library's error.
 */
export function setupAccountForm({ lib, submit, onDone, onUnknownOutcome }) {
  const dialog = $('#account-dialog');
  const form = $('#account-form');
  const submitButton = $('#account-submit');
  const formError = $('#form-error');
  let current = { mode: 'create', account: null, opener: null, attempted: false, busy: false };

  const values = () => {
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? '');
    return {
      name: text('name').trim(),
      domain: text('domain').trim(),
      authMethod: text('authMethod') || 'oauth',
      clientId: text('clientId').trim(),
      clientSecret: text('clientSecret'),
      apiKey: text('apiKey'),
    };
  };

  const showAuthFields = () => {
    const method = values().authMethod;
    for (const field of $$('[data-auth]', form)) {
      const shown = field.dataset.auth === method;
      field.hidden = !shown;
      for (const input of $$('input', field)) input.disabled = !shown;
    }
  };

  const clearProblems = () => {
    for (const name of FIELDS) setFieldError(name, null);
    formError.hidden = true;
    formError.replaceChildren();
  };

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

  /** The library's problems for the current values, plus the dashboard's own rule on edit. */
  const check = async () => {
    const v = values();
    const body = current.mode === 'create' ? createBody(v) : updateBody(v);
    const problems = await (current.mode === 'create' ? lib.v2.validateOktaAccountRequest(body) : lib.v2.validateOktaAccountUpdateRequest(body));
    if (current.mode === 'edit') {
      // The library allows an update without the secret; the API's behaviour then is unknown.
      const secretField = v.authMethod === 'api_key' ? 'apiKey' : 'clientSecret';
      if (v[secretField] === '') {
        const path = `body.data.attributes.${secretField}`;
        return { body, problems: [...problems.filter((p) => p.path !== path), { path, message: 'is needed again to save a change (see why above)' }] };
      }
    }
    return { body, problems };
  };

  const showProblems = (problems) => {
    clearProblems();
    const unplaced = [];
    const byField = new Map();
    for (const p of problems) {
      const name = /^body\.data\.attributes\.(\w+)$/.exec(p.path)?.[1];
      if (name && FIELDS.includes(name)) {
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
    const first = FIELDS.find((n) => byField.has(n));
    if (first) $(`[data-field="${first}"] input:not([disabled])`, form)?.focus();
  };

  const setFormBusy = (busy) => {
    current.busy = busy;
    form.setAttribute('aria-busy', String(busy));
    for (const el of $$('.field, #account-cancel', form)) el.inert = busy;
    setBusy(submitButton, busy, current.mode === 'create' ? 'Creating…' : 'Saving…');
  };

  form.addEventListener('change', (e) => {
    if (e.target.name === 'authMethod') {
      showAuthFields();
      if (current.attempted) revalidate();
    }
  });
  let pending = 0;
  const revalidate = async () => {
    const ticket = ++pending;
    const { problems } = await check();
    if (ticket !== pending || current.busy) return;
    if (problems.length === 0) clearProblems();
    else {
      const active = document.activeElement;
      showProblems(problems);
      active?.focus(); // live feedback must not move the cursor
    }
  };
  form.addEventListener('input', () => {
    if (current.attempted) revalidate();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (current.busy) return;
    current.attempted = true;
    const { body, problems } = await check();
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    clearProblems();
    setFormBusy(true);
    try {
      const result = await submit(current.mode, current.account, body);
      setFormBusy(false);
      close();
      onDone(current.mode, current.account, result);
    } catch (error) {
      setFormBusy(false);
      submitButton.focus();
      const described = describeError(error, lib, { attempts: error?.attempts });
      const what = current.mode === 'create' ? 'The account was not created' : 'The account was not saved';
      renderError(formError, described.unknownOutcome ? 'The API did not say whether it worked' : what, described);
      if (error instanceof lib.client.ValidationError) showProblems(error.problems ?? []);
      if (described.unknownOutcome) onUnknownOutcome();
      formError.scrollIntoView({ block: 'nearest' });
    }
  });

  const close = () => {
    dialog.close();
    current.opener?.focus();
  };
  $('#account-cancel').addEventListener('click', () => {
    if (!current.busy) close();
  });
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault(); // Escape: close unless a request is on its way
    if (!current.busy) close();
  });

  /** Opens the dialog: `open('create')` or `open('edit', account)`. */
  return function open(mode, account = null, opener = document.activeElement) {
    current = { mode, account, opener, attempted: false, busy: false };
    form.reset();
    clearProblems();
    const edit = mode === 'edit';
    const a = account?.attributes ?? {};
    $('#account-dialog-title').textContent = edit ? `Edit ${a.name}` : 'New Okta account';
    $('#account-dialog-intro').textContent = edit
      ? 'Change the domain or the credentials Datadog uses for this Okta organisation.'
      : 'Datadog connects to this Okta organisation to collect its logs.';
    const name = $('#f-name');
    name.readOnly = edit;
    name.setAttribute('aria-readonly', String(edit));
    $('#f-name-hint').textContent = edit ? 'The name cannot be changed: the API does not accept it in an update.' : 'A name for this account in Datadog. It cannot be changed later.';
    $('#f-clientSecret-why').hidden = !edit;
    $('#f-apiKey-why').hidden = !edit;
    $('#f-clientSecret').required = edit;
    $('#f-apiKey').required = edit;
    if (edit) {
      name.value = a.name ?? '';
      $('#f-domain').value = a.domain ?? '';
      const method = a.authMethod === 'api_key' ? 'api_key' : 'oauth';
      $(`input[name="authMethod"][value="${method}"]`, form).checked = true;
      $('#f-clientId').value = a.clientId ?? '';
    }
    $('.label', submitButton).textContent = edit ? 'Save changes' : 'Create account';
    showAuthFields();
    dialog.showModal();
    const focus = edit ? (a.authMethod === 'api_key' ? $('#f-apiKey') : $('#f-clientSecret')) : name;
    focus.focus();
  };
}
