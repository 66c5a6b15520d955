import { createHash, timingSafeEqual } from 'crypto';

/**
 * The optional shared-secret check of the Amili Trigger. Amili's own signature scheme
 * (X-Webhook-Signature) is not documented, so it is not verified; a secret header set up on the
 * sending side (Amili's portal, a proxy) is compared instead.
 */

/** A header's value as n8n hands it over (Node joins repeated headers; arrays are possible). */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.trim().toLowerCase();
	if (!wanted) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
	const value = key === undefined ? undefined : headers[key];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.every((part) => typeof part === 'string')) return value.join(', ');
	return undefined;
}

/**
 * Whether `received` equals `expected`, in time that does not depend on where they differ (both are
 * hashed first, so their lengths leak nothing either). An empty expected secret matches nothing.
 */
export function secretMatches(received: string | undefined, expected: string): boolean {
	if (received === undefined || expected === '') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}
