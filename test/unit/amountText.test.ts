/**
 * records/amountText.ts and the dates beside it: the Norwegian forms an accountant's export or
 * spreadsheet gives are taken where they have one reading, in every Create (payments, invoices,
 * corrections); forms with two readings are refused with both (`1,250` and `1.250`: 1250 or 1.25);
 * every other form taken before keeps its meaning exactly (saved workflows).
 */
import fc from 'fast-check';

import { readAmountText } from '../../nodes/Amili/records/amountText';
import { buildCorrection } from '../../nodes/Amili/records/corrections';
import { buildInvoice } from '../../nodes/Amili/records/invoices';
import { buildPayment } from '../../nodes/Amili/records/payments';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';
const MINUS = '\u2212';

describe('readAmountText: accepted forms', () => {
	test.each<[string, number]>([
		// Taken before this module, with the same meaning: a lone dot is a decimal point, unless
		// three digits follow it (refused below).
		['1250.50', 1250.5],
		['1.25', 1.25],
		['1.2500', 1.25],
		['0.250', 0.25],
		['1250.500', 1250.5],
		['-0.250', -0.25],
		['0012', 12],
		['+5', 5],
		['-12.50', -12.5],
		// A decimal comma.
		['1250,50', 1250.5],
		['1250,5', 1250.5],
		['0,250', 0.25],
		['1234,567', 1234.567],
		['-1250,50', -1250.5],
		// A space, a no-break space or a narrow no-break space between thousands.
		['1 250,50', 1250.5],
		[`1${NBSP}250,50`, 1250.5],
		[`1${NARROW_NBSP}250,50`, 1250.5],
		[`12${NBSP}345${NBSP}678,90`, 12345678.9],
		['1 250', 1250],
		['1 250.50', 1250.5],
		['-1 250,50', -1250.5],
		[`${MINUS}1${NBSP}250,50`, -1250.5],
		// Dots between thousands, before a decimal comma.
		['1.250,50', 1250.5],
		['1.250.000,00', 1250000],
		['-1.250,50', -1250.5],
	])('%p is %p', (text, value) => {
		expect(readAmountText(text)).toEqual({ value });
	});
});

describe('readAmountText: refused forms, each with what it could mean', () => {
	test.each<[string, RegExp, RegExp]>([
		[
			'1,250',
			/reads as 1250 \(a comma between thousands\) or 1\.25 \(a decimal comma\)/,
			/Write 1250 or 1 250,00 .*1\.25 or 1,25/,
		],
		['-12,500', /reads as -12500 .* or -12\.5 /, /Write -12500 .*-12\.5 or -12,5/],
		[
			'1.250',
			/reads as 1250 \(a dot between thousands\) or 1\.25 \(a decimal point\)/,
			/Write 1250 or 1 250,00 .*1\.25 or 1,25/,
		],
		['12.500', /reads as 12500 .* or 12\.5 /, /Write 12500 or 12 500,00 .*12\.5 or 12,5/],
		['-1.250', /reads as -1250 .* or -1\.25 /, /Write -1250 or -1 250,00 .*-1\.25 or -1,25/],
		['999.000', /reads as 999000 .* or 999 /, /Write 999000 .* 999 for the second/],
		// The decimal reading of 1.234 is written 1.234 too: the fix gives it a fourth decimal.
		['1.234', /reads as 1234 .* or 1\.234 /, /1\.2340 or 1,2340 for the second/],
		['1,234', /reads as 1234 .* or 1\.234 /, /1\.2340 or 1,2340 for the second/],
		['+1.234', /reads as \+1234 .* or 1\.234 /, /1\.2340 or 1,2340 for the second/],
		[
			'1.250.000',
			/dots between thousands but no decimal comma/,
			/Write 1250000, or 1\.250\.000,00/,
		],
		['1,250.50', /not a number/, /dot or a comma for decimals/],
		['1,250,000', /not a number/, /1 250,50/],
		['12 50,00', /not a number/, /space between thousands/],
		['1 250,', /not a number/, /e\.g\./],
		['12,50 kr', /not a number/, /e\.g\./],
		['kr 12,50', /not a number/, /e\.g\./],
		['1e3', /not a number/, /e\.g\./],
		['.5', /not a number/, /e\.g\./],
		[',5', /not a number/, /e\.g\./],
		['5.', /not a number/, /e\.g\./],
		['- 5', /not a number/, /e\.g\./],
		['', /not a number/, /e\.g\./],
	])('%p', (text, problem, fix) => {
		const result = readAmountText(text);
		expect(result).toEqual({
			problem: expect.stringMatching(problem),
			fix: expect.stringMatching(fix),
		});
	});

	test('forms taken before keep their meaning: plain dot decimals read as Number reads them', () => {
		fc.assert(
			fc.property(
				fc
					.stringMatching(/^[+-]?\d{1,12}(\.\d{1,6})?$/)
					.filter((text) => !/^[+-]?[1-9]\d{0,2}\.\d{3}$/.test(text)),
				(text) => {
					expect(readAmountText(text)).toEqual({ value: Number(text) });
				},
			),
			{ numRuns: 2000 },
		);
	});

	test('a lone dot or comma before three digits is refused with both readings, and each fix reads as it says', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^[+-]?[1-9]\d{0,2}[.,]\d{3}$/),
				fc.constantFrom(' ', NBSP),
				(text, space) => {
					const result = readAmountText(text);
					if (!('problem' in result)) throw new Error(`${text} was taken as ${result.value}`);
					const [, thousands, decimal] = /reads as (\S+) .* or (\S+) \(/.exec(result.problem) ?? [];
					expect(Number(thousands)).toBe(Number(text.replace(/[.,]/, '')));
					expect(Number(decimal)).toBe(Number(text.replace(',', '.')));
					// Every form the fix offers has one reading: the one it is offered for.
					const [first, second] = result.fix
						.replace(/^Write /, '')
						.split(' for the first reading, ');
					for (const form of first.split(' or '))
						expect(readAmountText(form.replace(' ', space))).toEqual({ value: Number(thousands) });
					for (const form of second.replace(/ for the second\.$/, '').split(' or '))
						expect(readAmountText(form)).toEqual({ value: Number(decimal) });
				},
			),
			{ numRuns: 2000 },
		);
	});

	test('an amount written the Norwegian way reads as the amount (separators drawn at random)', () => {
		const separator = fc.constantFrom(' ', NBSP, NARROW_NBSP, '.');
		fc.assert(
			fc.property(fc.integer({ min: 1000, max: 2 ** 40 }), separator, (minor, between) => {
				const whole = String(Math.floor(minor / 100)).replace(/\B(?=(\d{3})+$)/g, between);
				const text = `${whole},${String(minor % 100).padStart(2, '0')}`;
				expect(readAmountText(text)).toEqual({ value: minor / 100 });
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('every Create takes the Norwegian forms the same way', () => {
	const ID = '4f163819-178d-470c-a246-d6768476a6ec';

	test('a payment', () => {
		expect(
			buildPayment({
				invoiceNumber: '10023',
				uniqueSourcePaymentId: '2503091234567',
				amount: `1${NBSP}250,50`,
				currency: 'NOK',
				date: '9.3.2025',
			}).record,
		).toMatchObject({ amount: 1250.5, date: '2025-03-09T00:00:00Z' });
	});

	test('an invoice: calendar dates stay dates', () => {
		expect(
			buildInvoice({
				type: 'NOTICE',
				invoiceNumber: '10023',
				originalInvoiceAmount: '4.500,00',
				currency: 'NOK',
				invoiceDate: '15.01.2024',
				dueDate: '15.2.2024',
				collectionNoticeDate: '1.3.2024',
			}).record,
		).toMatchObject({
			originalInvoiceAmount: 4500,
			invoiceDate: '2024-01-15',
			dueDate: '2024-02-15',
			collectionNoticeDate: '2024-03-01',
		});
	});

	test('a correction, negative', () => {
		expect(
			buildCorrection({ invoiceId: ID, amount: '-1 250,50', currency: 'NOK', date: '09.03.2025' })
				.record,
		).toMatchObject({ amount: -1250.5, date: '2025-03-09T00:00:00Z' });
	});

	test('the ambiguous forms are refused by each, naming both readings', () => {
		const payment = buildPayment({
			invoiceNumber: '1',
			uniqueSourcePaymentId: 'p',
			amount: '1,250',
			currency: 'NOK',
			date: '03/09/2025',
		});
		expect(payment.problems).toEqual([
			{
				field: 'amount',
				problem:
					'is "1,250", which reads as 1250 (a comma between thousands) or 1.25 (a decimal comma)',
				fix: 'Write 1250 or 1 250,00 for the first reading, 1.25 or 1,25 for the second.',
			},
			{
				field: 'date',
				problem: 'is "03/09/2025", with slashes: day first in some sources, month first in others',
				fix: 'Write the date meant as 2025-09-03 (day first, 3.9.2025) or as 2025-03-09 (month first, 9.3.2025).',
			},
		]);
		expect(
			buildInvoice({
				type: 'NOTICE',
				invoiceNumber: '1',
				originalInvoiceAmount: '4,500',
				currency: 'NOK',
				invoiceDate: '25/12/2024',
				dueDate: '2025-01-15',
			}).problems?.map(({ field, fix }) => [field, fix]),
		).toEqual([
			['originalInvoiceAmount', expect.stringContaining('4500 or 4 500,00')],
			['invoiceDate', 'Write the date meant as 2024-12-25 (day first, 25.12.2024).'],
		]);
		expect(
			buildCorrection({ invoiceId: ID, amount: '-1,250', currency: 'NOK', date: '2025-03-09' })
				.problems?.[0].problem,
		).toContain('reads as -1250');
	});

	test('a lone dot before three digits is refused by each: whole amounts never go as a thousandth', () => {
		expect(
			buildPayment({
				invoiceNumber: '1',
				uniqueSourcePaymentId: 'p',
				amount: '12.500',
				currency: 'NOK',
				date: '2025-03-09',
			}).problems,
		).toEqual([
			{
				field: 'amount',
				problem:
					'is "12.500", which reads as 12500 (a dot between thousands) or 12.5 (a decimal point)',
				fix: 'Write 12500 or 12 500,00 for the first reading, 12.5 or 12,5 for the second.',
			},
		]);
		expect(
			buildInvoice({
				type: 'NOTICE',
				invoiceNumber: '1',
				originalInvoiceAmount: '4.500',
				currency: 'NOK',
				invoiceDate: '2025-01-15',
				dueDate: '2025-02-15',
			}).problems?.map(({ field, problem }) => [field, problem]),
		).toEqual([['originalInvoiceAmount', expect.stringContaining('reads as 4500 ')]]);
		expect(
			buildCorrection({ invoiceId: ID, amount: '-1.250', currency: 'NOK', date: '2025-03-09' })
				.problems?.[0].problem,
		).toContain('reads as -1250 (a dot between thousands) or -1.25 (a decimal point)');
	});
});
