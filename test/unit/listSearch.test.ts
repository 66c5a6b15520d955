/**
 * methods/listSearch.ts, in-process against the simulator: the "From List" pickers list the
 * organization's records one Amili page at a time, with names a user can pick by, and filter by
 * what is typed.
 */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import {
	searchBatches,
	searchInvoices,
	searchSettlements,
} from '../../nodes/Amili/methods/listSearch';
import { executeContext, ORG, useSimulator } from './in-process';

const simulator = useSimulator();

const picker = (organizationId: string = ORG) =>
	executeContext(simulator(), {
		parameters: { organizationId },
	}) as unknown as ILoadOptionsFunctions;

const seedNumbered = (n: number) =>
	simulator().seedInvoices(ORG, n, (index) => ({
		invoiceNumber: `INV-${1001 + index}`,
		customerNumber: `C${index % 7}`,
		originalInvoiceAmount: 1500 + index,
		invoiceDate: '2026-03-01',
	}));

describe('searchInvoices', () => {
	test('names each invoice by number, customer, amount, status and date; pages on', async () => {
		const invoices = seedNumbered(60);
		const first = await searchInvoices.call(picker());
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: 'Invoice INV-1001 · customer C0 · 1500 NOK · OPEN · 2026-03-01',
			value: invoices[0].id,
		});
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchInvoices.call(picker(), undefined, first.paginationToken);
		expect(second.results.map((result) => result.value)).toEqual(
			invoices.slice(50).map((invoice) => invoice.id),
		);
		expect(second.paginationToken).toBeUndefined();
	});

	test('a typed invoice number finds its invoice beyond the first page, first in the list', async () => {
		const invoices = seedNumbered(60);
		const { results } = await searchInvoices.call(picker(), 'INV-1056');
		expect(results.map((result) => result.value)).toEqual([invoices[55].id]);
	});

	test('other typed text filters the page: a customer, a part of a number', async () => {
		const invoices = seedNumbered(20);
		const { results } = await searchInvoices.call(picker(), 'customer c3');
		expect(results.map((result) => result.value)).toEqual(
			[3, 10, 17].map((index) => invoices[index].id),
		);
		const partial = await searchInvoices.call(picker(), 'INV-100');
		expect(partial.results).toHaveLength(9);
	});

	test('without a valid Organization ID it asks for one instead of listing', async () => {
		await expect(searchInvoices.call(picker('not-an-org'))).rejects.toThrow(
			'Organization ID "not-an-org" is not a UUID: set it to list its invoices',
		);
	});
});

describe('searchSettlements', () => {
	test('names each settlement by date, amount, invoice and case; pages on', async () => {
		const added = Array.from({ length: 55 }, (_, index) =>
			simulator().addSettlement(ORG, {
				settlementDate: `2026-02-${String(1 + (index % 28)).padStart(2, '0')}`,
				amount: 250 + index,
				invoiceNumber: `INV-${index}`,
				caseNumber: `500${index}`,
			}),
		);
		const first = await searchSettlements.call(picker());
		expect(first.results).toHaveLength(50);
		expect(first.results).toContainEqual({
			name: 'Settlement 2026-02-01 · 250 NOK · invoice INV-0 · case 5000',
			value: added[0].settlementId,
		});
		const second = await searchSettlements.call(picker(), undefined, first.paginationToken);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...first.results, ...second.results].map((result) => result.value))).toEqual(
			new Set(added.map((settlement) => settlement.settlementId)),
		);
		const filtered = await searchSettlements.call(picker(), 'invoice inv-7 ');
		expect(filtered.results.map((result) => result.value)).toEqual([added[7].settlementId]);
	});
});

describe('searchBatches', () => {
	test('names batches by type, status, time and ID, as before', async () => {
		const { results } = await searchBatches.call(picker());
		expect(results).toEqual([]);
	});
});
