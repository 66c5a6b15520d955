/**
 * records/dates.ts: a date is sent on the calendar day the source shows, in every Create. With `Z`
 * as given; with an offset at midnight (n8n's `{{ $today }}` in Europe/Oslo) as the date alone it
 * shows; with an offset at another time as its UTC instant when that is on the same day, else
 * refused naming both days. Fields read as instants (a payment's or correction's `date`) and
 * calendar dates (an invoice's `invoiceDate`, `dueDate`, `collectionNoticeDate`) alike.
 */
import fc from 'fast-check';

import { buildCorrection } from '../../nodes/Amili/records/corrections';
import { readDate } from '../../nodes/Amili/records/dates';
import { buildInvoice } from '../../nodes/Amili/records/invoices';
import { buildPayment } from '../../nodes/Amili/records/payments';
import { Problems, type FieldProblem } from '../../nodes/Amili/records/values';

function read(value: unknown, keepDate: boolean): string | FieldProblem[] {
	const problems = new Problems();
	const date = readDate({ date: value }, 'date', problems, { required: true, keepDate });
	return date ?? (problems.items as FieldProblem[]);
}

describe('readDate: a date-time with an offset keeps the day it shows', () => {
	test.each<[string, string, string]>([
		// [given, read as an instant, read where a date is kept]
		['2025-03-09T00:00:00.000+01:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T00:00:00+01:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T00:00+01:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T00:00:00.000+02:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T00:00:00-05:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T00:00:00+00:00', '2025-03-09T00:00:00Z', '2025-03-09'],
		['2025-03-09T14:00:00+01:00', '2025-03-09T13:00:00Z', '2025-03-09T13:00:00Z'],
		['2025-03-09T23:30:00+01:00', '2025-03-09T22:30:00Z', '2025-03-09T22:30:00Z'],
		['2025-03-09T01:00:00+01:00', '2025-03-09T00:00:00Z', '2025-03-09T00:00:00Z'],
		['2025-03-09T18:59:59-05:00', '2025-03-09T23:59:59Z', '2025-03-09T23:59:59Z'],
		// With Z: exactly as before.
		['2025-03-09T00:00:00Z', '2025-03-09T00:00:00Z', '2025-03-09T00:00:00Z'],
		['2025-03-09T00:00:00.000Z', '2025-03-09T00:00:00Z', '2025-03-09T00:00:00Z'],
		['2025-03-09T23:30:00Z', '2025-03-09T23:30:00Z', '2025-03-09T23:30:00Z'],
		// A date alone, for comparison.
		['2025-03-09', '2025-03-09T00:00:00Z', '2025-03-09'],
		['9.3.2025', '2025-03-09T00:00:00Z', '2025-03-09'],
	])('%p is %p as an instant, %p as a calendar date', (given, instant, calendar) => {
		expect(read(given, false)).toBe(instant);
		expect(read(given, true)).toBe(calendar);
	});

	test.each<[string, string, string]>([
		['2025-03-09T00:30:00+01:00', '2025-03-08', '2025-03-08T23:30:00Z'],
		['2025-03-09T00:59:59.999+01:00', '2025-03-08', '2025-03-08T23:59:59.999Z'],
		['2025-03-09T00:00:00.5+01:00', '2025-03-08', '2025-03-08T23:00:00.500Z'],
		['2025-03-09T23:30:00-05:00', '2025-03-10', '2025-03-10T04:30:00Z'],
		['2025-12-31T23:00:00-02:00', '2026-01-01', '2026-01-01T01:00:00Z'],
	])('%p is refused: UTC puts it on %p', (given, utcDay, instant) => {
		const day = given.slice(0, 10);
		const zone = given.slice(-6);
		for (const keepDate of [false, true]) {
			expect(read(given, keepDate)).toEqual([
				{
					field: 'date',
					problem: `is "${given}", on ${day} at its offset (${zone}) but on ${utcDay} in UTC, as it is sent`,
					fix: `Give the day meant: ${day} for the day shown, or ${instant} for the instant (on ${utcDay} in UTC).`,
				},
			]);
		}
	});

	test('the instant is not offered when UTC puts it outside the years taken', () => {
		expect(read('1900-01-01T00:30:00+01:00', false)).toEqual([
			expect.objectContaining({ fix: 'Give the day meant: 1900-01-01 for the day shown.' }),
		]);
		expect(read('1900-01-01T00:00:00+01:00', false)).toBe('1900-01-01T00:00:00Z');
	});

	test('a Date object is its instant in UTC, as before (it has no offset to read)', () => {
		expect(read(new Date('2025-03-09T00:00:00.000+01:00'), false)).toBe('2025-03-08T23:00:00Z');
		expect(read(new Date('2025-03-09T00:00:00Z'), true)).toBe('2025-03-09T00:00:00Z');
	});

	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	/** Any date-time with a non-Z offset, written as its local time. */
	const offsetDateTime = fc
		.tuple(
			fc.date({ min: new Date('1950-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
			fc.integer({ min: -14 * 4, max: 14 * 4 }).map((quarters) => quarters * 15),
			fc.boolean(),
			fc.boolean(),
		)
		.map(([instant, offsetMinutes, atMidnight, withMs]) => {
			const local = new Date(instant.getTime() + offsetMinutes * 60_000);
			if (atMidnight) local.setUTCHours(0, 0, 0, 0);
			const abs = Math.abs(offsetMinutes);
			const zone = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
			const wall = local.toISOString().slice(0, withMs ? 23 : 19);
			return { text: `${wall}${zone}`, day: wall.slice(0, 10) };
		});

	test('any date-time with an offset is sent on the day it shows, or refused naming both days', () => {
		fc.assert(
			fc.property(offsetDateTime, fc.boolean(), ({ text, day }, keepDate) => {
				const result = read(text, keepDate);
				if (typeof result === 'string') {
					expect(result.slice(0, 10)).toBe(day);
					// What is sent is the instant given, or (at midnight) the date alone it shows.
					const midnight = /T00:00:00(\.000)?[+-]/.test(text);
					if (midnight) expect(result).toBe(keepDate ? day : `${day}T00:00:00Z`);
					else expect(new Date(result).getTime()).toBe(new Date(text).getTime());
				} else {
					expect(result).toHaveLength(1);
					expect(result[0].problem).toContain(`on ${day} at its offset`);
					const utcDay = new Date(text).toISOString().slice(0, 10);
					expect(utcDay).not.toBe(day);
					expect(result[0].problem).toContain(`but on ${utcDay} in UTC`);
				}
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('every Create keeps the day shown', () => {
	const TODAY_OSLO = '2025-03-09T00:00:00.000+01:00';
	const INVOICE_ID = '4f163819-178d-470c-a246-d6768476a6ec';

	test('a payment dated {{ $today }} in Europe/Oslo is paid on that day', () => {
		expect(
			buildPayment({
				invoiceNumber: '10023',
				uniqueSourcePaymentId: 'p-1',
				amount: 100,
				currency: 'NOK',
				date: TODAY_OSLO,
			}).record?.date,
		).toBe('2025-03-09T00:00:00Z');
	});

	test('a correction likewise', () => {
		expect(
			buildCorrection({ invoiceId: INVOICE_ID, amount: -50, currency: 'NOK', date: TODAY_OSLO })
				.record?.date,
		).toBe('2025-03-09T00:00:00Z');
	});

	test("an invoice's calendar dates stay the dates shown", () => {
		expect(
			buildInvoice({
				type: 'NOTICE',
				invoiceNumber: '10023',
				originalInvoiceAmount: 4500,
				currency: 'NOK',
				invoiceDate: '2025-01-15T00:00:00+01:00',
				dueDate: '2025-02-15T00:00:00.000+01:00',
				collectionNoticeDate: '2025-03-01T00:00:00+01:00',
			}).record,
		).toMatchObject({
			invoiceDate: '2025-01-15',
			dueDate: '2025-02-15',
			collectionNoticeDate: '2025-03-01',
		});
	});

	test('each refuses a time that UTC puts on another day, naming the field', () => {
		const late = '2025-03-09T00:30:00+01:00';
		const fields = (check: { problems?: FieldProblem[] }) =>
			check.problems?.map(({ field, problem }) => [field, problem]);
		const problem = `is "${late}", on 2025-03-09 at its offset (+01:00) but on 2025-03-08 in UTC, as it is sent`;
		expect(
			fields(
				buildPayment({
					invoiceNumber: '1',
					uniqueSourcePaymentId: 'p',
					amount: 1,
					currency: 'NOK',
					date: late,
				}),
			),
		).toEqual([['date', problem]]);
		expect(
			fields(buildCorrection({ invoiceId: INVOICE_ID, amount: 1, currency: 'NOK', date: late })),
		).toEqual([['date', problem]]);
		expect(
			fields(
				buildInvoice({
					type: 'NOTICE',
					invoiceNumber: '1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-03-01',
					dueDate: late,
				}),
			),
		).toEqual([['dueDate', problem]]);
	});
});
