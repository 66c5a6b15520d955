import type { IDataObject } from 'n8n-workflow';

/** What a request that threw tells, whichever n8n line threw it. */

export interface ThrownRequestError {
	message?: string;
	code?: string;
	httpCode?: string;
	response?: { status?: number; data?: unknown; headers?: IDataObject };
	cause?: ThrownRequestError;
	context?: { data?: unknown };
	messages?: unknown[];
}

/** Connection never established: nothing reached Amili, so trying again is safe for any request. */
export const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** A connection error code named in NodeApiError's kept messages (n8n 1.x and 2.0 drop the cause). */
function codeInMessages(messages: unknown[] | undefined): string | undefined {
	for (const message of messages ?? []) {
		const match = typeof message === 'string' ? /\b(E[A-Z_]{4,})\b/.exec(message) : null;
		if (match) return match[1];
	}
	return undefined;
}

/**
 * Status, body and code of a thrown request (a 401 after renewal, a broken connection). n8n 2.x's
 * later lines keep the HTTP client's error as `cause`; 1.x and 2.0 keep only `httpCode`,
 * `context.data` (a JSON body) and `messages` (which name a connection error's code).
 */
export function describeFailure(error: ThrownRequestError): {
	status?: number;
	body?: unknown;
	headers?: IDataObject;
	code?: string;
} {
	const response = error.response ?? error.cause?.response;
	const status = response?.status ?? (error.httpCode ? Number(error.httpCode) : undefined);
	return {
		status,
		body: response?.data ?? error.context?.data,
		headers: response?.headers,
		code: error.code ?? error.cause?.code ?? codeInMessages(error.messages),
	};
}
