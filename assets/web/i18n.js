// The pages' words in the reader's language: static/i18n/<lang>.json ("words": one text per
// key, with {name} for values; "terms": roles and places as the hub sends them, in English).
// An element with data-i18n="key" shows words[key]; setText() gives an element a key (and
// values) so that a change of language re-renders it. English is in the HTML as well, so the
// page reads without script. Plain JavaScript, no build step.
"use strict";

const I18N = { lang: "en", words: {}, terms: {}, chosen: false, listeners: [], ready: null };
window.i18n = I18N;
const I18N_LANGUAGES = ["en", "cy"];
// beside this script (the pages may be served under a prefix, /c/<conference>/static/)
const I18N_BASE = new URL("i18n/", document.currentScript.src);
const I18N_STORE = "facilitator-language";

function tr(key, values) {
  let text = Object.prototype.hasOwnProperty.call(I18N.words, key) ? I18N.words[key] : key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

// A role or place sent by the hub in English ("Parent", "in the room"), in the page's language.
function term(text) {
  return Object.prototype.hasOwnProperty.call(I18N.terms, text) ? I18N.terms[text] : text;
}

function setText(element, key, values) {
  element.dataset.i18n = key;
  if (values) element.dataset.i18nValues = JSON.stringify(values);
  else delete element.dataset.i18nValues;
  element.textContent = tr(key, values);
}

function applyLanguage() {
  for (const element of document.querySelectorAll("[data-i18n]")) {
    const values = element.dataset.i18nValues ? JSON.parse(element.dataset.i18nValues) : null;
    element.textContent = tr(element.dataset.i18n, values);
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", tr(element.dataset.i18nLabel));
  }
  if (document.body.dataset.title) document.title = tr(document.body.dataset.title);
  // a form tells the server the reader's language: its answer (a wrong PIN) comes in it too
  for (const input of document.querySelectorAll("input[name=lang]")) input.value = I18N.lang;
  const other = I18N.lang === "cy" ? "en" : "cy";
  const button = document.getElementById("language");
  if (button) {
    button.textContent = other === "cy" ? "Cymraeg" : "English";
    button.lang = other;
    button.setAttribute("aria-label", other === "cy" ? "Newid i'r Gymraeg" : "Change to English");
  }
  for (const listener of I18N.listeners) listener();
}

async function loadLanguage(lang) {
  if (!I18N_LANGUAGES.includes(lang)) lang = "en";
  const response = await fetch(new URL(`${lang}.json`, I18N_BASE), { cache: "no-cache" });
  const data = await response.json();
  I18N.lang = lang;
  I18N.words = data.words || {};
  I18N.terms = data.terms || {};
  document.documentElement.lang = lang;
  applyLanguage();
}

// The reader's own choice on this device wins; then the invitee's recorded language (the join
// page calls useInviteeLanguage when the hub says it); then the browser's language.
function storedLanguage() {
  try { return localStorage.getItem(I18N_STORE); } catch (err) { return null; }
}

function useInviteeLanguage(tag) {
  if (I18N.chosen || !tag) return I18N.ready;
  const lang = String(tag).toLowerCase().startsWith("cy") ? "cy" : "en";
  return lang === I18N.lang ? I18N.ready : (I18N.ready = loadLanguage(lang));
}

function chooseLanguage(lang) {
  I18N.chosen = true;
  try { localStorage.setItem(I18N_STORE, lang); } catch (err) { /* private mode */ }
  I18N.ready = loadLanguage(lang);
  return I18N.ready;
}

(function start() {
  const stored = storedLanguage();
  const asked = new URLSearchParams(location.search).get("lang");
  I18N.chosen = Boolean(stored);
  const browser = (navigator.language || "en").toLowerCase().startsWith("cy") ? "cy" : "en";
  I18N.ready = loadLanguage(stored || asked || browser);
  const button = document.getElementById("language");
  if (button) button.onclick = () => chooseLanguage(I18N.lang === "cy" ? "en" : "cy");
})();
