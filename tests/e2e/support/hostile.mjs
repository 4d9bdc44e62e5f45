// Hostile text for the e2e suites: about 200 XSS payloads, each of which
// records its number in `window.__xss` (or calls alert) if it ever runs.
// `openPage` (harness.mjs) installs that record before the page's scripts.

const VECTORS = [
  (x) => `<script>${x}</script>`,
  (x) => `<img src=x onerror="${x}">`,
  (x) => `<IMG SRC=x OnErRoR=${x}>`,
  (x) => `<svg onload=${x}>`,
  (x) => `<svg><script>${x}</script></svg>`,
  (x) => `<svg><animate onbegin=${x} attributeName=x dur=1s>`,
  (x) => `<iframe srcdoc="<script>${x}</script>"></iframe>`,
  (x) => `<iframe src="javascript:${x}"></iframe>`,
  (x) => `<a href="javascript:${x}">click me</a>`,
  (x) => `<body onload=${x}>`,
  (x) => `<details open ontoggle=${x}>`,
  (x) => `<input autofocus onfocus=${x}>`,
  (x) => `<video><source onerror=${x}></video>`,
  (x) => `<audio src=x onerror=${x}>`,
  (x) => `<object data="javascript:${x}"></object>`,
  (x) => `<embed src="javascript:${x}">`,
  (x) => `<math><mtext><img src=x onerror=${x}></mtext></math>`,
  (x) => `<style>@import 'javascript:${x}';</style>`,
  (x) => `<link rel=stylesheet href="javascript:${x}">`,
  (x) => `<meta http-equiv="refresh" content="0;url=javascript:${x}">`,
  (x) => `<form><button formaction=javascript:${x}>go</button></form>`,
  (x) => `<marquee onstart=${x}>`,
  (x) => `<div style="background:url(javascript:${x})">`,
  (x) => `<x onclick=${x} onmouseover=${x}>hover</x>`,
  (x) => `"><script>${x}</script>`,
  (x) => `'><img src=x onerror=${x}>`,
  (x) => `</textarea><script>${x}</script>`,
  (x) => `</title><script>${x}</script>`,
  (x) => `</style><script>${x}</script>`,
  (x) => `<!--<script>${x}</script>-->`,
  (x) => `]]><script>${x}</script>`,
  (x) => `<scr<script>ipt>${x}</scr</script>ipt>`,
  (x) => `javascript:${x}`,
  (x) => `data:text/html,<script>${x}</script>`,
  (x) => `<img src=x onerror=&#${x.length};${x}>`,
  (x) => `<svg><foreignObject><iframe srcdoc="&lt;script&gt;${x}&lt;/script&gt;">`,
  (x) => `<template><script>${x}</script></template><img src=x onerror=${x}>`,
  (x) => `<base href="javascript:${x}//">`,
  (x) => `\u003cscript\u003e${x}\u003c/script\u003e`,
  (x) => `<noscript><p title="</noscript><img src=x onerror=${x}>">`,
];

const WRAPPERS = [
  (p) => p,
  (p) => `"${p}`,
  (p) => `'${p}`,
  (p) => `</code></pre>${p}`,
  (p) => `--> ${p} <!--`,
];

/** About 200 payloads; payload i records i. */
export const PAYLOADS = WRAPPERS.flatMap((wrap) => VECTORS.map((vector) => vector)).map((vector, i) =>
  WRAPPERS[Math.floor(i / VECTORS.length)](vector(`__xss.push(${i})`)),
);

/** Payloads with no Jinja syntax, for SQL (where dbt's Jinja would run `{{ }}`). */
export const SQL_SAFE = PAYLOADS.filter((p) => !/[{}]|%\}|\{%/.test(p));

/** What ran in `page`: the numbers and alerts recorded (`openPage` sets
 * up the record before the page's own scripts). */
export function ran(page) {
  return page.evaluate(() => window.__xss ?? ['the record is gone']);
}
