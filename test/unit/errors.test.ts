import {
	amiliErrorDetail,
	describeHttpError,
	describeOutcomeUnknown,
} from '../../nodes/Amili/transport/errors';

describe('amiliErrorDetail', () => {
	test.each<[unknown, string]>([
		[{ message: 'Invalid organization' }, 'Invalid organization'],
		[
			{ title: 'Bad Request', detail: 'amount must be positive' },
			'Bad Request; amount must be positive',
		],
		[
			{ error: 'invalid_client', error_description: 'Client authentication failed' },
			'invalid_client; Client authentication failed',
		],
		[{ message: 'Same', title: 'Same' }, 'Same'],
		[
			{
				errors: [
					{ index: 0, field: 'amount', message: 'must be > 0' },
					{ index: 3, field: 'currency', message: 'unknown' },
				],
			},
			'payment 0 amount: must be > 0; payment 3 currency: unknown',
		],
		[{ errors: [{ field: 'date', message: 'bad' }] }, 'date: bad'],
		[{ errors: ['first', 'second'] }, 'first; second'],
		[
			{
				title: 'One or more validation errors occurred.',
				status: 400,
				errors: {
					'payments[0].amount': ['The amount must be positive.'],
					'payments[2].date': ['Invalid date.', 'Required.'],
				},
			},
			'One or more validation errors occurred.; payments[0].amount: The amount must be positive.; payments[2].date: Invalid date. Required.',
		],
		['  Service Unavailable \n', 'Service Unavailable'],
		[502, '502'],
	])('%p → %p', (body, expected) => {
		expect(amiliErrorDetail(body)).toBe(expected);
	});

	test("an errors entry with only a message still carries Amili's words", () => {
		expect(amiliErrorDetail({ errors: [{ message: 'Payment already exists' }] })).toContain(
			'Payment already exists',
		);
	});

	test.each<unknown>([undefined, null, ''])('an empty body %p has no detail', (body) => {
		expect(amiliErrorDetail(body)).toBeUndefined();
	});

	test('an object without known keys is shown as compact JSON', () => {
		expect(amiliErrorDetail({ code: 42, reason: 'x' })).toBe('{"code":42,"reason":"x"}');
		expect(amiliErrorDetail({})).toBe('{}');
	});

	test('long bodies are clipped to 1000 characters ending in "..."', () => {
		const text = amiliErrorDetail('x'.repeat(5000)) as string;
		expect(text).toHaveLength(1000);
		expect(text.endsWith('...')).toBe(true);
		expect(amiliErrorDetail('y'.repeat(1000))).toBe('y'.repeat(1000));
		const fromObject = amiliErrorDetail({
			errors: Array.from({ length: 500 }, (_, index) => ({
				index,
				field: 'amount',
				message: 'bad',
			})),
		}) as string;
		expect(fromObject).toHaveLength(1000);
		expect(fromObject.startsWith('payment 0 amount: bad; payment 1 amount: bad')).toBe(true);
	});
});

describe('describeHttpError', () => {
	const documented: Array<[number, RegExp, RegExp]> = [
		[400, /invalid/, /form Amili expects/],
		[401, /credentials/, /client secret|fresh one/],
		[403, /may not/, /Organization ID/],
		[404, /found nothing/, /Organization ID/],
		[409, /conflict/, /uniqueSourcePaymentId/],
		[422, /refused the data/, /Correct them/],
		[429, /rate/, /Batch Size|later/],
		[500, /internal error/, /Check at Amili/],
		[503, /unavailable/, /later/],
	];

	test.each(documented)(
		'HTTP %p: message names the status, description gives advice',
		(status, message, advice) => {
			const info = describeHttpError(status, undefined);
			expect(info.httpCode).toBe(String(status));
			expect(info.message).toMatch(message);
			expect(info.message.endsWith(`(HTTP ${status})`)).toBe(true);
			expect(info.description).toMatch(advice);
		},
	);

	test('each documented status has its own advice', () => {
		const advice = new Set(
			documented.map(([status]) => describeHttpError(status, undefined).description),
		);
		expect(advice.size).toBe(documented.length);
	});

	test("Amili's detail follows the status; the note comes before the advice", () => {
		const info = describeHttpError(
			422,
			'payments[0].amount: must be positive',
			'Nothing of this batch was registered.',
		);
		expect(info.message).toBe(
			'Amili refused the data (HTTP 422): payments[0].amount: must be positive',
		);
		expect(info.description.startsWith('Nothing of this batch was registered. ')).toBe(true);
		expect(info.description).toMatch(/Correct them/);
	});

	test('an empty detail adds no dangling colon', () => {
		expect(describeHttpError(400, '').message).toBe(
			'Amili rejected the request as invalid (HTTP 400)',
		);
		expect(describeHttpError(400, amiliErrorDetail('   ')).message).toBe(
			'Amili rejected the request as invalid (HTTP 400)',
		);
	});

	test.each([418, 502, 504])('an undocumented status %p still names the status', (status) => {
		const info = describeHttpError(status, 'teapot');
		expect(info.message).toBe(`Amili answered with HTTP status ${status} (HTTP ${status}): teapot`);
		expect(info.description.length).toBeGreaterThan(0);
		expect(info.httpCode).toBe(String(status));
	});
});

describe('describeOutcomeUnknown: a 5xx on a request that creates something', () => {
	test.each([500, 502, 503])(
		'HTTP %p keeps its message and advises checking at Amili, never running again later',
		(status) => {
			const info = describeOutcomeUnknown(status, 'down');
			expect(info.message).toBe(describeHttpError(status, 'down').message);
			expect(info.httpCode).toBe(String(status));
			expect(info.description).toMatch(/did not send it again.*Check at Amili/);
			expect(info.description).not.toMatch(/later/);
		},
	);
});
