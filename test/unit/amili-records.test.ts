/** Invoice and correction validation (Create), and matching a finished batch back to its records. */
import type { BatchResult } from '../../nodes/Amili/engine/batchResult';
import { buildCorrection, prepareCorrections } from '../../nodes/Amili/records/corrections';
import { buildInvoice, prepareInvoices } from '../../nodes/Amili/records/invoices';
import { recordOutcomes } from '../../nodes/Amili/engine/outcomes';
import { describeProblems } from '../../nodes/Amili/records/values';

const INVOICE = {
	type: 'notice',
	invoiceNumber: 10023,
	originalInvoiceAmount: '4500.00',
	currency: 'nok',
	invoiceDate: '2024-01-15',
	dueDate: '2024-02-15T00:00:00+01:00',
};

const INVOICE_ID = '4f163819-178d-470c-a246-d6768476a6ec';
const CORRECTION = { invoiceId: INVOICE_ID, amount: -250.5, currency: 'NOK', date: '2025-03-09' };

function fieldsOf(check: { problems?: Array<{ field: string }> }): string[] {
	return (check.problems ?? []).map(({ field }) => field);
}

describe('buildInvoice', () => {
	it('normalises the visible fields and keeps calendar dates as dates', () => {
		expect(buildInvoice(INVOICE)).toEqual({
			record: {
				type: 'NOTICE',
				invoiceNumber: '10023',
				originalInvoiceAmount: 4500,
				currency: 'NOK',
				invoiceDate: '2024-01-15',
				dueDate: '2024-02-14T23:00:00Z',
			},
		});
	});

	it('passes fields Amili does not show (the debtor) through as given', () => {
		const debtor = { name: 'Ola Nordmann', nationalId: '01010112345' };
		const check = buildInvoice({ ...INVOICE, debtor, vat: 'true', fees: false, collectionNoticeDate: null });
		expect(check.record).toMatchObject({ debtor, vat: true, fees: false });
		expect(check.record).not.toHaveProperty('collectionNoticeDate');
	});

	it('names every field that is missing or wrong', () => {
		expect(fieldsOf(buildInvoice({}))).toEqual(['type', 'invoiceNumber', 'currency', 'originalInvoiceAmount', 'invoiceDate', 'dueDate']);
		expect(
			fieldsOf(
				buildInvoice({
					...INVOICE,
					type: 'a notice',
					originalInvoiceAmount: '4.500,00',
					dueDate: '2024-02-15T10:00',
					collectionNoticeDate: '2024-13-01',
					vat: 'yes',
					description: 5,
				}),
			),
		).toEqual(['type', 'originalInvoiceAmount', 'dueDate', 'collectionNoticeDate', 'vat', 'description']);
		expect(fieldsOf(buildInvoice({ ...INVOICE, originalInvoiceAmount: 0 }))).toEqual(['originalInvoiceAmount']);
		expect(fieldsOf(buildInvoice({ ...INVOICE, originalInvoiceAmount: 10.005 }))).toEqual(['originalInvoiceAmount']);
		expect(fieldsOf(buildInvoice({ ...INVOICE, invoiceDate: '0024-01-15' }))).toEqual(['invoiceDate']);
	});
});

describe('prepareInvoices', () => {
	it('refuses a second invoice with the same invoiceNumber or uniqueSourceInvoiceId in one run', () => {
		const { records, problems } = prepareInvoices([
			{ ...INVOICE, uniqueSourceInvoiceId: 'erp-1' },
			{ ...INVOICE, invoiceNumber: 'B', uniqueSourceInvoiceId: 'erp-1' },
			undefined,
			{ ...INVOICE },
			{ ...INVOICE, invoiceNumber: 'C' },
		]);
		expect(records.map((r) => r?.invoiceNumber)).toEqual(['10023', undefined, undefined, undefined, 'C']);
		expect([...problems.keys()]).toEqual([1, 3]);
		expect(describeProblems(1, problems.get(1) ?? [])).toBe(
			'Item 1: "uniqueSourceInvoiceId" "erp-1" is already used by item 0. Each invoice needs its own uniqueSourceInvoiceId: remove the duplicate item or correct it.',
		);
	});
});

describe('buildCorrection', () => {
	it('accepts both signs and reads a date alone as 00:00 UTC', () => {
		expect(buildCorrection(CORRECTION)).toEqual({
			record: { invoiceId: INVOICE_ID, amount: -250.5, currency: 'NOK', date: '2025-03-09T00:00:00Z' },
		});
		expect(buildCorrection({ ...CORRECTION, amount: '100', description: 'Fee waived', extra: 1 }).record).toEqual({
			invoiceId: INVOICE_ID,
			amount: 100,
			currency: 'NOK',
			date: '2025-03-09T00:00:00Z',
			description: 'Fee waived',
		});
	});

	it('validates every documented field', () => {
		expect(fieldsOf(buildCorrection({}))).toEqual(['invoiceId', 'currency', 'amount', 'date']);
		expect(
			fieldsOf(buildCorrection({ invoiceId: 'INV-1', amount: 0, currency: 'kroner', date: '9 March', description: {} })),
		).toEqual(['invoiceId', 'currency', 'amount', 'date', 'description']);
		expect(fieldsOf(buildCorrection({ ...CORRECTION, amount: 1.234 }))).toEqual(['amount']);
		expect(fieldsOf(buildCorrection({ ...CORRECTION, date: '2025-03-09T14:30:00+15:00' }))).toEqual(['date']);
	});

	it('keeps several corrections of one invoice', () => {
		const { records, problems } = prepareCorrections([CORRECTION, CORRECTION, { amount: 1 }]);
		expect(records.filter(Boolean)).toHaveLength(2);
		expect([...problems.keys()]).toEqual([2]);
	});
});

describe('recordOutcomes', () => {
	const batch = (status: string, succeeded: object[], failed: object[]): BatchResult => ({
		batchId: 'b',
		status,
		final: true,
		succeeded: succeeded as BatchResult['succeeded'],
		failed: failed as BatchResult['failed'],
	});
	const submitted = [{ invoiceNumber: 'A' }, { invoiceNumber: 'B' }, { invoiceNumber: 'C' }];

	it('matches by request index first, then by key field, and reports what Amili gives for successes', () => {
		const outcomes = recordOutcomes(
			batch('PARTIAL', [{ invoiceNumber: 'A', invoiceId: INVOICE_ID, caseId: 'c1' }], [
				{ objectindex: 2, message: 'bad debtor' },
				{ invoiceNumber: 'B', reason: 'duplicate' },
			]),
			submitted,
			['invoiceNumber'],
		);
		expect(outcomes).toEqual([
			{ failed: false, details: { invoiceNumber: 'A', invoiceId: INVOICE_ID, caseId: 'c1' } },
			{ failed: true, reason: 'duplicate' },
			{ failed: true, reason: 'bad debtor' },
		]);
	});

	it('gives unmentioned records the batch\'s fate', () => {
		expect(recordOutcomes(batch('FAILED', [], []), submitted, ['invoiceNumber'])[0]).toEqual({
			failed: true,
			reason: 'The whole batch FAILED at Amili',
		});
		expect(recordOutcomes(batch('SUCCESS', [], []), submitted, [])[0]).toEqual({ failed: false });
	});
});
