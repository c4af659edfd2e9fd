// "Discard your changes?": asked when Esc or Cancel would throw away what was typed in the
// account form. The focus starts on "Keep editing"; Esc keeps editing too.

import { $ } from './dom.mjs';

let pending = null; // the resolver of the question being asked

/** Wires the dialog once. */
export function setupDiscard() {
  const dialog = $('#discard-dialog');
  const answer = (discard) => {
    dialog.close();
    const resolve = pending;
    pending = null;
    resolve?.(discard);
  };
  $('#discard-form').addEventListener('submit', (e) => {
    e.preventDefault();
    answer(true);
  });
  $('#discard-keep').addEventListener('click', () => answer(false));
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    answer(false);
  });
}

/** Asks; resolves to true when the person chose to discard. */
export function askDiscard() {
  if (pending) return Promise.resolve(false);
  const dialog = $('#discard-dialog');
  return new Promise((resolve) => {
    pending = resolve;
    dialog.showModal();
    $('#discard-keep').focus();
  });
}
