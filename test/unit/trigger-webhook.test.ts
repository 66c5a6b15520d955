/**
 * The Amili Trigger's pure parts: one shape for Amili's four documented payloads (whose
 * discriminator and organization keys differ), the Events filter, the de-duplication key, the
 * bounded set of seen keys, the shared-secret comparison and its credential's test, and the
 * webhook lifecycle's record of the Production URL.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_KEYS, KeyMemory, rememberKey, storedKeys } from '../../nodes/Amili/trigger/seenKeys';
import { headerValue, secretHeaderProblem, secretMatches } from '../../nodes/Amili/trigger/sharedSecret';
import { endpointRecorded, recordEndpoint, retireEndpoint } from '../../nodes/Amili/trigger/webhookLifecycle';
import { deduplicationKey, filterValueOf, normaliseEvent } from '../../nodes/Amili/trigger/webhookEvent';

const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const headersFor = (event: string, extra: Record<string, string> = {}) => ({
	'content-type': 'application/json',
	'x-amili-event': event,
	idempotencykey: 'key-1',
	'x-amili-request-id': 'req-1',
	...extra,
});

describe('normaliseEvent: the four documented payloads in one shape', () => {
	const envelope = { id: 'evt-1', source: 'COLLECTION', timeStamp: '2025-08-15T11:42:00Z' };
	const batchData = { batchId: 'b-1', organizationId: ORG, status: 'SUCCESS' };
	const settlementData = {
		settlementId: 's-1',
		organizationId: ORG,
		settlementDate: '2025-08-15',
		invoiceId: 'i-1',
		invoiceNumber: '1234567',
		caseNumber: '1234567',
	};
	const caseData = { orgId: ORG, caseId: 'c-1', caseNumber: '5000001', type: 'COLLECTION_NOTICE', status: 'OPEN', invoices: ['i-1'] };
	const caseUpdatedData = { ...caseData, status: 'PAUSED', fields: ['status'] };

	test.each([
		['BATCH_COMPLETED', { ...envelope, type: 'BATCH_COMPLETED', data: batchData }, batchData],
		['SETTLEMENT_CREATED', { ...envelope, type: 'SETTLEMENT_CREATED', data: settlementData }, settlementData],
		['CASE', { ...envelope, eventType: 'CASE', data: caseData }, caseData],
		['CASE_UPDATED', { ...envelope, eventType: 'CASE_UPDATED', data: caseUpdatedData }, caseUpdatedData],
	])('%s', (event, body, data) => {
		expect(normaliseEvent(body, headersFor(event))).toEqual({
			event,
			organizationId: ORG,
			id: 'evt-1',
			timeStamp: '2025-08-15T11:42:00Z',
			source: 'COLLECTION',
			data,
			idempotencyKey: 'key-1',
			requestId: 'req-1',
		});
	});

	test('the event comes from the header first, then type, then eventType', () => {
		expect(normaliseEvent({ type: 'A', eventType: 'B' }, { 'x-amili-event': 'H' }).event).toBe('H');
		expect(normaliseEvent({ type: 'A', eventType: 'B' }, {}).event).toBe('A');
		expect(normaliseEvent({ eventType: 'B' }, {}).event).toBe('B');
		expect(normaliseEvent({}, {}).event).toBeNull();
	});

	test('a case event\'s data.type (the case type) is not taken for the event', () => {
		expect(normaliseEvent({ eventType: 'CASE', data: { type: 'COLLECTION_NOTICE', orgId: ORG } }, {}).event).toBe('CASE');
	});

	test('the organization comes from data.organizationId, data.orgId, or the top level', () => {
		expect(normaliseEvent({ data: { organizationId: 'a', orgId: 'b' } }, {}).organizationId).toBe('a');
		expect(normaliseEvent({ data: { orgId: 'b' } }, {}).organizationId).toBe('b');
		expect(normaliseEvent({ orgId: 'c' }, {}).organizationId).toBe('c');
		expect(normaliseEvent({ data: 'not an object' }, {}).organizationId).toBeNull();
	});

	test('missing fields are null, data is kept as received, headers are read in any case', () => {
		const event = normaliseEvent({ data: [1, 2] }, { IdempotencyKey: 'K', 'X-Amili-Request-Id': 'R' });
		expect(event).toMatchObject({ id: null, timeStamp: null, source: null, data: [1, 2], idempotencyKey: 'K', requestId: 'R' });
	});
});

describe('Events filter and de-duplication key', () => {
	test('documented events by name (any case), everything else under "other"', () => {
		expect(filterValueOf(normaliseEvent({ type: 'BATCH_COMPLETED' }, {}))).toBe('BATCH_COMPLETED');
		expect(filterValueOf(normaliseEvent({ eventType: 'case_updated' }, {}))).toBe('CASE_UPDATED');
		expect(filterValueOf(normaliseEvent({ type: 'INVOICE_CREATED' }, {}))).toBe('other');
		expect(filterValueOf(normaliseEvent({}, {}))).toBe('other');
	});

	test('IdempotencyKey first, else the event id, else none', () => {
		expect(deduplicationKey(normaliseEvent({ id: 'e' }, { idempotencykey: 'k' }))).toBe('key:k');
		expect(deduplicationKey(normaliseEvent({ id: 'e' }, {}))).toBe('id:e');
		expect(deduplicationKey(normaliseEvent({}, {}))).toBeUndefined();
	});
});

describe('rememberKey: the bounded set of seen delivery keys', () => {
	test('a new key is appended; a known one is a duplicate and changes nothing', () => {
		const first = rememberKey([], 'a');
		expect(first).toEqual({ duplicate: false, keys: ['a'] });
		const again = rememberKey(first.keys, 'a');
		expect(again).toEqual({ duplicate: true, keys: ['a'] });
		expect(rememberKey(again.keys, 'b')).toEqual({ duplicate: false, keys: ['a', 'b'] });
	});

	test('keeps the most recent `max` keys: the oldest is forgotten and passes again', () => {
		let keys: string[] = [];
		for (const key of ['a', 'b', 'c', 'd']) keys = rememberKey(keys, key, 3).keys;
		expect(keys).toEqual(['b', 'c', 'd']);
		expect(rememberKey(keys, 'a', 3).duplicate).toBe(false);
		expect(rememberKey(keys, 'b', 3).duplicate).toBe(true);
	});

	test('the default bound is 1,000 and holds over many deliveries', () => {
		let keys: string[] = [];
		for (let i = 0; i < 2500; i++) keys = rememberKey(keys, `k${i}`).keys;
		expect(DEFAULT_MAX_KEYS).toBe(1000);
		expect(keys).toHaveLength(1000);
		expect(keys[0]).toBe('k1500');
		expect(rememberKey(keys, 'k1499').duplicate).toBe(false);
		expect(rememberKey(keys, 'k1500').duplicate).toBe(true);
	});

	test('does not change the list it is given', () => {
		const keys = Object.freeze(['a']) as readonly string[];
		expect(rememberKey(keys, 'b').keys).toEqual(['a', 'b']);
		expect(keys).toEqual(['a']);
	});

	test('storedKeys reads only strings from whatever static data holds', () => {
		expect(storedKeys(undefined)).toEqual([]);
		expect(storedKeys({ a: 1 })).toEqual([]);
		expect(storedKeys(['a', 2, null, 'b'])).toEqual(['a', 'b']);
	});
});

describe('KeyMemory: the same keys in process memory, per trigger', () => {
	test('a key is a duplicate only within its own scope', () => {
		const memory = new KeyMemory();
		expect(memory.checkAndRemember('wf1:node', 'k')).toBe(false);
		expect(memory.checkAndRemember('wf1:node', 'k')).toBe(true);
		expect(memory.checkAndRemember('wf2:node', 'k')).toBe(false);
	});

	test('bounded in keys per scope and in scopes (least recently changed scope goes first)', () => {
		const memory = new KeyMemory(2, 2);
		for (const key of ['a', 'b', 'c']) memory.checkAndRemember('s1', key);
		expect(memory.checkAndRemember('s1', 'a')).toBe(false);
		memory.checkAndRemember('s2', 'x');
		memory.checkAndRemember('s1', 'd');
		memory.checkAndRemember('s3', 'y');
		expect(memory.checkAndRemember('s1', 'd')).toBe(true);
		expect(memory.checkAndRemember('s2', 'x')).toBe(false);
	});
});

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
		expect(secretHeaderProblem({ headerName: 'X Webhook Secret', secret: 'a' })).toMatch(/not a valid header name/);
		expect(secretHeaderProblem({ headerName: 'X-Secret:', secret: 'a' })).toMatch(/not a valid header name/);
		expect(secretHeaderProblem({ headerName: '', secret: 'a' })).toMatch(/not a valid header name/);
		expect(secretHeaderProblem({ headerName: 'X-Webhook-Secret', secret: '' })).toMatch(/secret is empty/);
		expect(secretHeaderProblem({ headerName: 'X-Webhook-Secret' })).toMatch(/secret is empty/);
	});
});

describe('webhook lifecycle: the trigger\'s own record of its Production URL', () => {
	/** What n8n hands the lifecycle methods, as far as they use it; static data survives between calls. */
	function hookContext(staticData: IDataObject, url: string) {
		const warnings: string[] = [];
		const context = {
			getWorkflowStaticData: () => staticData,
			getNodeWebhookUrl: () => url,
			getNode: () => ({ name: 'Amili Trigger' }),
			logger: { warn: (message: string) => warnings.push(message) },
		} as unknown as IHookFunctions;
		return { context, warnings };
	}

	test('first activation: nothing recorded, so n8n calls create, which records the URL', () => {
		const staticData: IDataObject = {};
		const { context, warnings } = hookContext(staticData, 'https://n8n.example/webhook/a/webhook');
		expect(endpointRecorded(context)).toBe(false);
		expect(recordEndpoint(context)).toBe(true);
		expect(staticData.endpoint).toEqual({ url: 'https://n8n.example/webhook/a/webhook', active: true });
		expect(endpointRecorded(context)).toBe(true);
		expect(warnings).toEqual([]);
	});

	test('deactivation keeps the URL and the delivery keys; re-activation at the same URL warns of nothing', () => {
		const staticData: IDataObject = { deliveryKeys: ['k1'] };
		const { context, warnings } = hookContext(staticData, 'https://n8n.example/webhook/a/webhook');
		recordEndpoint(context);
		expect(retireEndpoint(context)).toBe(true);
		expect(staticData).toEqual({ deliveryKeys: ['k1'], endpoint: { url: 'https://n8n.example/webhook/a/webhook', active: false } });
		expect(endpointRecorded(context)).toBe(false);
		recordEndpoint(context);
		expect(warnings).toEqual([]);
	});

	test('a changed Production URL is not taken as recorded, and create says in the log that Amili must be told', () => {
		const staticData: IDataObject = {};
		recordEndpoint(hookContext(staticData, 'https://old.example/webhook/a/webhook').context);
		const { context, warnings } = hookContext(staticData, 'https://new.example/webhook/a/webhook');
		expect(endpointRecorded(context)).toBe(false);
		recordEndpoint(context);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('https://new.example/webhook/a/webhook');
		expect(warnings[0]).toContain('was https://old.example/webhook/a/webhook');
		expect(warnings[0]).toContain('update the webhook address at Amili');
	});

	test('a trigger activated by an earlier release recorded nothing: deactivating it changes nothing', () => {
		const staticData: IDataObject = { deliveryKeys: ['k1'] };
		expect(retireEndpoint(hookContext(staticData, 'https://n8n.example/x').context)).toBe(true);
		expect(staticData).toEqual({ deliveryKeys: ['k1'] });
	});
});
