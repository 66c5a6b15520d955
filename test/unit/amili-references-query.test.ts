/** The pure parts of the Amili node's read operations: batch and record references, filters → query, simplify. */
import { QUERY as BATCH_QUERY } from '../../nodes/Amili/actions/batch/getMany.operation';
import { QUERY as CASE_QUERY } from '../../nodes/Amili/actions/case/getMany.operation';
import { QUERY as INVOICE_QUERY } from '../../nodes/Amili/actions/invoice/getMany.operation';
import { QUERY as SETTLEMENT_QUERY } from '../../nodes/Amili/actions/settlement/getMany.operation';
import { filtersToQuery, toUtcDate } from '../../nodes/Amili/helpers/query';
import { batchReference, recordId } from '../../nodes/Amili/records/references';
import { simplifyBatch, unwrapData } from '../../nodes/Amili/helpers/simplify';

const BATCH = 'ae257e86-dc53-4865-9c97-5b125a3a5ac2';
const ORG = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('batchReference', () => {
	it.each([
		[BATCH, { id: BATCH }],
		[`  ${BATCH.toUpperCase()} `, { id: BATCH.toUpperCase() }],
		[`https://api.amili.no/collection/v1/batches/${BATCH}`, { id: BATCH }],
		[`https://api.staging.amili.no/collection/v1/batches/${BATCH}/`, { id: BATCH }],
		[`http://127.0.0.1:4010/collection/v1/batches/${BATCH}?x=1`, { id: BATCH }],
		[`https://api.amili.no/collection/v1/orgs/${ORG}/batches/${BATCH}`, { id: BATCH, organizationId: ORG }],
	])('reads %s', (input, expected) => {
		expect(batchReference(input)).toEqual(expected);
	});

	it.each([
		['', /No batch/],
		[undefined, /No batch/],
		['not-a-batch', /neither a batch ID/],
		[`https://api.amili.no/collection/v1/invoices/${BATCH}`, /neither a batch ID/],
		[`/collection/v1/batches/${BATCH}`, /neither a batch ID/],
		['https://api.amili.no/collection/v1/batches/1234', /not a batch ID/],
		[`${BATCH}x`, /neither a batch ID/],
	])('refuses %s', (input, problem) => {
		const reference = batchReference(input);
		expect('problem' in reference && reference.problem).toMatch(problem);
	});
});

describe('recordId', () => {
	it('accepts a UUID and trims it', () => {
		expect(recordId(` ${BATCH} `, 'invoice')).toEqual({ id: BATCH });
	});
	it('names the record in its problem', () => {
		expect(recordId('', 'invoice')).toEqual({ problem: 'No invoice ID was given' });
		expect(recordId('INV-1', 'settlement')).toEqual({ problem: 'The settlement ID "INV-1" is not a UUID' });
	});
});

describe('filtersToQuery', () => {
	it('maps every batch filter and option to Amili\'s parameter names, dropping empty ones', () => {
		expect(
			filtersToQuery({ state: 'PARTIAL', type: ' INVOICE ', idempotencyKey: '', sortDirection: 'DESC' }, BATCH_QUERY),
		).toEqual({ State: 'PARTIAL', Type: 'INVOICE', SortDirection: 'DESC' });
		expect(filtersToQuery({}, BATCH_QUERY)).toEqual({});
	});

	it('sends invoice From/To as UTC date-times, reading a zoneless picker value as UTC', () => {
		expect(
			filtersToQuery(
				{
					status: 'OPEN',
					type: 'NOTICE',
					invoiceNumber: 'INV-1',
					uniqueSourceInvoiceId: 'erp-1',
					customerNumber: 'C-9',
					from: '2025-03-01T00:00:00',
					to: '2025-03-31T23:59:59+02:00',
				},
				INVOICE_QUERY,
			),
		).toEqual({
			Status: 'OPEN',
			Type: 'NOTICE',
			InvoiceNumber: 'INV-1',
			UniqueSourceInvoiceId: 'erp-1',
			CustomerNumber: 'C-9',
			From: '2025-03-01T00:00:00Z',
			To: '2025-03-31T21:59:59Z',
		});
	});

	it('sends settlement dates as lower-case fromDate/toDate in YYYY-MM-DD', () => {
		expect(filtersToQuery({ fromDate: '2025-08-01T00:00:00', toDate: '2025-08-15' }, SETTLEMENT_QUERY)).toEqual({
			fromDate: '2025-08-01',
			toDate: '2025-08-15',
		});
	});

	it('maps every case filter', () => {
		expect(
			filtersToQuery(
				{
					status: 'OPEN',
					type: 'COLLECTION_NOTICE',
					caseNumber: '5000001',
					customerNumber: 'C-1',
					uniqueSourceInvoiceId: 'erp-1',
					searchTerm: 'Hansen',
					fromCreatedAt: '2025-01-01T00:00:00.000Z',
					toCreatedAt: '2025-12-31',
				},
				CASE_QUERY,
			),
		).toEqual({
			Status: 'OPEN',
			Type: 'COLLECTION_NOTICE',
			CaseNumber: '5000001',
			CustomerNumber: 'C-1',
			UniqueSourceInvoiceId: 'erp-1',
			SearchTerm: 'Hansen',
			FromCreatedAt: '2025-01-01T00:00:00Z',
			ToCreatedAt: '2025-12-31T00:00:00Z',
		});
	});

	it('refuses a date filter that is no date, naming it', () => {
		expect(() => filtersToQuery({ from: 'last tuesday' }, INVOICE_QUERY)).toThrow('The filter from is "last tuesday", not a date');
		expect(toUtcDate('2025-02-30T00:00:00Z')).toBeUndefined();
		expect(toUtcDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
	});
});

describe('simplifyBatch and unwrapData', () => {
	it('replaces succeeded/failed by their counts and keeps the rest', () => {
		expect(simplifyBatch({ batchId: BATCH, status: 'PARTIAL', succeeded: [{}, {}], failed: [{}] })).toEqual({
			batchId: BATCH,
			status: 'PARTIAL',
			succeededCount: 2,
			failedCount: 1,
		});
		expect(simplifyBatch({ batchId: BATCH })).toEqual({ batchId: BATCH, succeededCount: 0, failedCount: 0 });
	});

	it('unwraps Amili\'s { summary, data } envelope, and only an object data', () => {
		expect(unwrapData({ summary: { status: 'SUCCESS' }, data: { id: 1 } })).toEqual({ id: 1 });
		expect(unwrapData({ data: [1, 2] })).toEqual({ data: [1, 2] });
		expect(unwrapData(undefined)).toEqual({});
	});
});
