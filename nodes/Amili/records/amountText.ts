/**
 * An amount written as text, as an ERP export or a spreadsheet in Norwegian locale writes it: a
 * decimal comma, and a space, a no-break space or (with a decimal comma) a dot between thousands.
 * Only forms with one reading are taken; a form with two readings is refused with both, so a wrong
 * amount never reaches Amili. Every form accepted before keeps its meaning: a lone dot is a decimal
 * point (`1.250` is 1.25), as it always was in saved workflows.
 */

/** A value, or what is wrong with the text (after the quoted value) and how to fix it. */
export type AmountText = { value: number } | { problem: string; fix: string };

/** Space, no-break space (U+00A0) and narrow no-break space (U+202F): what Norwegian formats put between thousands. */
const SPACE = '[ \\u00a0\\u202f]';
/** The forms accepted before (dot decimals, no separators): read as Number reads them. */
const PLAIN = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^(\d+),(\d+)$/;
const SPACE_GROUPED = new RegExp(`^\\d{1,3}(${SPACE}\\d{3})+([.,]\\d+)?$`);
const DOT_GROUPED_COMMA_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$/;
const DOT_GROUPED = /^\d{1,3}(\.\d{3}){2,}$/;
/** One comma before exactly three digits, as both 1,250 (English thousands) and 1,250 (Norwegian 1.25) write it. */
const THOUSANDS_OR_DECIMAL = /^[1-9]\d{0,2},\d{3}$/;

const AMOUNT_FORMS_FIX =
	'Give a number with a dot or a comma for decimals, and nothing or a space between thousands (a dot only before a decimal comma), e.g. 1250.50, 1250,50, 1 250,50 or 1.250,50.';

export function readAmountText(text: string): AmountText {
	// Norwegian formatting (CLDR nb) writes negatives with U+2212, not a hyphen.
	const trimmed = text.trim().replace(/^\u2212/, '-');
	const sign = /^[+-]/.test(trimmed) ? trimmed[0] : '';
	const body = trimmed.slice(sign.length);
	const number = (digits: string) => ({ value: Number(`${sign}${digits}`) });

	if (PLAIN.test(body)) return number(body);
	if (THOUSANDS_OR_DECIMAL.test(body)) {
		const [whole, part] = body.split(',');
		const thousands = `${sign}${whole}${part}`;
		const decimal = String(Number(`${sign}${whole}.${part}`));
		const decimalForms = [...new Set([decimal, decimal.replace('.', ',')])].join(' or ');
		return {
			problem: `, which reads as ${thousands} (a comma between thousands) or ${decimal} (a decimal comma)`,
			fix: `Write ${thousands} or ${sign}${whole} ${part},00 for the first reading, ${decimalForms} for the second.`,
		};
	}
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
				', with dots between thousands but no decimal comma (a single dot, as in 1.250, is a decimal point)',
			fix: `Write ${whole}, or ${sign}${body},00.`,
		};
	}
	return { problem: ', not a number', fix: AMOUNT_FORMS_FIX };
}
