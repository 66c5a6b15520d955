/**
 * What an Amili HTTP error means for the user, and what to do. Amili documents the status codes
 * but not the error body, so the detail is read from the common shapes (message, error, title/detail,
 * errors as a list or as a field map) and anything else is shown as compact text.
 */

export interface AmiliErrorInfo {
	message: string;
	description: string;
	httpCode: string;
}

const MAX_DETAIL_LENGTH = 1000;

function clip(text: string): string {
	return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 3)}...` : text;
}

function listErrors(errors: unknown): string[] {
	if (Array.isArray(errors)) {
		return errors.map((entry) => {
			if (typeof entry === 'string') return entry;
			if (entry && typeof entry === 'object') {
				const { index, field, message } = entry as Record<string, unknown>;
				const where = [
					index !== undefined ? `payment ${String(index)}` : '',
					field ? String(field) : '',
				]
					.filter(Boolean)
					.join(' ');
				const text = message !== undefined ? String(message) : JSON.stringify(entry);
				return where ? `${where}: ${text}` : text;
			}
			return String(entry);
		});
	}
	if (errors && typeof errors === 'object') {
		// ASP.NET validation problem details: { "payments[0].amount": ["..."] }
		return Object.entries(errors as Record<string, unknown>).map(
			([field, messages]) =>
				`${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
		);
	}
	return [];
}

/** Amili's own words from an error body, if it has any. */
export function amiliErrorDetail(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return clip(body.trim());
	if (typeof body !== 'object') return clip(String(body));
	const record = body as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of ['message', 'title', 'detail', 'error', 'error_description']) {
		const value = record[key];
		if (typeof value === 'string' && value && !parts.includes(value)) parts.push(value);
	}
	parts.push(...listErrors(record.errors));
	return clip(parts.length ? parts.join('; ') : JSON.stringify(body));
}

const MEANINGS: Record<number, { message: string; advice: string }> = {
	400: {
		message: 'Amili rejected the request as invalid',
		advice: "A value was not in the form Amili expects. Amili's answer in the message names it.",
	},
	401: {
		message: 'Amili did not accept the credentials: the access token is invalid or expired',
		advice:
			'With OAuth2, check the client ID, client secret and environment of the credential. With an access token, paste a fresh one (they expire after about an hour) or switch to the OAuth2 credential, which renews itself.',
	},
	403: {
		message: 'This Amili client may not do this for the organization',
		advice:
			'Check the Organization ID. If it is right, ask Amili to give your API client access to this organization and the scope the operation needs.',
	},
	404: {
		message: 'Amili found nothing at this address',
		advice:
			'Check the Organization ID, the ID you asked for, and the API base URL of the credential.',
	},
	409: {
		message: 'Amili reported a conflict',
		advice:
			'The records may already exist at Amili (for payments: the same uniqueSourcePaymentId). Check at Amili before sending them again.',
	},
	422: {
		message: 'Amili refused the data',
		advice:
			"Amili's answer in the message says which values it did not accept. Correct them in the input and run again.",
	},
	429: {
		message: 'Amili is limiting the request rate',
		advice:
			'Send fewer requests at once (a larger Batch Size means fewer requests), or run the workflow again later.',
	},
	500: {
		message: 'Amili failed with an internal error',
		advice:
			"Amili's answer does not say whether anything was registered. Check at Amili (for payments: the batches of the organization) before running again.",
	},
	503: {
		message: 'Amili is unavailable',
		advice: 'Amili is down or under maintenance. Run the workflow again later.',
	},
};

/** `detail` is Amili's own words (see amiliErrorDetail), `note` what the node did about it. */
export function describeHttpError(
	status: number,
	detail: string | undefined,
	note?: string,
): AmiliErrorInfo {
	const meaning = MEANINGS[status] ?? {
		message: `Amili answered with HTTP status ${status}`,
		advice: "Check the request and Amili's answer in the message.",
	};
	const message = `${meaning.message} (HTTP ${status})${detail ? `: ${detail}` : ''}`;
	const description = [note, meaning.advice].filter(Boolean).join(' ');
	return { message, description, httpCode: String(status) };
}

/** A 5xx on a request that creates something, a 503 included: not sent again, since Amili may have
 * registered it before failing (retry.ts, statusOutcome). Whatever the status usually advises (a
 * 503's "run again later"), the advice is to check first. */
export function describeOutcomeUnknown(status: number, detail: string | undefined): AmiliErrorInfo {
	const { message, httpCode } = describeHttpError(status, detail);
	const description =
		"Amili's answer does not say whether anything was registered, so the node did not send it again. Check at Amili (for payments: the batches of the organization) before running again.";
	return { message, description, httpCode };
}

/** The text with every secret and any bearer token masked. */
export function redact(text: string, secrets: string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= 4) clean = clean.split(secret).join('***');
	}
	// Whatever the source, a bearer token never leaves in a message.
	return clean.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***');
}

/** Amili's error detail from an answer body, redacted. */
export function redactedDetail(body: unknown, secrets: string[]): string | undefined {
	const detail = amiliErrorDetail(body);
	return detail === undefined ? undefined : redact(detail, secrets);
}
