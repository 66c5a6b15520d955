import { createHash, timingSafeEqual } from 'crypto';

/**
 * The optional shared-secret check of the Amili Trigger, pure (the n8n side: secretHeader.ts). Amili's own signature scheme
 * (X-Webhook-Signature) is not documented, so it is not verified; a secret header set up on the
 * sending side (Amili's portal, a proxy) is compared instead.
 */

/**
 * Whether `received` equals `expected`, in time that does not depend on where they differ (both are
 * hashed first, so their lengths leak nothing either). An empty expected secret matches nothing.
 */
export function secretMatches(received: string | undefined, expected: string): boolean {
	if (received === undefined || expected === '') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}

/** Where a delivery's secret is expected: version 1 kept it in parameters, version 2 in a credential. */
export interface SecretHeader {
	headerName: string;
	secret: string;
}

/** An HTTP header name: RFC 9110 token characters only. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * What the Amili Webhook Secret credential's test checks: no service can be asked, so it checks
 * that the trigger can use it — a valid header name and a non-empty secret.
 */
export function secretHeaderProblem({
	headerName,
	secret,
}: Partial<SecretHeader>): string | undefined {
	const name = String(headerName ?? '').trim();
	if (!HEADER_NAME.test(name)) {
		return `"${name}" is not a valid header name: use letters, digits and dashes only, e.g. X-Webhook-Secret`;
	}
	if (typeof secret !== 'string' || secret === '')
		return 'The secret is empty: enter the value the header must have';
	return undefined;
}
