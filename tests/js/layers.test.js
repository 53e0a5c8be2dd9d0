// The layers of web/ point one way: lib <- ui <- widgets, page. Each folder may import
// only from itself and the folders below it (the package by its name, 'softmax-xent'),
// so the npm package never stands on the lab and the charts never on the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../web/', import.meta.url));

// folder -> the folders (and bare package names) its files may import from.
const ALLOWED = {
  lib: { folders: ['lib'], packages: [] },
  ui: { folders: ['ui'], packages: ['chart.js', 'chartjs-chart-matrix'] },
  widgets: { folders: ['widgets', 'ui'], packages: ['softmax-xent'] },
  page: { folders: ['page', 'ui'], packages: ['softmax-xent', 'katex'] },
};

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

// Every module specifier a file imports or re-exports (static and dynamic), comments
// left out.
function specifiers(text) {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found = [];
  const patterns = [/\bimport\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g, /\bexport\s+[^'"]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]);
  return found.sort();
}

function violations() {
  const found = [];
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    for (const file of jsFiles(path.join(web, folder))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const where = path.relative(web, file);
        if (spec.startsWith('.')) {
          const target = path.relative(web, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
          if (!allowed.folders.includes(target)) found.push(`${where} imports ${spec} (web/${target})`);
        } else if (!allowed.packages.includes(spec)) {
          found.push(`${where} imports the package ${spec}`);
        }
      }
    }
  }
  return found;
}

test('web/lib, web/ui, web/widgets and web/page import only downwards', () => {
  assert.deepEqual(violations(), []);
});

test('the import scan sees imports of every form', () => {
  assert.deepEqual(specifiers(`import a from './a.js';\nimport { b } from "../ui/b.js";\nimport './side.js';\n` +
    `export { c } from './c.js';\nconst d = await import('softmax-xent');\n// import x from './comment.js';`),
  ['../ui/b.js', './a.js', './c.js', './side.js', 'softmax-xent']);
  // Every folder has files, so the first test cannot pass by reading nothing.
  for (const folder of Object.keys(ALLOWED)) assert.ok(jsFiles(path.join(web, folder)).length > 0, folder);
});
