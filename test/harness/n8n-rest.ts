/**
 * The running server's HTTP APIs: the internal REST API as a signed-in user (the owner, set up and
 * logged in here), the public API with an API key, manual runs and server-mode executions.
 */
import { randomBytes } from 'node:crypto';

import { sleep } from './n8n-processes';
import type { OwnerAccount, RestResponse, ServerExecution } from './n8n-types';
import { DEFAULT_RUNTIME, type Runtime } from './runtime';

/** One client's state against one server: the requests update `cookie` and `apiKey`, and `owner` once set up. */
export interface RestSession {
	readonly baseUrl: string;
	readonly runtime: Runtime;
	/** Sent as the browser-id header: n8n ties a session cookie to it. */
	readonly browserId: string;
	owner: OwnerAccount | undefined;
	/** The session cookie (n8n-auth=…). */
	cookie: string | undefined;
	apiKey: string | undefined;
}

async function request<T>(
	session: RestSession,
	method: string,
	path: string,
	body: unknown,
	headers: Record<string, string>,
): Promise<RestResponse<T>> {
	const response = await fetch(`${session.baseUrl}${path}`, {
		method,
		headers: {
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const authCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (authCookie) session.cookie = authCookie.split(';')[0];
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON
	}
	const data =
		parsed && typeof parsed === 'object' && 'data' in parsed
			? (parsed as { data: unknown }).data
			: parsed;
	return { status: response.status, body: parsed, data: data as T, headers: response.headers };
}

/** A request to any path of the server (e.g. '/types/nodes.json'), with the session cookie when there is one. */
export function http<T = unknown>(
	session: RestSession,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<RestResponse<T>> {
	return request<T>(session, method, path, body, {
		'browser-id': session.browserId,
		...(session.cookie ? { cookie: session.cookie } : {}),
		...headers,
	});
}

/** A request to n8n's internal REST API (`/rest<path>`), with the session cookie when there is one. */
export function rest<T = unknown>(
	session: RestSession,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<RestResponse<T>> {
	return http<T>(session, method, `/rest${path}`, body, headers);
}

/** rest()'s data; throws on an HTTP error. */
async function restOk<T>(
	session: RestSession,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await rest<T>(session, method, path, body);
	if (response.status >= 400) {
		throw new Error(
			`${method} /rest${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
		);
	}
	return response.data;
}

/** A request to the public API (`/api/v1<path>`) with an API key (created, with an owner, if missing). */
export async function publicApi<T = unknown>(
	session: RestSession,
	method: string,
	path: string,
	body?: unknown,
): Promise<RestResponse<T>> {
	if (!session.apiKey) await createApiKey(session);
	return request<T>(session, method, `/api/v1${path}`, body, {
		'X-N8N-API-KEY': session.apiKey ?? '',
	});
}

/** The type names a /types/*.json file of the server lists (signs in as the owner when needed). */
export async function typeNames(session: RestSession, path: string): Promise<string[]> {
	if (!session.owner) await setupOwner(session);
	if (!session.cookie) await login(session);
	const response = await http<Array<{ name: string }>>(session, 'GET', path);
	if (response.status !== 200 || !Array.isArray(response.body)) {
		throw new Error(`GET ${path} answered ${response.status}`);
	}
	return (response.body as Array<{ name: string }>).map((t) => t.name);
}

/**
 * Starts a manual run from a trigger, as the editor's "Execute workflow" does (REST, as the owner).
 * n8n 2.41 takes the workflow from its database; 1.x and 2.0 want the workflow in the body
 * (`workflowData`), so there it is read first.
 */
export async function runManually(
	session: RestSession,
	workflowId: string,
	triggerName: string,
): Promise<RestResponse<{ executionId?: string }>> {
	const triggerToStartFrom = { name: triggerName };
	const path = `/workflows/${workflowId}/run`;
	if (session.runtime.id === DEFAULT_RUNTIME) {
		return rest<{ executionId?: string }>(session, 'POST', path, { triggerToStartFrom });
	}
	const workflowData = await restOk<Record<string, unknown>>(
		session,
		'GET',
		`/workflows/${workflowId}`,
	);
	return rest<{ executionId?: string }>(session, 'POST', path, {
		workflowData,
		triggerToStartFrom,
	});
}

/** A workflow's executions in server mode, oldest first, with their data (public API). */
export async function executions(
	session: RestSession,
	workflowId: string,
): Promise<ServerExecution[]> {
	const response = await publicApi<ServerExecution[]>(
		session,
		'GET',
		`/executions?includeData=true&limit=250&workflowId=${workflowId}`,
	);
	if (response.status !== 200) throw new Error(`GET /executions answered ${response.status}`);
	return [...response.data].sort((a, b) => Number(a.id) - Number(b.id));
}

/** Waits until the workflow has at least `count` finished executions, or the time is up; returns them. */
export async function finishedExecutions(
	session: RestSession,
	workflowId: string,
	count: number,
	timeoutMs = 20_000,
): Promise<ServerExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = (await executions(session, workflowId)).filter(
			(e) => e.status !== 'running' && e.status !== 'new',
		);
		if (found.length >= count || Date.now() > deadline) return found;
		await sleep(200);
	}
}

/** A password n8n accepts (8–64 characters, a digit, an uppercase letter). */
export function generatePassword(): string {
	return `Amili-${randomBytes(9).toString('base64url')}-7Q`;
}

/** Creates the owner account (server must be running); logs in as it. Password generated when not given. */
export async function setupOwner(
	session: RestSession,
	account: Partial<OwnerAccount> = {},
): Promise<OwnerAccount> {
	const owner: OwnerAccount = {
		email: account.email ?? 'owner@amili.local',
		password: account.password ?? generatePassword(),
		firstName: account.firstName ?? 'Test',
		lastName: account.lastName ?? 'Owner',
	};
	await restOk(session, 'POST', '/owner/setup', owner);
	session.owner = owner;
	return owner;
}

/** Logs in (as the owner by default) and returns the session cookie. */
export async function login(
	session: RestSession,
	email = session.owner?.email,
	password = session.owner?.password,
): Promise<string> {
	if (!email || !password) throw new Error('login(): no account; call setupOwner() first');
	session.cookie = undefined;
	await restOk(session, 'POST', '/login', { emailOrLdapLoginId: email, password });
	if (!session.cookie) throw new Error('login(): n8n set no n8n-auth cookie');
	return session.cookie;
}

/** Creates a public-API key with every scope the owner may have (sets up the owner and logs in when needed). */
export async function createApiKey(session: RestSession, label = 'harness'): Promise<string> {
	if (!session.owner) await setupOwner(session);
	if (!session.cookie) await login(session);
	const scopes = await restOk<string[]>(session, 'GET', '/api-keys/scopes');
	const created = await restOk<{ rawApiKey: string }>(session, 'POST', '/api-keys', {
		label,
		scopes,
		expiresAt: null,
	});
	session.apiKey = created.rawApiKey;
	return created.rawApiKey;
}
