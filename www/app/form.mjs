// The create / edit dialog. Every submit is checked with the library's own validator first;
// problems are shown next to their fields and nothing is sent until there are none. A name
// the API says is taken marks the Name field; an edit of an account the API no longer has
// offers to reload the list; Esc or Cancel ask before throwing away what was typed.

import { $, $$, h, setBusy } from './dom.mjs';
import { accountBody, defaultAuthMethod, secretField } from './api.mjs';
import { askDiscard, setupDiscard } from './discard.mjs';
import { describeError, renderError } from './errors.mjs';
import { fieldProblems } from './fields.mjs';

const NAME_PATH = 'body.data.attributes.name';

/**
 * Wires the dialog once. `submit(mode, account, body)` sends the request and resolves to the
 * result, or rejects with the library's error. `onGone()` reloads the list after an edit of an
 * account that no longer exists.
 */
export function setupAccountForm({ lib, book, submit, onDone, onUnknownOutcome, onGone }) {
  const dialog = $('#account-dialog');
  const form = $('#account-form');
  const submitButton = $('#account-submit');
  const formError = $('#form-error');
  const { setFieldError, clearProblems, showProblems, focusField } = fieldProblems(form, formError);
  let current = { mode: 'create', account: null, opener: null, attempted: false, busy: false, initial: '', takenName: null };
  setupDiscard();

  // The form's values, one per field of the rule book; secrets are taken as typed, the rest trimmed.
  const values = () => {
    const data = new FormData(form);
    const out = {};
    for (const field of book.fields) {
      const value = String(data.get(field.name) ?? '');
      out[field.name] = field.role === 'secret' ? value : value.trim();
    }
    out.authMethod ||= defaultAuthMethod(book);
    return out;
  };
  const changed = () => JSON.stringify(values()) !== current.initial;

  const showAuthFields = () => {
    const method = values().authMethod;
    for (const field of $$('[data-auth]', form)) {
      const shown = field.dataset.auth === method;
      field.hidden = !shown;
      for (const input of $$('input', field)) input.disabled = !shown;
    }
  };

  /** The library's problems for the current values, plus the dashboard's own rules. */
  const check = async () => {
    const v = values();
    const body = accountBody(book, v, current.mode);
    let problems = await (current.mode === 'create' ? lib.v2.validateOktaAccountRequest(body) : lib.v2.validateOktaAccountUpdateRequest(body));
    if (current.mode === 'edit') {
      // The library allows an update without the secret; the API's behaviour then is unknown.
      const secret = secretField(book, v.authMethod);
      if (secret !== undefined && v[secret] === '') {
        const path = `body.data.attributes.${secret}`;
        problems = [...problems.filter((p) => p.path !== path), { path, message: 'is needed again to save a change (see why above)' }];
      }
    }
    // The API said this name is taken (409): no use sending it again.
    if (current.takenName !== null && v.name === current.takenName && !problems.some((p) => p.path === NAME_PATH)) {
      problems = [{ path: NAME_PATH, message: 'is already used by another account' }, ...problems];
    }
    return { body, problems };
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
      failed(error, values());
      formError.scrollIntoView({ block: 'nearest' });
    }
  });

  /** Shows why a submit failed, at the field it concerns when there is one. */
  const failed = (error, sent) => {
    const described = describeError(error, lib, { attempts: error?.attempts });
    const code = error instanceof lib.client.ApiException ? error.code : null;
    if (current.mode === 'edit' && code === 404) {
      const reload = h('button', { type: 'button', class: 'btn secondary small', onclick: () => close(false).then(onGone) }, 'Refresh the list');
      renderError(formError, 'This account no longer exists', { ...described, hint: 'It may have been deleted elsewhere. Refresh the list to see what the API holds now.' }, [reload]);
      return;
    }
    const what = current.mode === 'create' ? 'The account was not created' : 'The account was not saved';
    renderError(formError, described.unknownOutcome ? 'The API did not say whether it worked' : what, described);
    if (error instanceof lib.client.ValidationError) showProblems(error.problems ?? []);
    if (described.unknownOutcome) onUnknownOutcome();
    if (current.mode === 'create' && code === 409) {
      current.takenName = sent.name;
      setFieldError('name', 'Name is already used by another account: pick another one.');
      focusField('name');
    }
  };

  /** Closes the dialog; with `ask`, only after a yes when something was typed. */
  const close = async (ask = false) => {
    if (ask && changed() && !(await askDiscard())) return false;
    dialog.close();
    current.opener?.focus();
    return true;
  };
  $('#account-cancel').addEventListener('click', () => {
    if (!current.busy) close(true);
  });
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault(); // Escape: close unless a request is on its way, asking first if something changed
    if (!current.busy) close(true);
  });

  /** Opens the dialog: `open('create')` or `open('edit', account)`. */
  return function open(mode, account = null, opener = document.activeElement) {
    current = { mode, account, opener, attempted: false, busy: false, initial: '', takenName: null };
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
    for (const method of Object.keys(book.authMethods)) {
      const secret = secretField(book, method);
      $(`#f-${secret}-why`).hidden = !edit;
      $(`#f-${secret}`).required = edit;
    }
    if (edit) {
      name.value = a.name ?? '';
      $('#f-domain').value = a.domain ?? '';
      const method = book.authMethods[a.authMethod] ? a.authMethod : defaultAuthMethod(book);
      $(`input[name="authMethod"][value="${method}"]`, form).checked = true;
      $('#f-clientId').value = a.clientId ?? '';
    }
    $('.label', submitButton).textContent = edit ? 'Save changes' : 'Create account';
    showAuthFields();
    current.initial = JSON.stringify(values());
    dialog.showModal();
    const focus = edit ? $(`#f-${secretField(book, values().authMethod)}`) : name;
    focus.focus();
  };
}
