import fc from 'fast-check';

import {
	decideRetry,
	DEFAULT_RETRY_POLICY,
	parseRetryAfter,
	retriesStatus,
	type RetryPolicy,
	statusOutcome,
} from '../../nodes/Amili/transport/retry';

const NOW = Date.UTC(2025, 2, 9, 14, 30, 0);
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe('retriesStatus and statusOutcome: which error statuses are asked again', () => {
	// [status, repeatable, asked again, outcome when final]
	test.each<[number, boolean, boolean, 'unknown' | 'rejected']>([
		[429, true, true, 'rejected'],
		[429, false, true, 'rejected'], // a rate limiter refuses before handling: a create too
		[503, true, true, 'rejected'],
		[503, false, false, 'unknown'], // a create may have been processed behind the gateway
		[500, true, false, 'rejected'],
		[500, false, false, 'unknown'],
		[502, false, false, 'unknown'],
		[504, false, false, 'unknown'],
		[400, false, false, 'rejected'],
		[409, false, false, 'rejected'],
		[422, true, false, 'rejected'],
	])('HTTP %p, repeatable %p: asked again %p, else %p', (status, repeatable, retried, outcome) => {
		expect(retriesStatus(status, repeatable)).toBe(retried);
		if (!retried) expect(statusOutcome(status, repeatable)).toBe(outcome);
	});
});

describe('parseRetryAfter', () => {
	test.each<[unknown, number]>([
		['0', 0],
		['5', 5000],
		[' 120 ', 120_000],
		['1.5', 1500],
		['0.0001', 1], // rounded up: never a shorter wait than asked
		[2, 2000],
		[0.25, 250],
		[['3', '9'], 3000],
		[[7], 7000],
	])('delay-seconds %p → %p ms', (header, expected) => {
		expect(parseRetryAfter(header, NOW)).toBe(expected);
	});

	test('an HTTP date in the future is the time until then', () => {
		expect(parseRetryAfter(httpDate(NOW + 30_000), NOW)).toBe(30_000);
		expect(parseRetryAfter([httpDate(NOW + 90_000)], NOW)).toBe(90_000);
	});

	test('an HTTP date in the past means now (0), never negative', () => {
		expect(parseRetryAfter(httpDate(NOW - 60_000), NOW)).toBe(0);
		expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', NOW)).toBe(0);
	});

	test.each<unknown>([
		undefined,
		null,
		'',
		'   ',
		'soon',
		'abc',
		'1e3',
		'Infinity',
		'NaN',
		-1,
		NaN,
		Infinity,
		{},
		[],
		[undefined],
		true,
	])('%p is unreadable → undefined', (header) => {
		expect(parseRetryAfter(header, NOW)).toBeUndefined();
	});

	// BUG: anything V8's lenient Date.parse accepts is taken as an HTTP date. "-5", "1 2",
	// "garbage 5" and "May 5" parse to dates in the past, so the node retries at once (0 ms) instead
	// of treating the header as unreadable and backing off. RFC 9110 allows only delay-seconds or an
	// IMF-fixdate (e.g. "Sun, 09 Mar 2025 14:30:00 GMT").
	test.each(['-5', 'garbage 5', '1 2', 'May 5'])(
		'fixed bug: Retry-After %p is unreadable → undefined',
		(header) => {
			expect(parseRetryAfter(header, NOW)).toBeUndefined();
		},
	);

	test('property: any non-negative integer seconds round-trips to ms', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10 ** 7 }), (seconds) => {
				expect(parseRetryAfter(String(seconds), NOW)).toBe(seconds * 1000);
			}),
		);
	});
});

describe('decideRetry', () => {
	const policy: RetryPolicy = {
		maxAttempts: 5,
		maxTotalWaitMs: 60_000,
		baseDelayMs: 1000,
		maxDelayMs: 8000,
	};

	test('backoff doubles from baseDelayMs and is capped at maxDelayMs', () => {
		const waits = [1, 2, 3, 4].map((attempt) =>
			decideRetry(attempt, 0, undefined, { ...policy, maxAttempts: 10 }),
		);
		expect(waits).toEqual([
			{ retry: true, waitMs: 1000 },
			{ retry: true, waitMs: 2000 },
			{ retry: true, waitMs: 4000 },
			{ retry: true, waitMs: 8000 },
		]);
		expect(decideRetry(9, 0, undefined, { ...policy, maxAttempts: 10 })).toEqual({
			retry: true,
			waitMs: 8000,
		});
	});

	test('Retry-After is honoured over backoff, shorter or longer', () => {
		expect(decideRetry(3, 0, 250, policy)).toEqual({ retry: true, waitMs: 250 });
		expect(decideRetry(1, 0, 20_000, policy)).toEqual({ retry: true, waitMs: 20_000 });
		expect(decideRetry(1, 0, 0, policy)).toEqual({ retry: true, waitMs: 0 });
	});

	test('stops at maxAttempts, one below still retries', () => {
		expect(decideRetry(4, 0, undefined, policy).retry).toBe(true);
		const stop = decideRetry(5, 0, undefined, policy);
		expect(stop).toEqual({ retry: false, reason: 'gave up after 5 attempts' });
		expect(decideRetry(6, 0, 1, policy).retry).toBe(false);
		expect(decideRetry(1, 0, undefined, { ...policy, maxAttempts: 1 }).retry).toBe(false);
	});

	test('stops when the wait would exceed the total wait budget; exactly at the budget still retries', () => {
		expect(decideRetry(2, 58_000, undefined, policy)).toEqual({ retry: true, waitMs: 2000 });
		const over = decideRetry(2, 58_001, undefined, policy);
		expect(over.retry).toBe(false);
		if (!over.retry) expect(over.reason).toBe('gave up after 2 attempts and 58 s of waiting');
	});

	test('a Retry-After beyond the budget gives up and says how long Amili asked for', () => {
		const decision = decideRetry(1, 0, 120_000, policy);
		expect(decision.retry).toBe(false);
		if (!decision.retry)
			expect(decision.reason).toBe(
				'Amili asked to wait 120 s, longer than the 60 s the node may wait in all',
			);
		expect(decideRetry(1, 0, 60_000, policy)).toEqual({ retry: true, waitMs: 60_000 });
	});

	test('default policy: 5 attempts, waits 1 s, 2 s, 4 s, 8 s', () => {
		let waited = 0;
		const waits: number[] = [];
		for (let attempt = 1; ; attempt++) {
			const decision = decideRetry(attempt, waited, undefined, DEFAULT_RETRY_POLICY);
			if (!decision.retry) break;
			waits.push(decision.waitMs);
			waited += decision.waitMs;
		}
		expect(waits).toEqual([1000, 2000, 4000, 8000]);
	});

	test('property: a simulated retry loop never exceeds maxAttempts nor the wait budget', () => {
		fc.assert(
			fc.property(
				fc.record({
					maxAttempts: fc.integer({ min: 1, max: 12 }),
					maxTotalWaitMs: fc.integer({ min: 0, max: 200_000 }),
					baseDelayMs: fc.integer({ min: 0, max: 5000 }),
					maxDelayMs: fc.integer({ min: 0, max: 60_000 }),
				}),
				fc.array(fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }), {
					minLength: 12,
					maxLength: 12,
				}),
				(p, retryAfters) => {
					let waited = 0;
					let attempts = 1;
					for (;;) {
						const retryAfter = retryAfters[attempts - 1];
						const decision = decideRetry(attempts, waited, retryAfter, p);
						if (!decision.retry) break;
						if (retryAfter !== undefined) expect(decision.waitMs).toBe(retryAfter);
						else expect(decision.waitMs).toBeLessThanOrEqual(p.maxDelayMs);
						waited += decision.waitMs;
						attempts++;
					}
					expect(attempts).toBeLessThanOrEqual(p.maxAttempts);
					expect(waited).toBeLessThanOrEqual(p.maxTotalWaitMs);
				},
			),
		);
	});
});
