import {
	type PreparedRecords,
	Problems,
	readFreeText,
	readAmount,
	readCurrency,
	readUuid,
	type RecordCheck,
} from './values';
import { readDate } from './dates';
import { prepareRecords } from './prepareRecords';

/**
 * Items → the `corrections[]` of `POST /orgs/{orgId}/corrections`, whose schema Amili shows in full
 * (docs/amili-api.md, "Create corrections"): invoiceId, amount, currency, date, description; other fields are not sent.
 * Which are required is not documented: ours are all but description. The sign of amount is not
 * documented either, so both signs pass (0 does not: it corrects nothing).
 */

export const CORRECTION_FIELDS = [
	'invoiceId',
	'amount',
	'currency',
	'date',
	'description',
] as const;

export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export interface AmiliCorrection {
	invoiceId: string;
	amount: number;
	currency: string;
	date: string;
	description?: string;
}

export function buildCorrection(source: Record<string, unknown>): RecordCheck<AmiliCorrection> {
	const problems = new Problems();
	const invoiceId = readUuid(source, 'invoiceId', problems);
	const currency = readCurrency(source, problems);
	const amount = readAmount(source, 'amount', currency, problems, 'nonZero');
	const date = readDate(source, 'date', problems, { required: true, keepDate: false });
	const description = readFreeText(source, 'description', problems);
	if (problems.items) return { problems: problems.items };
	return {
		record: {
			invoiceId: invoiceId as string,
			amount: amount as number,
			currency: currency as string,
			date: date as string,
			...(description !== undefined && { description }),
		},
	};
}

/**
 * Every item of a run as a correction (records/prepareRecords.ts). No field is unique: two
 * corrections of one invoice in a run are legitimate (a credit and a fee, say), and Amili's
 * correction has no ID of its own to tell a copy by.
 */
export function prepareCorrections(
	sources: ReadonlyArray<Record<string, unknown> | undefined>,
): PreparedRecords<AmiliCorrection> {
	return prepareRecords(sources, buildCorrection, { singular: 'correction', fields: [] });
}
