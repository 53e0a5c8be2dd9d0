// Problem capture for pages under test, the same in every browser engine: a classic
// script, placed first in each HTML page, that records uncaught errors, unhandled
// rejections, resources that failed to load, console.error calls, CSP violations and
// dialogs (which it answers itself, so none blocks a test) in
// window.__xentProblems. WebKitWebDriver has no console access, so this is how the
// tests see a page's errors there; the other engines use it too, so all three are held
// to the same account. The static server injects it into what it serves (--capture);
// for file:// pages, copySiteWithCapture() writes a copy of a site with it added.
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const CAPTURE_FILE = '__xent-capture.js';

export const CAPTURE_SCRIPT = `(function () {
  var problems = [];
  window.__xentProblems = problems;
  function push(text) { problems.push(String(text).slice(0, 500)); }
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) push('resource failed: ' + (t.src || t.href));
    else push('error: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')');
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    push('unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  ['alert', 'confirm', 'prompt'].forEach(function (name) {
    window[name] = function (message) { push('dialog: ' + name + ' ' + message); };
  });
  var error = console.error;
  console.error = function () {
    push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return error.apply(this, arguments);
  };
})();
`;

/** `html` with the capture script as the first thing its <head> runs. */
export function injectCapture(html, src = CAPTURE_FILE) {
  const tag = `<script src="${src}"></script>`;
  const at = html.search(/<head[^>]*>/i);
  if (at < 0) return tag + html;
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + tag + html.slice(end);
}

/** Copies the site in `from` to `to` with the capture script added to every page. */
export async function copySiteWithCapture(from, to) {
  await cp(from, to, { recursive: true });
  await writeFile(path.join(to, CAPTURE_FILE), CAPTURE_SCRIPT);
  for (const file of await readdir(to)) {
    if (!file.endsWith('.html')) continue;
    const full = path.join(to, file);
    await writeFile(full, injectCapture(await readFile(full, 'utf8')));
  }
}
