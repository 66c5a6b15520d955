import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler decides to answer. Handlers return this instead of writing, so a fault can still
 * drop the connection after the request was processed ("outcome unknown"). */
export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** Serialised as JSON. */
	body?: unknown;
	/** Sent as-is instead of `body` (malformed answers). */
	rawBody?: string;
}

/** Bodies above this are refused; generous so benchmarks can send large batches. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
		chunks.push(buf);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
	return { status, body, headers };
}

/** Error body shape: Amili documents status codes only, never a body. `{ message }` is our assumption. */
export function error(
	status: number,
	message: string,
	headers?: Record<string, string>,
): SimResponse {
	return { status, body: { message }, headers };
}

export function send(res: ServerResponse, answer: SimResponse): void {
	const text =
		answer.rawBody !== undefined
			? answer.rawBody
			: answer.body === undefined
				? ''
				: JSON.stringify(answer.body);
	const headers: Record<string, string> = {
		// A malformed rawBody is still labelled JSON: that is what a broken upstream would do.
		...(text !== '' || answer.rawBody !== undefined
			? { 'content-type': 'application/json; charset=utf-8' }
			: {}),
		...lowerCaseKeys(answer.headers ?? {}),
		'content-length': String(Buffer.byteLength(text)),
	};
	res.writeHead(answer.status, headers);
	res.end(text);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
	return out;
}

/** The media type of a Content-Type header, without parameters such as charset. */
export function mediaType(req: IncomingMessage): string {
	return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Query parameter lookup ignoring case: Amili does not document whether names are case-sensitive
 * (pages show both `PageToken` and `pageToken`), so we accept any casing (our assumption). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [k, v] of query) if (k.toLowerCase() === wanted) return v;
	return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
