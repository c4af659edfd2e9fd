// Short messages about what just happened. They appear in a line of their own above the list,
// whose space is kept, so they never cover anything and nothing jumps when they go.

import { $, h } from './dom.mjs';

const SHOWN_MS = 8000;
let timer = null;

/** Says what just happened; replaces the previous message. */
export function toast(message) {
  const item = h('p', { class: 'toast' }, message);
  $('#toasts').replaceChildren(item);
  clearTimeout(timer);
  timer = setTimeout(() => {
    item.classList.add('leaving');
    setTimeout(() => item.remove(), 400);
  }, SHOWN_MS);
}

/** A message that stays until dismissed (an id the API changed, for instance). */
export function notice(message) {
  const box = $('#notice');
  $('.alert-text', box).textContent = message;
  box.hidden = false;
}

export function setupMessages() {
  $('#notice .dismiss').addEventListener('click', () => {
    $('#notice').hidden = true;
  });
}
