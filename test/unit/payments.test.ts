/**
 * Example-based checks of every rule buildPayment / preparePayments document, both sides of each
 * boundary. The rules are the node's own (Amili documents field names and types only), so these
 * tests pin what docs/payment-node.md promises users.
 */
import {
	buildPayment,
	describeProblems,
	describeValue,
	PAYMENT_FIELDS,
	preparePayments,
	type AmiliPayment,
	type FieldProblem,
} from '../../nodes/Amili/records/payments';
import { currencyMinorUnits } from '../../nodes/Amili/records/currencies';
import type { RecordCheck } from '../../nodes/Amili/records/values';

type PaymentCheck = RecordCheck<AmiliPayment>;

const VALID = {
	invoiceNumber: 'INV-2025-001',
	uniqueSourcePaymentId: 'bank-tx-1',
	amount: 1250.5,
	currency: 'NOK',
	date: '2025-03-09T14:30:00Z',
} as const;

function accepted(check: PaymentCheck): AmiliPayment {
	if (!check.record) {
		throw new Error(`expected a payment, got problems: ${JSON.stringify(check.problems)}`);
	}
	return check.record;
}

function refused(check: PaymentCheck): FieldProblem[] {
	if (!check.problems)
		throw new Error(`expected problems, got payment: ${JSON.stringify(check.record)}`);
	expect(check.record).toBeUndefined();
	expect(check.problems.length).toBeGreaterThan(0);
	return check.problems;
}

/** Build with one field changed (undefined deletes it). */
function withField(field: string, value: unknown): PaymentCheck {
	const source: Record<string, unknown> = { ...VALID };
	if (value === undefined) delete source[field];
	else source[field] = value;
	return buildPayment(source);
}

function fieldsOf(problems: FieldProblem[]): string[] {
	return problems.map((p) => p.field);
}

describe('buildPayment: a complete item', () => {
	test('becomes a payment with the documented keys in the documented order', () => {
		const payment = accepted(
			buildPayment({
				description: 'Paid by bank transfer',
				date: '2025-03-09T14:30:00Z',
				currency: 'NOK',
				amount: 1250.5,
				type: 'DIRECT_PAYMENT',
				uniqueSourcePaymentId: 'bank-tx-1',
				invoiceNumber: 'INV-1',
				invoiceId: '4f163819-178d-470c-a246-d6768476a6ec',
			}),
		);
		expect(Object.keys(payment)).toEqual([...PAYMENT_FIELDS]);
		expect(payment).toEqual({
			invoiceId: '4f163819-178d-470c-a246-d6768476a6ec',
			invoiceNumber: 'INV-1',
			uniqueSourcePaymentId: 'bank-tx-1',
			type: 'DIRECT_PAYMENT',
			amount: 1250.5,
			currency: 'NOK',
			date: '2025-03-09T14:30:00Z',
			description: 'Paid by bank transfer',
		});
	});

	test('omits empty optional fields entirely (no undefined, null or empty-string keys)', () => {
		const payment = accepted(
			buildPayment({ ...VALID, invoiceId: '', type: null, description: '   ', extra: 'ignored' }),
		);
		expect(Object.keys(payment)).toEqual([
			'invoiceNumber',
			'uniqueSourcePaymentId',
			'amount',
			'currency',
			'date',
		]);
		expect('invoiceId' in payment).toBe(false);
		expect('type' in payment).toBe(false);
		expect('description' in payment).toBe(false);
		expect('extra' in payment).toBe(false);
	});

	test('ignores fields Amili does not have', () => {
		const payment = accepted(
			buildPayment({ ...VALID, organizationId: 'x', customer: { name: 'A' } }),
		);
		for (const key of Object.keys(payment)) expect(PAYMENT_FIELDS).toContain(key);
	});

	test('an empty item lists every required field as a problem', () => {
		const fields = fieldsOf(refused(buildPayment({})));
		expect(fields).toEqual(
			expect.arrayContaining(['invoiceId', 'uniqueSourcePaymentId', 'amount', 'currency', 'date']),
		);
		expect(fields).not.toContain('description');
		expect(fields).not.toContain('type');
	});
});

describe('buildPayment: amount', () => {
	test.each<[unknown, number]>([
		[1250.5, 1250.5],
		[100, 100],
		['1250.50', 1250.5],
		['  99.9  ', 99.9],
		['+5', 5],
		['0012', 12],
		[0.01, 0.01],
	])('accepts %p as %p', (amount, expected) => {
		expect(accepted(withField('amount', amount)).amount).toBe(expected);
	});

	test('normalises float noise: 0.1 + 0.2 becomes 0.3', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(accepted(withField('amount', 0.1 + 0.2)).amount).toBe(0.3);
		expect(accepted(withField('amount', '0.30000000000000004')).amount).toBe(0.3);
	});

	test.each<[unknown, string]>([
		['1,250.50', 'not a number'],
		['12 50,00', 'not a number'],
		['1 250,', 'not a number'],
		['1e3', 'not a number'],
		['.5', 'not a number'],
		['5.', 'not a number'],
		['abc', 'not a number'],
		[true, 'not a number'],
		[{ value: 1 }, 'not a number'],
		[[1], 'not a number'],
	])('refuses %p (%s)', (amount, words) => {
		const problems = refused(withField('amount', amount));
		expect(problems).toHaveLength(1);
		expect(problems[0].field).toBe('amount');
		expect(problems[0].problem).toContain(words);
	});

	test('text that is no number is refused with the forms that are taken', () => {
		const [problem] = refused(withField('amount', '12,50 kr'));
		expect(problem.problem).toBe('is "12,50 kr", not a number');
		expect(problem.fix).toMatch(/dot or a comma for decimals.*1 250,50/);
	});

	test.each([NaN, Infinity, -Infinity])('refuses %p as not finite', (amount) => {
		const [problem] = refused(withField('amount', amount));
		expect(problem.field).toBe('amount');
		expect(problem.fix).toMatch(/finite number/);
	});

	test.each<unknown>([0, -0, '0', '0.00', -1, '-12.50', -0.01])(
		'refuses %p as not positive',
		(amount) => {
			const [problem] = refused(withField('amount', amount));
			expect(problem.field).toBe('amount');
			expect(problem.problem).toContain('not a positive amount');
			expect(problem.fix).toMatch(/greater than 0/);
		},
	);

	test.each<unknown>([undefined, null, '', '   '])('refuses missing amount %p', (amount) => {
		const [problem] = refused(withField('amount', amount));
		expect(problem).toMatchObject({ field: 'amount', problem: 'is missing' });
	});

	test('NOK: 2 decimals accepted, 3 refused', () => {
		expect(accepted(withField('amount', 10.25)).amount).toBe(10.25);
		expect(accepted(withField('amount', '10.25')).amount).toBe(10.25);
		const [problem] = refused(withField('amount', 10.255));
		expect(problem.problem).toContain('more decimals than NOK has (2)');
		expect(problem.fix).toBe('Round the amount to 2 decimals.');
		refused(withField('amount', '1.005'));
	});

	test('a third decimal that is zero is not a third decimal', () => {
		expect(accepted(withField('amount', '0.250')).amount).toBe(0.25);
		expect(accepted(withField('amount', '1250.250')).amount).toBe(1250.25);
		expect(accepted(withField('amount', '10.2500')).amount).toBe(10.25);
	});

	test('"10.250" is refused: it may be 10250 with a dot between thousands', () => {
		expect(refused(withField('amount', '10.250'))[0].problem).toBe(
			'is "10.250", which reads as 10250 (a dot between thousands) or 10.25 (a decimal point)',
		);
	});

	test('JPY: 0 decimals', () => {
		const jpy = (amount: unknown) => buildPayment({ ...VALID, currency: 'JPY', amount });
		expect(accepted(jpy(1500)).amount).toBe(1500);
		expect(accepted(jpy('1500.0')).amount).toBe(1500);
		const [problem] = refused(jpy(1500.5));
		expect(problem.problem).toContain('more decimals than JPY has (0)');
		expect(problem.fix).toBe('Round the amount to 0 decimals.');
	});

	test('KWD: 3 decimals accepted, 4 refused', () => {
		const kwd = (amount: unknown) => buildPayment({ ...VALID, currency: 'KWD', amount });
		expect(accepted(kwd(10.125)).amount).toBe(10.125);
		expect(accepted(kwd('0.001')).amount).toBe(0.001);
		expect(refused(kwd(10.1255))[0].problem).toContain('more decimals than KWD has (3)');
	});

	test('too large: beyond safe integer minor units is refused; just below is accepted', () => {
		const [problem] = refused(withField('amount', 1e14));
		expect(problem.problem).toContain('too large');
		refused(withField('amount', 1e300));
		refused(withField('amount', '9'.repeat(400))); // parses to Infinity
		expect(accepted(withField('amount', 90_000_000_000_000)).amount).toBe(90_000_000_000_000);
		expect(
			accepted(buildPayment({ ...VALID, currency: 'JPY', amount: Number.MAX_SAFE_INTEGER })).amount,
		).toBe(Number.MAX_SAFE_INTEGER);
		refused(buildPayment({ ...VALID, currency: 'JPY', amount: Number.MAX_SAFE_INTEGER + 2 }));
	});

	test('amounts with 2 decimals up to 2^33 minor units (~85.9 million NOK) are accepted exactly', () => {
		for (const amount of [85_899_345.91, 12_345_678.99, 999_999.99, 70_000_000.07]) {
			expect(accepted(withField('amount', amount)).amount).toBe(amount);
		}
	});

	// BUG: the decimals check compares amount*10^decimals to its rounding with an absolute
	// tolerance of 1e-6, but above ~2^33 minor units the float product's own error exceeds 1e-6.
	// Valid 2-decimal NOK amounts from ~86 million up are then refused (about 1 in 10 of them) as
	// having "more decimals than NOK has (2)". Same for KWD above ~16.7 million and CLF above ~1 million.
	test('fixed bug: 134278618.48 NOK (two decimals) is accepted', () => {
		expect(accepted(withField('amount', 134278618.48)).amount).toBe(134278618.48);
	});
	test('fixed bug: "134278618.48" NOK as text is accepted', () => {
		expect(accepted(withField('amount', '134278618.48')).amount).toBe(134278618.48);
	});
	test('fixed bug: 16782232.139 KWD (three decimals) is accepted', () => {
		expect(accepted(buildPayment({ ...VALID, currency: 'KWD', amount: 16782232.139 })).amount).toBe(
			16782232.139,
		);
	});
});

describe('buildPayment: currency', () => {
	test.each([
		['NOK', 'NOK'],
		['nok', 'NOK'],
		[' sek ', 'SEK'],
		['Eur', 'EUR'],
	])('accepts %p as %p', (currency, expected) => {
		expect(accepted(withField('currency', currency)).currency).toBe(expected);
	});

	test.each<unknown>([
		'NKO',
		'kr',
		'XAU',
		'XXX',
		'NOKK',
		'NO',
		123,
		{ code: 'NOK' },
		['NOK'],
		true,
	])('refuses %p', (currency) => {
		const problems = refused(withField('currency', currency));
		expect(problems).toHaveLength(1); // the amount is not blamed for the currency
		expect(problems[0].field).toBe('currency');
		expect(problems[0].problem).toContain('not an ISO 4217 currency code');
		expect(problems[0].fix).toMatch(/three-letter code/);
	});

	test.each<unknown>([undefined, null, '', '  '])('refuses missing currency %p', (currency) => {
		expect(refused(withField('currency', currency))).toEqual([
			expect.objectContaining({ field: 'currency', problem: 'is missing' }),
		]);
	});

	test('lookup table: minor units as ISO 4217 publishes them', () => {
		expect(currencyMinorUnits('NOK')).toBe(2);
		expect(currencyMinorUnits('JPY')).toBe(0);
		expect(currencyMinorUnits('KWD')).toBe(3);
		expect(currencyMinorUnits('CLF')).toBe(4);
		expect(currencyMinorUnits('nok')).toBeUndefined(); // callers upper-case first
		expect(currencyMinorUnits('constructor')).toBeUndefined();
		expect(currencyMinorUnits('__proto__')).toBeUndefined();
		expect(currencyMinorUnits('toString')).toBeUndefined();
	});
});

describe('buildPayment: date', () => {
	test.each([
		['2025-03-09', '2025-03-09T00:00:00Z'],
		[' 2025-03-09 ', '2025-03-09T00:00:00Z'],
		['2025-03-09T14:30:00Z', '2025-03-09T14:30:00Z'],
		['2025-03-09t14:30:00z', '2025-03-09T14:30:00Z'],
		['2025-03-09 14:30:00Z', '2025-03-09T14:30:00Z'],
		['2025-03-09T14:30Z', '2025-03-09T14:30:00Z'],
		['2025-03-09T14:30:00+01:00', '2025-03-09T13:30:00Z'],
		['2025-03-09T14:30:00+0100', '2025-03-09T13:30:00Z'],
		['2025-03-09T14:30:00+01', '2025-03-09T13:30:00Z'],
		['2025-03-09T14:30:00+05:30', '2025-03-09T09:00:00Z'],
		['2025-03-09T23:30:00+01:00', '2025-03-09T22:30:00Z'],
		['2025-03-09T01:00:00+01:00', '2025-03-09T00:00:00Z'],
		['2025-03-09T14:30:00+14:00', '2025-03-09T00:30:00Z'],
		['2025-03-09T09:30:00-14:00', '2025-03-09T23:30:00Z'],
		// Midnight with an offset ($today in Europe/Oslo) is the date alone it shows, not 23:00 UTC the day before.
		['2025-03-09T00:00:00.000+01:00', '2025-03-09T00:00:00Z'],
		['2025-03-09T00:00:00+02:00', '2025-03-09T00:00:00Z'],
		['2025-03-09T00:00+0100', '2025-03-09T00:00:00Z'],
		['2025-03-09T00:00:00-05:00', '2025-03-09T00:00:00Z'],
		['2025-01-01T00:00:00.000+14:00', '2025-01-01T00:00:00Z'],
		// With Z, midnight is as given.
		['2025-03-09T00:00:00.000Z', '2025-03-09T00:00:00Z'],
		['2025-03-09T00:30:00Z', '2025-03-09T00:30:00Z'],
		['2019-08-24T14:15:22.123Z', '2019-08-24T14:15:22.123Z'],
		['2019-08-24T14:15:22.1Z', '2019-08-24T14:15:22.100Z'],
		['2019-08-24T14:15:22.000Z', '2019-08-24T14:15:22Z'],
		['2019-08-24T14:15:22.1234567Z', '2019-08-24T14:15:22.123Z'],
		['2019-08-24T14:15:22.9996Z', '2019-08-24T14:15:23Z'],
		['2019-08-24T14:15:22.5+02:00', '2019-08-24T12:15:22.500Z'],
		['2024-02-29', '2024-02-29T00:00:00Z'],
		['2000-02-29T12:00:00Z', '2000-02-29T12:00:00Z'],
		['2025-03-09T23:59:59Z', '2025-03-09T23:59:59Z'],
		// Day.month.year, as Norwegian exports and spreadsheets write a date.
		['9.3.2025', '2025-03-09T00:00:00Z'],
		['09.03.2025', '2025-03-09T00:00:00Z'],
		[' 31.12.2025 ', '2025-12-31T00:00:00Z'],
		['29.2.2024', '2024-02-29T00:00:00Z'],
	])('accepts %p as %p', (date, expected) => {
		expect(accepted(withField('date', date)).date).toBe(expected);
	});

	test.each([
		['2025-03-09T14:30:00', 'without a time zone'],
		['2025-03-09T14:30', 'without a time zone'],
		['2025-02-29', 'not a real date'],
		['1900-02-29', 'not a real date'],
		['2100-02-29T00:00:00Z', 'not a real date'],
		['2025-13-01', 'not a real date'],
		['2025-00-10', 'not a real date'],
		['2025-04-31', 'not a real date'],
		['2025-01-00', 'not a real date'],
		['2025-13-01T00:00:00Z', 'not a real date'],
		['2025-03-09T24:00:00Z', 'not a real date'],
		['2025-03-09T23:60:00Z', 'not a real date'],
		['2025-03-09T23:59:60Z', 'not a real date'],
		['2025-03-09T14:30:00+15:00', 'impossible offset'],
		['2025-03-09T14:30:00-15:00', 'impossible offset'],
		['2025-03-09T14:30:00+01:60', 'impossible offset'],
		['03/09/2025', 'with slashes'],
		['9.3.25', 'not a date'],
		['9.3.2025 14:30', 'not a date'],
		['31.4.2025', 'not a real date'],
		['29.02.2025', 'not a real date'],
		['9.3.1899', 'in the year 1899'],
		['2025-3-9', 'not a date'],
		['20250309', 'not a date'],
		['yesterday', 'not a date'],
		['2025-03-09T14:30:00 Z', 'not a date'],
		// An offset whose instant is on another day in UTC: neither day is taken for the other.
		['2025-03-09T00:30:00+01:00', 'on 2025-03-09 at its offset (+01:00) but on 2025-03-08 in UTC'],
		['2025-03-09T23:30:00-05:00', 'on 2025-03-09 at its offset (-05:00) but on 2025-03-10 in UTC'],
		['2025-12-31T23:00:00-02:00', 'on 2025-12-31 at its offset (-02:00) but on 2026-01-01 in UTC'],
		['2025-03-09T14:30:00-14:00', 'but on 2025-03-10 in UTC'],
		['2025-03-09T00:00:00.5+01:00', 'but on 2025-03-08 in UTC'],
	])('refuses %p (%s)', (date, words) => {
		const problems = refused(withField('date', date));
		expect(problems).toHaveLength(1);
		expect(problems[0].field).toBe('date');
		expect(problems[0].problem).toContain(words);
		expect(problems[0].problem).toContain(JSON.stringify(date));
	});

	test('a time without a zone says how to add one', () => {
		const [problem] = refused(withField('date', '2025-03-09T14:30:00'));
		expect(problem.fix).toMatch(/"Z"/);
		expect(problem.fix).toMatch(/\+01:00/);
	});

	test('a Date object is taken as its instant, in UTC', () => {
		expect(accepted(withField('date', new Date(Date.UTC(2025, 2, 9, 14, 30)))).date).toBe(
			'2025-03-09T14:30:00Z',
		);
		expect(accepted(withField('date', new Date(Date.UTC(2025, 2, 9, 14, 30, 0, 250)))).date).toBe(
			'2025-03-09T14:30:00.250Z',
		);
		const [problem] = refused(withField('date', new Date(NaN)));
		expect(problem).toMatchObject({ field: 'date', problem: 'is an invalid date object' });
	});

	test.each<unknown>([1741530600000, 20250309, true, { year: 2025 }, ['2025-03-09']])(
		'refuses %p (not text)',
		(date) => {
			const [problem] = refused(withField('date', date));
			expect(problem.field).toBe('date');
			expect(problem.problem).toContain('not a date');
			expect(problem.fix).toMatch(/ISO 8601 text/);
		},
	);

	test.each<unknown>([undefined, null, ''])('refuses missing date %p', (date) => {
		expect(refused(withField('date', date))).toEqual([
			expect.objectContaining({ field: 'date', problem: 'is missing' }),
		]);
	});

	// BUG: the date-time path builds the instant with Date.UTC(year, ...), which maps years 0–99 to
	// 1900–1999. A date-only value keeps the year, so the two paths disagree.
	test('fixed bug: a date-time in year 0050 keeps its year (or is refused), not 1950', () => {
		const check = withField('date', '0050-06-01T00:00:00Z');
		if (check.record) expect(check.record.date).toBe('0050-06-01T00:00:00Z');
	});
	test('the date-only form of year 0050 is refused like the date-time form', () => {
		refused(withField('date', '0050-06-01'));
	});

	test('years 1900 and 2999 are the bounds of a payment date', () => {
		expect(accepted(withField('date', '1900-01-01')).date).toBe('1900-01-01T00:00:00Z');
		expect(accepted(withField('date', '2999-12-31T23:59:59Z')).date).toBe('2999-12-31T23:59:59Z');
		refused(withField('date', '1899-12-31'));
		refused(withField('date', '3000-01-01T00:00:00Z'));
	});

	// BUG: a Date object outside years 0000–9999 is accepted and serialised in the expanded-year
	// form ("+275760-09-13T00:00:00Z"), which is not the ISO date-time the contract shows.
	test('fixed bug: a Date object in year 275760 is refused, not sent as "+275760-…"', () => {
		refused(withField('date', new Date(8.64e15)));
	});

	// BUG (minor): the offset check allows +14:01…+14:59 although the node's own advice says
	// "Use an offset between -14:00 and +14:00".
	test('fixed bug: offset +14:30 is refused like +15:00, as the advice text says', () => {
		refused(withField('date', '2025-03-09T14:30:00+14:30'));
	});
});

describe('buildPayment: text fields', () => {
	test('whole numbers are accepted as text for ids and numbers', () => {
		const payment = accepted(
			buildPayment({ ...VALID, invoiceNumber: 10023, uniqueSourcePaymentId: 0, invoiceId: 7 }),
		);
		expect(payment.invoiceNumber).toBe('10023');
		expect(payment.uniqueSourcePaymentId).toBe('0');
		expect(payment.invoiceId).toBe('7');
		expect(accepted(withField('description', 42)).description).toBe('42');
	});

	test.each<unknown>([
		10.5,
		Number.MAX_SAFE_INTEGER + 2,
		NaN,
		true,
		{ no: 1 },
		['INV-1'],
		new Date(0),
	])('refuses invoiceNumber %p as not text', (value) => {
		const problems = refused(withField('invoiceNumber', value));
		expect(problems).toHaveLength(1); // not also "both missing"
		expect(problems[0].field).toBe('invoiceNumber');
		expect(problems[0].problem).toMatch(/not text$/);
		expect(problems[0].fix).toBe('Give invoiceNumber as text.');
	});

	test.each(['invoiceId', 'uniqueSourcePaymentId', 'description'] as const)(
		'refuses an object or list in %s',
		(field) => {
			expect(refused(withField(field, { a: 1 })).map((p) => [p.field, p.problem])).toEqual([
				[field, 'is an object, not text'],
			]);
			expect(refused(withField(field, [1, 2])).map((p) => [p.field, p.problem])).toEqual([
				[field, 'is a list, not text'],
			]);
		},
	);

	test('ids are trimmed; description is kept verbatim', () => {
		const payment = accepted(
			buildPayment({
				...VALID,
				invoiceId: ' abc ',
				invoiceNumber: '\tINV-1\n',
				uniqueSourcePaymentId: '  tx-1 ',
				description: '  two  spaces  ',
			}),
		);
		expect(payment.invoiceId).toBe('abc');
		expect(payment.invoiceNumber).toBe('INV-1');
		expect(payment.uniqueSourcePaymentId).toBe('tx-1');
		expect(payment.description).toBe('  two  spaces  ');
	});
});

describe('buildPayment: type', () => {
	test.each<[unknown, number | string]>([
		[0, 0],
		['0', 0],
		[' 3 ', 3],
		['DIRECT_PAYMENT', 'DIRECT_PAYMENT'],
		['direct_payment', 'DIRECT_PAYMENT'],
	])('accepts %p as %p', (type, expected) => {
		expect(accepted(withField('type', type)).type).toBe(expected);
	});

	test.each<unknown>([-1, 1.5, 'DIRECT PAYMENT', '1abc', '-1', { t: 1 }, true])(
		'refuses %p',
		(type) => {
			const [problem] = refused(withField('type', type));
			expect(problem.field).toBe('type');
			expect(problem.fix).toMatch(/DIRECT_PAYMENT/);
		},
	);
});

describe('buildPayment: invoiceId or invoiceNumber', () => {
	test('either one is enough', () => {
		const onlyId = accepted(
			buildPayment({ ...VALID, invoiceNumber: undefined, invoiceId: 'id-1' }),
		);
		expect(onlyId.invoiceId).toBe('id-1');
		expect('invoiceNumber' in onlyId).toBe(false);
		expect(accepted(buildPayment({ ...VALID })).invoiceNumber).toBe('INV-2025-001');
	});

	test.each<[unknown, unknown]>([
		[undefined, undefined],
		['', '  '],
		[null, null],
	])('neither (%p, %p) is refused once, naming both', (invoiceId, invoiceNumber) => {
		const problems = refused(buildPayment({ ...VALID, invoiceId, invoiceNumber }));
		expect(problems).toHaveLength(1);
		expect(problems[0].field).toBe('invoiceId');
		expect(problems[0].problem).toContain('invoiceNumber');
		expect(problems[0].fix).toMatch(/invoiceId.*invoiceNumber/);
	});
});

describe('buildPayment: uniqueSourcePaymentId', () => {
	test.each<unknown>([undefined, null, '', '   '])('is required: %p refused', (id) => {
		const problems = refused(withField('uniqueSourcePaymentId', id));
		expect(problems).toEqual([
			expect.objectContaining({ field: 'uniqueSourcePaymentId', problem: 'is missing' }),
		]);
		expect(problems[0].fix).toMatch(/registered twice/);
	});
});

describe('describeProblems and describeValue', () => {
	test('one sentence naming the item index, each field, what is wrong and the fix', () => {
		const problems = refused(buildPayment({ ...VALID, amount: '12,50 kr', currency: 'NKO' }));
		const message = describeProblems(7, problems);
		expect(message.startsWith('Item 7: ')).toBe(true);
		expect(message).toContain('"amount" is "12,50 kr", not a number.');
		expect(message).toContain('"currency" is "NKO", not an ISO 4217 currency code.');
		for (const { fix } of problems) expect(message).toContain(fix);
	});

	test('long strings are clipped; objects are never dumped', () => {
		expect(describeValue('x'.repeat(41))).toBe(JSON.stringify(`${'x'.repeat(37)}...`));
		expect(describeValue('x'.repeat(40))).toBe(JSON.stringify('x'.repeat(40)));
		expect(describeValue({ secret: 'token' })).toBe('an object');
		expect(describeValue(['a'])).toBe('a list');
		expect(describeValue(new Date())).toBe('a date object');
		expect(describeValue(null)).toBe('null');
		expect(describeValue(undefined)).toBe('undefined');
		expect(describeValue(12.5)).toBe('12.5');
	});

	test('a problem message never contains more than 40 characters of the value', () => {
		const long = `${'A'.repeat(100)}SECRET`;
		const message = describeProblems(0, refused(withField('amount', long)));
		expect(message).not.toContain('SECRET');
	});
});

describe('preparePayments', () => {
	const item = (id: unknown, extra: Record<string, unknown> = {}) => ({
		...VALID,
		uniqueSourcePaymentId: id,
		...extra,
	});

	test('a repeated uniqueSourcePaymentId is refused at its second occurrence, naming the first item', () => {
		const { records: payments, problems } = preparePayments([
			item('A'),
			item('B'),
			item('A'),
			item('A'),
		]);
		expect(payments[0]?.uniqueSourcePaymentId).toBe('A');
		expect(payments[1]?.uniqueSourcePaymentId).toBe('B');
		expect(payments[2]).toBeUndefined();
		expect(payments[3]).toBeUndefined();
		expect([...problems.keys()]).toEqual([2, 3]);
		for (const index of [2, 3]) {
			const [problem] = problems.get(index) as FieldProblem[];
			expect(problem.field).toBe('uniqueSourcePaymentId');
			expect(problem.problem).toBe('"A" is already used by item 0');
			expect(problem.fix).toMatch(/remove the duplicate/);
			expect(describeProblems(index, [problem])).toMatch(
				new RegExp(`^Item ${index}: "uniqueSourcePaymentId" "A" is already used by item 0\\.`),
			);
		}
	});

	test('ids are compared after trimming and as text: " A", "A " and 123 / "123" collide', () => {
		const { problems } = preparePayments([item(' A'), item('A '), item(123), item('123')]);
		expect([...problems.keys()]).toEqual([1, 3]);
		expect(problems.get(3)?.[0].problem).toContain('item 2');
	});

	test('ids differing only in case are different payments', () => {
		const { problems, records: payments } = preparePayments([item('abc'), item('ABC')]);
		expect(problems.size).toBe(0);
		expect(payments.filter(Boolean)).toHaveLength(2);
	});

	test('undefined items (already reported by the caller) are skipped, keeping the indexes', () => {
		const { records: payments, problems } = preparePayments([
			undefined,
			item('A'),
			undefined,
			item('A'),
		]);
		expect(payments).toHaveLength(4);
		expect(payments[0]).toBeUndefined();
		expect(payments[1]?.uniqueSourcePaymentId).toBe('A');
		expect(problems.has(0)).toBe(false);
		expect(problems.has(2)).toBe(false);
		expect(problems.get(3)?.[0].problem).toContain('item 1');
	});

	test('an item refused for another reason still claims its id: a later twin is refused too', () => {
		const { records: payments, problems } = preparePayments([item('A', { amount: -1 }), item('A')]);
		expect(problems.get(0)?.[0].field).toBe('amount');
		expect(payments[1]).toBeUndefined();
		expect(problems.get(1)?.[0]).toMatchObject({ field: 'uniqueSourcePaymentId' });
		expect(problems.get(1)?.[0].problem).toContain('item 0');
	});

	test('problems are keyed by item index, in input order', () => {
		const { problems } = preparePayments([
			item('1', { amount: 'x' }),
			item('2'),
			item('3', { date: 'x' }),
		]);
		expect([...problems.keys()]).toEqual([0, 2]);
		expect(problems.get(2)?.[0].field).toBe('date');
	});
});

describe('buildPayment: amounts that round to nothing', () => {
	test('0.001 NOK (a third decimal) is refused', () => {
		expect(refused(withField('amount', 0.001))[0].problem).toContain(
			'more decimals than NOK has (2)',
		);
	});

	test('1e-7 NOK is refused (its hundredths are 0.00001, beyond the 1e-6 tolerance)', () => {
		refused(withField('amount', 1e-7));
	});

	// BUG: 0 < amount <= 1e-6 / 10^decimals passes the "> 0" check, rounds to 0 minor units, and the
	// decimals check (|amount*10^decimals - 0| <= 1e-6) accepts it: the payment is sent with amount 0.
	test('fixed bug: amount 1e-9 NOK is refused, not sent as amount 0', () => {
		refused(withField('amount', 1e-9));
	});
	test('fixed bug: amount "0.000000001" NOK is refused, not sent as amount 0', () => {
		refused(withField('amount', '0.000000001'));
	});
	test('the smallest amount of a currency is accepted: 0.01 NOK, 1 JPY', () => {
		expect(buildPayment({ ...VALID, amount: 0.01 }).record?.amount).toBe(0.01);
		expect(buildPayment({ ...VALID, currency: 'JPY', amount: 1 }).record?.amount).toBe(1);
	});
	test('fixed bug: amount 5e-324 JPY is refused, not sent as amount 0', () => {
		refused(buildPayment({ ...VALID, currency: 'JPY', amount: 5e-324 }));
	});
});
