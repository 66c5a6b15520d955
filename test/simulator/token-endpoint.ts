import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApiContext, ApiRequest } from './api-common';
import { type SimResponse, mediaType } from './http';
import type { TokenService } from './tokens';

/** One call to POST /token, as recorded. The secret is never kept. */
export interface TokenRequestRecord {
	at: string;
	/** How the client authenticated: form fields (documented) or HTTP Basic (not documented, but OAuth2 allows it). */
	clientAuth: 'form' | 'basic' | 'none';
	clientId: string | null;
	grantType: string | null;
	status: number;
}

export interface Client {
	clientId: string;
	clientSecret: string;
}

/** POST /token, the token route's handler: the token endpoint's answer, recorded without the secret. */
export function answerToken(ctx: ApiContext, r: ApiRequest): SimResponse {
	const { answer, record } = handleTokenRequest(r.req, r.rawBody, ctx.tokenClient, ctx.tokens);
	ctx.recorder.tokenRequests.push({
		at: new Date().toISOString(),
		...record,
		status: answer.status,
	});
	return answer;
}

/** OAuth2 client-credentials token endpoint (docs/amili-api.md, "Authentication"). Error bodies
 * follow RFC 6749 §5.2: Amili documents none, this is our assumption. */
export function handleTokenRequest(
	req: IncomingMessage,
	rawBody: string,
	client: Client,
	tokens: TokenService,
): { answer: SimResponse; record: Omit<TokenRequestRecord, 'at' | 'status'> } {
	const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
	const form = new URLSearchParams(rawBody);
	const basic = parseBasic(req.headers.authorization, client);
	const clientAuth = basic ? 'basic' : form.has('client_id') ? 'form' : 'none';
	const id = basic ? basic.id : form.get('client_id');
	const secret = basic ? basic.secret : form.get('client_secret');
	const record = { clientAuth, clientId: id, grantType: form.get('grant_type') } as const;
	const fail = (status: number, err: string, extra: Record<string, string> = {}) => ({
		answer: { status, body: { error: err }, headers: { ...noStore, ...extra } },
		record,
	});

	if (mediaType(req) !== 'application/x-www-form-urlencoded') return fail(400, 'invalid_request');
	if (
		id === null ||
		secret === null ||
		!sameString(id, client.clientId) ||
		!sameString(secret, client.clientSecret)
	) {
		// RFC 6749: a client that tried Basic gets a Basic challenge back.
		return fail(
			401,
			'invalid_client',
			basic ? { 'www-authenticate': 'Basic realm="amili-simulator"' } : {},
		);
	}
	if (!form.has('grant_type')) return fail(400, 'invalid_request');
	if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type');
	return { answer: { status: 200, body: tokens.issue(id), headers: noStore }, record };
}

/** RFC 6749 §2.3.1 form-urlencodes id and secret before joining them for Basic, but many clients
 * (n8n's among them) send them raw: the encoded reading is used only when the raw one does not match. */
function parseBasic(
	header: string | undefined,
	client: Client,
): { id: string; secret: string } | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	const raw = { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
	if (raw.id === client.clientId && raw.secret === client.clientSecret) return raw;
	try {
		const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
		return { id: unescape(raw.id), secret: unescape(raw.secret) };
	} catch {
		return raw;
	}
}

function sameString(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
