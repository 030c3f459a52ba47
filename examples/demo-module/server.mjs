// A partner's module as Vetline's demo apps see it: a separate process that speaks only HTTP to
// Vetline, with node:http and nothing else. It serves
//   GET  /connect/{code}?account=…  the connection page: a settings form (account address, API key)
//   POST /connect/{code}            verifies the key through Vetline's REST API, registers the module,
//                                   and sends the customer back to Vetline's account area
//   POST /configure/{code}          simple connection: Vetline posts the account and a fresh key
//                                   (signed like a webhook); the module answers with its settings
//   POST /webhooks                  Vetline's signed webhooks (Standard Webhooks), verified
//   GET  /webhooks                  what it received
// Settings (environment): DEMO_MODULE_PORT (4100), DEMO_MODULE_HOST (127.0.0.1), VETLINE_URL
// (http://127.0.0.1:4000), DEMO_WEBHOOK_SECRET (the seeded demo partner's secret).
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const PORT = Number(process.env.DEMO_MODULE_PORT ?? 4100);
const HOST = process.env.DEMO_MODULE_HOST ?? '127.0.0.1';
const VETLINE_URL = (process.env.VETLINE_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
const WEBHOOK_SECRET = process.env.DEMO_WEBHOOK_SECRET ?? 'whsec_ZGVtby1vbmx5LW5vcmRseXMtd2ViaG9vay1zZWNyZXQ=';
/** How far a signature's timestamp may be from now (Standard Webhooks' recommendation). */
const TOLERANCE_SECONDS = 5 * 60;
/** An account address as Vetline gives them: letters and digits. */
const ACCOUNT = /^[a-z0-9]{8,64}$/i;
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** What this module received and configured, newest first (kept in memory: a demo). */
const received = [];
const seenWebhookIds = new Set();
const configured = [];

const escape = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Demo module</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2430}
main{max-width:36rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d8dee6;border-radius:8px;padding:1.25rem;margin-bottom:1rem}
label{display:block;margin-bottom:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;margin-top:.25rem;padding:.5rem;font:inherit;border:1px solid #aab4c0;border-radius:6px}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:0;background:#2452c7;color:#fff;cursor:pointer}
.error{background:#fdecec;border:1px solid #e4a3a3;padding:.75rem;border-radius:6px}
code{background:#eef1f5;padding:0 .25rem;border-radius:4px;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e3e7ec;vertical-align:top}
</style></head><body><main><p><strong>Demo module</strong> — a partner's server, for Vetline's demo apps</p>${body}</main></body></html>`;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}
function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readBody(req, limit = 256 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Calls Vetline's REST-compatible module API with the key, as a module written against REST does. */
async function vetlineRest(method, path, apiKey, body) {
  const response = await fetch(`${VETLINE_URL}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = await response.json().catch(() => ({ success: false, errorMsg: `Vetline answered HTTP ${response.status}` }));
  return { status: response.status, ...answer };
}

/** What the app's live version requests, from Vetline's public catalog. */
async function appFacts(code) {
  const response = await fetch(`${VETLINE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query ($code: String!) { app(code: $code) { code minApiVersion permissions { key } listing { name } } }', variables: { code } }),
    signal: AbortSignal.timeout(10_000),
  });
  const { data } = await response.json();
  return data?.app ?? null;
}

function connectionForm(code, { account = '', error = '', name = code } = {}) {
  return page(
    `Connect ${name}`,
    `<div class="card"><h1>Connect ${escape(name)}</h1>
<p>Create an API key in your account area on Vetline (with the permissions this app needs), then paste it here.</p>
${error ? `<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/connect/${escape(code)}">
<label>Account address<input name="account" value="${escape(account)}" required autocomplete="off"></label>
<label>API key<input name="apiKey" required autocomplete="off" spellcheck="false"></label>
<button type="submit">Save and connect</button>
</form></div>`,
  );
}

/** The connection page's form posted: verify the key, register, send the customer back. */
async function connect(res, code, form) {
  const account = String(form.get('account') ?? '').trim();
  const apiKey = String(form.get('apiKey') ?? '').trim();
  const app = await appFacts(code);
  if (!app) return send(res, 404, connectionForm(code, { account, error: `Vetline does not offer the app ${escape(code)}.` }));
  const name = app.listing?.name ?? code;
  const again = (status, error) => send(res, status, connectionForm(code, { account, error, name }));
  if (!ACCOUNT.test(account)) return again(400, 'That is not an account address: copy it from the link Vetline opened, or from your account area.');
  if (!apiKey) return again(400, 'Paste the API key you created for this app.');

  const versions = await vetlineRest('GET', '/api/api-versions', apiKey);
  if (!versions.success) return again(400, `Vetline refused the key: ${escape(versions.errorMsg)}`);
  if (versions.account !== account) return again(400, 'The key belongs to another account than the one you are connecting.');
  if (!versions.versions.includes(app.minApiVersion)) {
    return again(400, `Your account is on API version ${versions.current}; this app needs version ${app.minApiVersion}.`);
  }
  const credentials = await vetlineRest('GET', '/api/credentials', apiKey);
  if (!credentials.success) return again(400, `Vetline refused the key: ${escape(credentials.errorMsg)}`);
  const missing = app.permissions.map((p) => p.key).filter((key) => !credentials.scopes.includes(key));
  if (missing.length) {
    return again(400, `The key lacks permissions this app needs: <strong>${missing.map(escape).join(', ')}</strong>. Create a key with them in your account area.`);
  }
  const registered = await vetlineRest('POST', `/api/integration-modules/${encodeURIComponent(code)}/register`, apiKey, { account });
  if (!registered.success) return again(400, `Vetline did not register the app: ${escape(registered.errorMsg)}`);
  configured.unshift({ at: new Date().toISOString(), code, account, method: 'connection page', scopes: registered.installation.grantedScopes });
  send(res, 303, '', { location: `${VETLINE_URL}/account?connected=${encodeURIComponent(code)}` });
}

/**
 * Verifies a Standard Webhooks signature: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the
 * secret; refuses a timestamp outside the tolerance and an id seen before (a replay).
 */
function verify(headers, body) {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !Number.isInteger(timestamp) || !signatures[0]) return 'missing signature headers';
  if (Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS) return 'the timestamp is too old or too new';
  const key = Buffer.from(WEBHOOK_SECRET.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const valid = signatures.some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) return 'no valid signature';
  if (seenWebhookIds.has(id)) return 'replayed: this webhook-id was received already';
  seenWebhookIds.add(id);
  return null;
}

/** Simple connection: Vetline posts the account and a key issued for this module; answer the settings. */
async function configure(req, res, code) {
  const body = await readBody(req);
  const problem = verify(req.headers, body);
  if (problem) return sendJson(res, 401, { error: problem });
  const { data } = JSON.parse(body);
  if (!data || !ACCOUNT.test(String(data.account)) || typeof data.apiKey !== 'string') return sendJson(res, 400, { error: 'account and apiKey are required' });
  // The key is checked like any other: it must be this account's, carrying what the app needs.
  const credentials = await vetlineRest('GET', '/api/credentials', data.apiKey);
  if (!credentials.success || credentials.account !== data.account) return sendJson(res, 400, { error: 'the key does not belong to the account' });
  configured.unshift({ at: new Date().toISOString(), code, account: data.account, method: 'simple connection', scopes: credentials.scopes });
  sendJson(res, 200, { surveyAfterDays: 3, language: 'auto', configuredAt: new Date().toISOString() });
}

async function webhook(req, res) {
  const body = await readBody(req);
  const problem = verify(req.headers, body);
  received.unshift({ at: new Date().toISOString(), id: req.headers['webhook-id'], verified: !problem, problem, body });
  received.length = Math.min(received.length, 200);
  if (problem) return sendJson(res, 401, { error: problem });
  res.writeHead(204).end();
}

function webhooksPage() {
  const rows = received
    .map((r) => {
      let type = '';
      try {
        type = JSON.parse(r.body).type;
      } catch {}
      return `<tr><td>${escape(r.at)}</td><td><code>${escape(r.id ?? '')}</code></td><td>${escape(type)}</td><td>${r.verified ? 'verified' : `refused: ${escape(r.problem)}`}</td></tr>`;
    })
    .join('');
  return page(
    'Webhooks',
    `<div class="card"><h1>Webhooks received</h1><p>${received.length} received; signatures verified with the demo partner's secret.</p>
<table><thead><tr><th>At</th><th>webhook-id</th><th>Type</th><th>Signature</th></tr></thead><tbody>${rows || '<tr><td colspan="4">None yet.</td></tr>'}</tbody></table></div>`,
  );
}

function indexPage() {
  const rows = configured.map((c) => `<tr><td>${escape(c.at)}</td><td>${escape(c.code)}</td><td><code>${escape(c.account)}</code></td><td>${escape(c.method)}</td><td>${escape(c.scopes.join(', '))}</td></tr>`).join('');
  return page(
    'Demo module',
    `<div class="card"><h1>Demo module</h1><p>Talks to Vetline at <code>${escape(VETLINE_URL)}</code>. <a href="/webhooks">Webhooks received</a>.</p>
<h2>Connected accounts</h2><table><thead><tr><th>At</th><th>App</th><th>Account</th><th>How</th><th>Permissions</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">None yet.</td></tr>'}</tbody></table></div>`,
  );
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const [, section, code] = url.pathname.split('/');
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, indexPage());
    if (url.pathname === '/webhooks') {
      if (req.method === 'POST') return await webhook(req, res);
      if (req.method === 'GET') return send(res, 200, webhooksPage());
    }
    if (section === 'connect' && code && CODE.test(code)) {
      if (req.method === 'GET') {
        const account = url.searchParams.get('account') ?? '';
        const app = await appFacts(code);
        if (!app) return send(res, 404, connectionForm(code, { error: `Vetline does not offer the app ${escape(code)}.` }));
        const error = account && !ACCOUNT.test(account) ? 'The link carried no valid account address; type it from your account area.' : '';
        return send(res, error ? 400 : 200, connectionForm(code, { account: error ? '' : account, error, name: app.listing?.name ?? code }));
      }
      if (req.method === 'POST') return await connect(res, code, new URLSearchParams(await readBody(req)));
    }
    if (section === 'configure' && code && CODE.test(code) && req.method === 'POST') return await configure(req, res, code);
    send(res, 404, page('Not found', '<div class="card"><h1>Not found</h1></div>'));
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, page('Error', '<div class="card"><h1>Something went wrong</h1><p>Vetline could not be reached, or answered what this module did not expect.</p></div>'));
    else res.end();
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`Demo module listening on http://${HOST}:${port} (Vetline at ${VETLINE_URL})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
