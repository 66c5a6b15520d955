import { isUuid } from './http';
import { isIsoDateTime } from './payments';
import { type BodyCheck, checkItemsBody, finiteNumber, isCurrency } from './validation';

/** One correction in POST /orgs/{orgId}/corrections: the schema is fully documented
 * (docs/amili-api.md, "Create corrections"). */
export interface AmiliCorrection {
	invoiceId: string;
	/** The sign convention is not documented: any finite number is accepted. */
	amount: number;
	currency: string;
	date: string;
	description?: string;
}

const CORRECTION_FIELDS = new Set(['invoiceId', 'amount', 'currency', 'date', 'description']);

/** The schema is fully visible, so unknown fields are a 400 (as for payments). Which fields are
 * required is not shown: we require all but `description` (our assumption). */
export function checkCorrectionsBody(body: unknown, orgId: string): BodyCheck<AmiliCorrection> {
	return checkItemsBody<AmiliCorrection>(body, orgId, {
		listField: 'corrections',
		itemFields: CORRECTION_FIELDS,
		checkItem(c) {
			const errors: Array<{ field: string; message: string }> = [];
			if (typeof c.invoiceId !== 'string' || !isUuid(c.invoiceId))
				errors.push({ field: 'invoiceId', message: 'must be a UUID' });
			if (!finiteNumber(c.amount))
				errors.push({ field: 'amount', message: 'must be a finite number' });
			if (!isCurrency(c.currency))
				errors.push({
					field: 'currency',
					message: 'must be an ISO 4217 code of three upper-case letters',
				});
			if (typeof c.date !== 'string' || !isIsoDateTime(c.date)) {
				errors.push({
					field: 'date',
					message: 'must be an ISO 8601 date-time with Z or an offset, e.g. 2019-08-24T14:15:22Z',
				});
			}
			if (c.description !== undefined && typeof c.description !== 'string')
				errors.push({ field: 'description', message: 'must be a string' });
			return errors;
		},
	});
}
