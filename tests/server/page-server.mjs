// Serves saved article pages from a folder on 127.0.0.1, as a web server
// would: `GET /<name>/` returns `<folder>/<name>/source.html`. Each key of
// `replacements` found in an HTML file is replaced by its value (a test
// puts the URL of its own server into a page that way). `routes` maps a
// path to a function returning `{type, body}`, for pages a test generates.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

/** Starts the server; resolves to `{url, close}`. */
export function startPageServer({ root, port = 0, replacements = {}, routes = {} }) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    if (routes[path]) {
      const { type, body } = routes[path]();
      response.writeHead(200, { 'content-type': type });
      response.end(body);
      return;
    }
    const relative = normalize(path).replace(/^(\.\.[/\\])+/, '');
    const file = relative.endsWith('/') ? join(root, relative, 'source.html') : join(root, relative);
    try {
      let body = await readFile(file);
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
      if (file.endsWith('.html') && Object.keys(replacements).length > 0) {
        let text = body.toString('utf8');
        for (const [key, value] of Object.entries(replacements)) text = text.replaceAll(key, value);
        body = Buffer.from(text, 'utf8');
      }
      response.writeHead(200, { 'content-type': type });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`not found: ${path}`);
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
