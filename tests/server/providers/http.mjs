// Small helpers for writing responses.

export const CORS = { 'access-control-allow-origin': '*' };

/** Sends a JSON (or, for a string, plain text) body. */
export function send(response, { status, body, headers = {} }) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? headers['content-type'] ?? 'text/plain' : 'application/json';
  response.writeHead(status, { 'content-type': type, ...CORS, ...headers });
  response.end(text);
}

/** Starts a streamed response with the given content type. */
export function startStream(response, contentType) {
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', ...CORS });
}

/** Ends a streamed response by cutting the connection, as a crashed proxy does. */
export function dropConnection(response) {
  response.socket?.destroy();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
