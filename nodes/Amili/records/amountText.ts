/**
 * An amount written as text, as an ERP export or a spreadsheet in Norwegian locale writes it: a
 * decimal comma, and a space, a no-break space or (with a decimal comma) a dot between thousands.
 * Only forms with one reading are taken; a form with two readings is refused with both, so a wrong
 * amount never reaches Amili. A lone dot or comma before exactly three digits (`1.250`, `12.500`,
 * `1,250`) is such a form: a column of whole amounts written with a thousands separator shows it as
 * often as a column of decimals does, and the decimal reading would send a thousandth of the money.
 * It was read as a decimal point before (`1.250` as 1.25); it is refused now, as `1,250` always was.
 * A leading 0 (`0.250`, `0,250`) or more digits before it (`1250.500`) cannot be thousands: those
 * stay decimals, as do other decimal counts (`1.25`, `1.2500`).
 */

/** A value, or what is wrong with the text (after the quoted value) and how to fix it. */
export type AmountText = { value: number } | { problem: string; fix: string };

/** Space, no-break space (U+00A0) and narrow no-break space (U+202F): what Norwegian formats put between thousands. */
const SPACE = '[ \\u00a0\\u202f]';
/** Dot decimals without separators, read as Number reads them (once THOUSANDS_OR_DECIMAL is ruled out). */
const PLAIN = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^(\d+),(\d+)$/;
const SPACE_GROUPED = new RegExp(`^\\d{1,3}(${SPACE}\\d{3})+([.,]\\d+)?$`);
const DOT_GROUPED_COMMA_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$/;
const DOT_GROUPED = /^\d{1,3}(\.\d{3}){2,}$/;
/**
 * One dot or comma before exactly three digits: 1,250 and 1.250 are 1250 with a separator between
 * thousands (English, Norwegian) or 1.25 with a decimal point or comma.
 */
const THOUSANDS_OR_DECIMAL = /^[1-9]\d{0,2}([.,])\d{3}$/;
const SEPARATOR_NAMES = {
	',': ['a comma between thousands', 'a decimal comma'],
	'.': ['a dot between thousands', 'a decimal point'],
} as const;

const AMOUNT_FORMS_FIX =
	'Give a number with a dot or a comma for decimals, and nothing or a space between thousands (a dot only before a decimal comma), e.g. 1250.50, 1250,50, 1 250,50 or 1.250,50.';

export function readAmountText(text: string): AmountText {
	// Norwegian formatting (CLDR nb) writes negatives with U+2212, not a hyphen.
	const trimmed = text.trim().replace(/^\u2212/, '-');
	const sign = /^[+-]/.test(trimmed) ? trimmed[0] : '';
	const body = trimmed.slice(sign.length);
	const number = (digits: string) => ({ value: Number(`${sign}${digits}`) });

	const twoReadings = THOUSANDS_OR_DECIMAL.exec(body);
	if (twoReadings) return refuseTwoReadings(sign, body, twoReadings[1] as ',' | '.');
	if (PLAIN.test(body)) return number(body);
	const comma = COMMA_DECIMAL.exec(body);
	if (comma) return number(`${comma[1]}.${comma[2]}`);
	if (SPACE_GROUPED.test(body))
		return number(body.replace(new RegExp(SPACE, 'g'), '').replace(',', '.'));
	if (DOT_GROUPED_COMMA_DECIMAL.test(body))
		return number(body.replace(/\./g, '').replace(',', '.'));
	if (DOT_GROUPED.test(body)) {
		const whole = `${sign}${body.replace(/\./g, '')}`;
		return {
			problem:
				', with dots between thousands but no decimal comma (a single dot, as in 1.25, is a decimal point)',
			fix: `Write ${whole}, or ${sign}${body},00.`,
		};
	}
	return { problem: ', not a number', fix: AMOUNT_FORMS_FIX };
}

/** 1.250 or 1,250: both readings, and for each a way to write it that has only that one. */
function refuseTwoReadings(sign: string, body: string, separator: ',' | '.'): AmountText {
	const [whole, part] = body.split(separator);
	const [asThousands, asDecimal] = SEPARATOR_NAMES[separator];
	const thousands = `${sign}${whole}${part}`;
	const decimal = String(Number(`${sign}${whole}.${part}`));
	// 1.234 is its own second reading: a fourth decimal 0 (1.2340) gives it one.
	const written = THOUSANDS_OR_DECIMAL.test(decimal.replace(/^-/, '')) ? `${decimal}0` : decimal;
	const decimalForms = [...new Set([written, written.replace('.', ',')])].join(' or ');
	return {
		problem: `, which reads as ${thousands} (${asThousands}) or ${decimal} (${asDecimal})`,
		fix: `Write ${thousands} or ${sign}${whole} ${part},00 for the first reading, ${decimalForms} for the second.`,
	};
}
