/**
 * records/prepareRecords.ts: one duplicate rule for every record kind — a repeated unique field is
 * refused, also after an item refused for another reason — and corrections, whose twins are
 * legitimate, have none.
 */
import { prepareCorrections } from '../../nodes/Amili/records/corrections';
import { prepareInvoices } from '../../nodes/Amili/records/invoices';
import { preparePayments } from '../../nodes/Amili/records/payments';

const payment = (id: string, amount: unknown = 100) => ({
	invoiceNumber: 'INV-1',
	uniqueSourcePaymentId: id,
	amount,
	currency: 'NOK',
	date: '2025-03-09',
});
const invoice = (invoiceNumber: string, uniqueSourceInvoiceId?: string, amount: unknown = 500) => ({
	type: 'NOTICE',
	invoiceNumber,
	...(uniqueSourceInvoiceId && { uniqueSourceInvoiceId }),
	originalInvoiceAmount: amount,
	currency: 'NOK',
	invoiceDate: '2025-03-01',
	dueDate: '2025-03-15',
});
const correction = (amount: number) => ({
	invoiceId: '4f163819-178d-470c-a246-d6768476a6ec',
	amount,
	currency: 'NOK',
	date: '2025-03-09',
});

const fieldsOf = (problems: Map<number, Array<{ field: string; problem: string }>>) =>
	[...problems].map(([item, list]) => [item, list.map((p) => `${p.field}: ${p.problem}`)]);

describe('one duplicate rule for every record kind', () => {
	test('payments: a repeated uniqueSourcePaymentId is refused, naming the first item', () => {
		const { records, problems } = preparePayments([payment('A'), payment('B'), payment('A')]);
		expect(records.map((r) => r?.uniqueSourcePaymentId)).toEqual(['A', 'B', undefined]);
		expect(fieldsOf(problems)).toEqual([
			[2, ['uniqueSourcePaymentId: "A" is already used by item 0']],
		]);
	});

	test('payments: an item refused for another reason still claims its ID', () => {
		const { records, problems } = preparePayments([payment('A', 'ten'), payment('A')]);
		expect(records).toEqual([undefined, undefined]);
		expect(fieldsOf(problems)[1]).toEqual([
			1,
			['uniqueSourcePaymentId: "A" is already used by item 0'],
		]);
	});

	test('invoices: invoiceNumber and uniqueSourceInvoiceId are each unique in the run', () => {
		const prepared = prepareInvoices([
			invoice('1', 'erp-1'),
			invoice('1', 'erp-2'),
			invoice('3', 'erp-1'),
			invoice('4'),
		]);
		expect(prepared.records.map((r) => r?.invoiceNumber)).toEqual(['1', undefined, undefined, '4']);
		expect(fieldsOf(prepared.problems)).toEqual([
			[1, ['invoiceNumber: "1" is already used by item 0']],
			[2, ['uniqueSourceInvoiceId: "erp-1" is already used by item 0']],
		]);
	});

	test('invoices: an item refused for another reason still claims its invoice number', () => {
		const { problems } = prepareInvoices([invoice('7', undefined, 'lots'), invoice('7')]);
		expect(fieldsOf(problems)[1]).toEqual([1, ['invoiceNumber: "7" is already used by item 0']]);
	});

	test('corrections: two of one invoice in a run are both kept', () => {
		const { records, problems } = prepareCorrections([correction(-100), correction(-100)]);
		expect(records.filter(Boolean)).toHaveLength(2);
		expect(problems.size).toBe(0);
	});
});
