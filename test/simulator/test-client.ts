/** Shared by the simulator's own tests: a started simulator per test file, and a tiny HTTP client. */
import { type AmiliSimulator, type SimulatorOptions, startSimulator } from './index';

export const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
export const OTHER_ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

// Answers are read loosely on purpose: the assertions are what check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: Json;
}

export interface RequestOptions {
	/** undefined: the suite's valid token; null: no Authorization header. */
	bearer?: string | null;
	headers?: Record<string, string>;
	contentType?: string;
	/** Sent instead of JSON.stringify(body). */
	raw?: string;
}

export interface TestApi {
	readonly sim: AmiliSimulator;
	/** GET {apiBaseUrl}{path}. */
	get(path: string, opts?: RequestOptions): Promise<Answer>;
	/** POST {apiBaseUrl}{path} with a JSON body. */
	post(path: string, body?: unknown, opts?: RequestOptions): Promise<Answer>;
	/** GET (no body) or POST (body) {controlUrl}/{path}. */
	control(path: string, body?: unknown): Promise<Answer>;
}

/** Starts one simulator for the file, resets it before each test, closes it after. */
export function useSimulator(options: SimulatorOptions = {}): TestApi {
	let sim: AmiliSimulator | undefined;
	let token = '';
	beforeAll(async () => {
		sim = await startSimulator(options);
		token = sim.issueAccessToken();
	});
	afterAll(() => sim?.close());
	beforeEach(() => sim?.reset());

	const started = (): AmiliSimulator => {
		if (!sim) throw new Error('the simulator starts in beforeAll');
		return sim;
	};
	const request = (url: string, method: string, body: unknown, opts: RequestOptions = {}) => {
		const headers: Record<string, string> = { ...opts.headers };
		const bearer = opts.bearer === undefined ? token : opts.bearer;
		if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
		if (method === 'POST') headers['content-type'] = opts.contentType ?? 'application/json';
		const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
		return answer(fetch(url, { method, headers, body: payload }));
	};
	return {
		get sim() {
			return started();
		},
		get: (path, opts) => request(`${started().apiBaseUrl}${path}`, 'GET', undefined, opts),
		post: (path, body, opts) => request(`${started().apiBaseUrl}${path}`, 'POST', body, opts),
		control: (path, body) =>
			answer(
				fetch(`${started().controlUrl}/${path}`, {
					method: body === undefined ? 'GET' : 'POST',
					headers: { 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				}),
			),
	};
}

async function answer(pending: Promise<Response>): Promise<Answer> {
	const res = await pending;
	const text = await res.text();
	let json: Json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows nextPageToken to the end and returns every item, checking each page's size. `casing` picks
 * the parameter names: Pascal (`PageSize`/`PageToken`, most pages) or camel (`pageSize`/`pageToken`,
 * the settlements page).
 */
export async function readAllPages(
	api: TestApi,
	path: string,
	pageSize: number,
	casing: 'Pascal' | 'camel',
): Promise<{ items: Json[]; pages: number }> {
	const [sizeName, tokenName] =
		casing === 'Pascal' ? ['PageSize', 'PageToken'] : ['pageSize', 'pageToken'];
	const items: Json[] = [];
	let pages = 0;
	let pageToken: string | undefined;
	do {
		const sep = path.includes('?') ? '&' : '?';
		const res = await api.get(
			`${path}${sep}${sizeName}=${pageSize}${pageToken ? `&${tokenName}=${encodeURIComponent(pageToken)}` : ''}`,
		);
		if (res.status !== 200)
			throw new Error(`page ${pages + 1} of ${path}: ${res.status} ${res.text}`);
		if (res.json.summary.status !== 'SUCCESS' || res.json.data.length > pageSize)
			throw new Error(`bad page: ${res.text}`);
		items.push(...res.json.data);
		pageToken = res.json.summary.nextPageToken;
		pages++;
	} while (pageToken !== undefined);
	return { items, pages };
}
