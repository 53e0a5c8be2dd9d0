// A small static file server for the built site: any base path, optional
// Content-Security-Policy header, 127.0.0.1 only. Used by scripts/serve.sh and by the
// browser tests (which need a sub-path, the strict CSP on demand and, with `capture`,
// the problem-capture script of scripts/lib/capture.mjs in every page).
//   node scripts/static-server.mjs <dir> [--port N] [--base /sub/path/] [--csp]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPTURE_FILE, CAPTURE_SCRIPT, injectCapture } from './lib/capture.mjs';

/** The policy the site must run under (issue: strict CSP, no unsafe-eval). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
  "connect-src 'self' data:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
  "font-src 'self' data:";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

export function startServer({ root, base = '/', csp = false, port = 0, capture = false }) {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname = decodeURIComponent(url.pathname);
    if (!pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    pathname = pathname.slice(prefix.length) || 'index.html';
    if (pathname.endsWith('/')) pathname += 'index.html';
    const headers = (type) => ({ 'Content-Type': type, 'Cache-Control': 'no-store', ...(csp ? { 'Content-Security-Policy': STRICT_CSP } : {}) });
    if (capture && pathname === CAPTURE_FILE) {
      res.writeHead(200, headers(TYPES['.js'])).end(CAPTURE_SCRIPT);
      return;
    }
    const file = path.resolve(root, pathname);
    if (!file.startsWith(path.resolve(root) + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      let body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (capture && type.startsWith('text/html')) {
        // Pages in sub-folders reach the script through their own relative path.
        const up = '../'.repeat(pathname.split('/').length - 1);
        body = injectCapture(body.toString('utf8'), up + CAPTURE_FILE);
      }
      res.writeHead(200, headers(type)).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}${prefix}`;
      // close() also drops open sockets: Chromium pre-connects sockets that never send
      // a request, and server.close() alone waits for them to time out (~2 minutes).
      const close = () => new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      });
      resolve({ server, url, close });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const root = args.find((a, i) => !a.startsWith('--') && !['--port', '--base'].includes(args[i - 1]));
  if (!root) {
    console.error('usage: node scripts/static-server.mjs <dir> [--port N] [--base /path/] [--csp]');
    process.exit(2);
  }
  const { url } = await startServer({
    root, base: option('--base', '/'), csp: args.includes('--csp'), port: Number(option('--port', 8000)),
  });
  console.log(`Serving ${root} at ${url}${args.includes('--csp') ? ' (strict CSP)' : ''}`);
}
