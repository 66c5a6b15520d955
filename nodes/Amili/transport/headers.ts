/**
 * A header's value, its name matched without regard to case: Node lower-cases the names it receives,
 * but n8n's helpers, proxies and tests may hand them over as sent. The one look-up for the
 * transport's answers and the trigger's deliveries.
 */
export function headerOf(headers: Record<string, unknown> | undefined, name: string): unknown {
	const wanted = name.trim().toLowerCase();
	if (!headers || !wanted) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
	return key === undefined ? undefined : headers[key];
}

/** A header's value as n8n hands it over (Node joins repeated headers; arrays are possible). */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headerOf(headers, name);
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.every((part) => typeof part === 'string'))
		return value.join(', ');
	return undefined;
}
