/**
 * trigger/webhook/sharedSecret.ts: the shared-secret header comparison and its credential's test;
 * transport/headers.ts: the header look-up it uses.
 */
import { headerValue } from '../../nodes/Amili/transport/headers';
import { secretHeaderProblem, secretMatches } from '../../nodes/Amili/trigger/webhook/sharedSecret';

describe('shared secret header', () => {
	test('headerValue finds a header in any case, joins repeated values', () => {
		expect(headerValue({ 'x-secret': 'v' }, 'X-Secret')).toBe('v');
		expect(headerValue({ 'x-secret': ['a', 'b'] }, 'x-secret')).toBe('a, b');
		expect(headerValue({ 'x-secret': 'v' }, ' ')).toBeUndefined();
		expect(headerValue({}, 'x-secret')).toBeUndefined();
	});

	test('secretMatches only the exact value; an empty configured secret matches nothing', () => {
		expect(secretMatches('s3cr3t-value', 's3cr3t-value')).toBe(true);
		expect(secretMatches('s3cr3t-valuE', 's3cr3t-value')).toBe(false);
		expect(secretMatches('s3cr3t', 's3cr3t-value')).toBe(false);
		expect(secretMatches('s3cr3t-value-and-more', 's3cr3t-value')).toBe(false);
		expect(secretMatches(undefined, 's3cr3t-value')).toBe(false);
		expect(secretMatches('', '')).toBe(false);
		expect(secretMatches(undefined, '')).toBe(false);
	});
});

describe('the Amili Webhook Secret credential test', () => {
	test('passes a header name and a secret the trigger can compare', () => {
		expect(secretHeaderProblem({ headerName: 'X-Webhook-Secret', secret: 'a' })).toBeUndefined();
		expect(secretHeaderProblem({ headerName: ' x-amili-secret ', secret: 'a' })).toBeUndefined();
	});

	test('names what to fix: a header name no HTTP client can send, or an empty secret', () => {
		expect(secretHeaderProblem({ headerName: 'X Webhook Secret', secret: 'a' })).toMatch(
			/not a valid header name/,
		);
		expect(secretHeaderProblem({ headerName: 'X-Secret:', secret: 'a' })).toMatch(
			/not a valid header name/,
		);
		expect(secretHeaderProblem({ headerName: '', secret: 'a' })).toMatch(/not a valid header name/);
		expect(secretHeaderProblem({ headerName: 'X-Webhook-Secret', secret: '' })).toMatch(
			/secret is empty/,
		);
		expect(secretHeaderProblem({ headerName: 'X-Webhook-Secret' })).toMatch(/secret is empty/);
	});
});
