/** helpers/query.ts: the Get Many filters → Amili's query parameters, with each operation's QUERY map. */
import { QUERY as BATCH_QUERY } from '../../nodes/Amili/actions/batch/getMany.operation';
import { QUERY as CASE_QUERY } from '../../nodes/Amili/actions/case/getMany.operation';
import { QUERY as INVOICE_QUERY } from '../../nodes/Amili/actions/invoice/getMany.operation';
import { QUERY as SETTLEMENT_QUERY } from '../../nodes/Amili/actions/settlement/getMany.operation';
import { filtersToQuery, toUtcDate } from '../../nodes/Amili/helpers/query';

describe('filtersToQuery', () => {
	it("maps every batch filter and option to Amili's parameter names, dropping empty ones", () => {
		expect(
			filtersToQuery(
				{ state: 'PARTIAL', type: ' INVOICE ', idempotencyKey: '', sortDirection: 'DESC' },
				BATCH_QUERY,
			),
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
		expect(
			filtersToQuery({ fromDate: '2025-08-01T00:00:00', toDate: '2025-08-15' }, SETTLEMENT_QUERY),
		).toEqual({
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
		expect(() => filtersToQuery({ from: 'last tuesday' }, INVOICE_QUERY)).toThrow(
			'The filter from is "last tuesday", not a date',
		);
		expect(toUtcDate('2025-02-30T00:00:00Z')).toBeUndefined();
		expect(toUtcDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
	});
});
