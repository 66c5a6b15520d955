/**
 * When to ask Amili again. Pure: the transport supplies the clock and does the waiting (with
 * n8n-workflow's `sleep`, since timers are not allowed in n8n Cloud code).
 */

export interface RetryPolicy {
	/** Requests in all, the first included. */
	maxAttempts: number;
	/** Total time the node may spend waiting between attempts. */
	maxTotalWaitMs: number;
	/** First backoff when Amili gives no Retry-After; doubles each attempt. */
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	maxTotalWaitMs: 60_000,
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
};

const HTTP_DATE =
	/^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
	// Only the HTTP date formats (IMF-fixdate, RFC 850, asctime): Date.parse reads almost anything.
	if (!HTTP_DATE.test(text)) return undefined;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - nowMs);
}

/**
 * Which error statuses are asked again; the rest are final. Amili documents what neither 429 nor 503
 * means (docs/amili-api.md, "Rate limits and retries"), so the rule is the money-safe reading:
 * - 429 is a rate limiter's refusal (RFC 6585 §4), made before the request is handled: any request
 *   is asked again, a creating one too.
 * - 503 is asked again only for a request that may be repeated (reads, invoice actions). A gateway
 *   also answers 503 when the service behind it failed or dropped the request midway, so a creating
 *   request may have been processed: it is not sent again and its outcome is unknown, as after a 500
 *   (statusOutcome).
 */
export function retriesStatus(status: number, repeatable: boolean): boolean {
	return status === 429 || (status === 503 && repeatable);
}

/** What a final error status says of Amili having acted: a 5xx on a creating request may have come
 * after Amili stored something (`unknown`); anything else means it did not (`rejected`). */
export function statusOutcome(status: number, repeatable: boolean): 'unknown' | 'rejected' {
	return status >= 500 && !repeatable ? 'unknown' : 'rejected';
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: string };

/**
 * After attempt number `attempt` (1-based) failed in a retryable way, and `waitedMs` has been spent
 * waiting so far: wait how long, or give up and why.
 */
export function decideRetry(
	attempt: number,
	waitedMs: number,
	retryAfterMs: number | undefined,
	policy: RetryPolicy,
): RetryDecision {
	if (attempt >= policy.maxAttempts) {
		return { retry: false, reason: `gave up after ${attempt} attempts` };
	}
	const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
	const waitMs = retryAfterMs ?? backoff;
	if (waitedMs + waitMs > policy.maxTotalWaitMs) {
		return {
			retry: false,
			reason:
				retryAfterMs !== undefined
					? `Amili asked to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than the ${Math.round(policy.maxTotalWaitMs / 1000)} s the node may wait in all`
					: `gave up after ${attempt} attempts and ${Math.round(waitedMs / 1000)} s of waiting`,
		};
	}
	return { retry: true, waitMs };
}
