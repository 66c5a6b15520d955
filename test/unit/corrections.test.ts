/** records/corrections.ts: correction validation for Correction → Create. */
import { buildCorrection, prepareCorrections } from '../../nodes/Amili/records/corrections';

const INVOICE_ID = '4f163819-178d-470c-a246-d6768476a6ec';
const CORRECTION = { invoiceId: INVOICE_ID, amount: -250.5, currency: 'NOK', date: '2025-03-09' };

function fieldsOf(check: { problems?: Array<{ field: string }> }): string[] {
	return (check.problems ?? []).map(({ field }) => field);
}

describe('buildCorrection', () => {
	it('accepts both signs and reads a date alone as 00:00 UTC', () => {
		expect(buildCorrection(CORRECTION)).toEqual({
			record: {
				invoiceId: INVOICE_ID,
				amount: -250.5,
				currency: 'NOK',
				date: '2025-03-09T00:00:00Z',
			},
		});
		expect(
			buildCorrection({ ...CORRECTION, amount: '100', description: 'Fee waived', extra: 1 }).record,
		).toEqual({
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
			fieldsOf(
				buildCorrection({
					invoiceId: 'INV-1',
					amount: 0,
					currency: 'kroner',
					date: '9 March',
					description: {},
				}),
			),
		).toEqual(['invoiceId', 'currency', 'amount', 'date', 'description']);
		expect(fieldsOf(buildCorrection({ ...CORRECTION, amount: 1.234 }))).toEqual(['amount']);
		expect(fieldsOf(buildCorrection({ ...CORRECTION, date: '2025-03-09T14:30:00+15:00' }))).toEqual(
			['date'],
		);
	});

	it('keeps several corrections of one invoice', () => {
		const { records, problems } = prepareCorrections([CORRECTION, CORRECTION, { amount: 1 }]);
		expect(records.filter(Boolean)).toHaveLength(2);
		expect([...problems.keys()]).toEqual([2]);
	});
});
