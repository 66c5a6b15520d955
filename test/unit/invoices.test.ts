/** records/invoices.ts: invoice validation for Invoice → Create, one item and across a run. */
import { buildInvoice, prepareInvoices } from '../../nodes/Amili/records/invoices';
import { describeProblems } from '../../nodes/Amili/records/values';

const INVOICE = {
	type: 'notice',
	invoiceNumber: 10023,
	originalInvoiceAmount: '4500.00',
	currency: 'nok',
	invoiceDate: '2024-01-15',
	dueDate: '2024-02-15T00:00:00+01:00',
};

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
				// 00:00 at +01:00 is the date alone it shows, not 23:00 UTC on 14 February.
				dueDate: '2024-02-15',
			},
		});
	});

	it('passes fields Amili does not show (the debtor) through as given', () => {
		const debtor = { name: 'Ola Nordmann', nationalId: '01010112345' };
		const check = buildInvoice({
			...INVOICE,
			debtor,
			vat: 'true',
			fees: false,
			collectionNoticeDate: null,
		});
		expect(check.record).toMatchObject({ debtor, vat: true, fees: false });
		expect(check.record).not.toHaveProperty('collectionNoticeDate');
	});

	it('names every field that is missing or wrong', () => {
		expect(fieldsOf(buildInvoice({}))).toEqual([
			'type',
			'invoiceNumber',
			'currency',
			'originalInvoiceAmount',
			'invoiceDate',
			'dueDate',
		]);
		expect(
			fieldsOf(
				buildInvoice({
					...INVOICE,
					type: 'a notice',
					originalInvoiceAmount: '4,500',
					dueDate: '2024-02-15T10:00',
					collectionNoticeDate: '2024-13-01',
					vat: 'yes',
					description: 5,
				}),
			),
		).toEqual([
			'type',
			'originalInvoiceAmount',
			'dueDate',
			'collectionNoticeDate',
			'vat',
			'description',
		]);
		expect(fieldsOf(buildInvoice({ ...INVOICE, originalInvoiceAmount: 0 }))).toEqual([
			'originalInvoiceAmount',
		]);
		expect(fieldsOf(buildInvoice({ ...INVOICE, originalInvoiceAmount: 10.005 }))).toEqual([
			'originalInvoiceAmount',
		]);
		expect(fieldsOf(buildInvoice({ ...INVOICE, invoiceDate: '0024-01-15' }))).toEqual([
			'invoiceDate',
		]);
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
		expect(records.map((r) => r?.invoiceNumber)).toEqual([
			'10023',
			undefined,
			undefined,
			undefined,
			'C',
		]);
		expect([...problems.keys()]).toEqual([1, 3]);
		expect(describeProblems(1, problems.get(1) ?? [])).toBe(
			'Item 1: "uniqueSourceInvoiceId" "erp-1" is already used by item 0. Each invoice needs its own uniqueSourceInvoiceId: remove the duplicate item or correct it.',
		);
	});
});
