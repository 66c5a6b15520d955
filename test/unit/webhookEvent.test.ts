/**
 * trigger/webhook/webhookEvent.ts: one shape for Amili's four documented payloads (whose discriminator and
 * organization keys differ), the Events filter and the de-duplication key.
 */
import {
	deduplicationKey,
	filterValueOf,
	normaliseEvent,
} from '../../nodes/Amili/trigger/webhook/webhookEvent';

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
	const caseData = {
		orgId: ORG,
		caseId: 'c-1',
		caseNumber: '5000001',
		type: 'COLLECTION_NOTICE',
		status: 'OPEN',
		invoices: ['i-1'],
	};
	const caseUpdatedData = { ...caseData, status: 'PAUSED', fields: ['status'] };

	test.each([
		['BATCH_COMPLETED', { ...envelope, type: 'BATCH_COMPLETED', data: batchData }, batchData],
		[
			'SETTLEMENT_CREATED',
			{ ...envelope, type: 'SETTLEMENT_CREATED', data: settlementData },
			settlementData,
		],
		['CASE', { ...envelope, eventType: 'CASE', data: caseData }, caseData],
		[
			'CASE_UPDATED',
			{ ...envelope, eventType: 'CASE_UPDATED', data: caseUpdatedData },
			caseUpdatedData,
		],
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

	test("a case event's data.type (the case type) is not taken for the event", () => {
		expect(
			normaliseEvent({ eventType: 'CASE', data: { type: 'COLLECTION_NOTICE', orgId: ORG } }, {})
				.event,
		).toBe('CASE');
	});

	test('the organization comes from data.organizationId, data.orgId, or the top level', () => {
		expect(normaliseEvent({ data: { organizationId: 'a', orgId: 'b' } }, {}).organizationId).toBe(
			'a',
		);
		expect(normaliseEvent({ data: { orgId: 'b' } }, {}).organizationId).toBe('b');
		expect(normaliseEvent({ orgId: 'c' }, {}).organizationId).toBe('c');
		expect(normaliseEvent({ data: 'not an object' }, {}).organizationId).toBeNull();
	});

	test('missing fields are null, data is kept as received, headers are read in any case', () => {
		const event = normaliseEvent(
			{ data: [1, 2] },
			{ IdempotencyKey: 'K', 'X-Amili-Request-Id': 'R' },
		);
		expect(event).toMatchObject({
			id: null,
			timeStamp: null,
			source: null,
			data: [1, 2],
			idempotencyKey: 'K',
			requestId: 'R',
		});
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
