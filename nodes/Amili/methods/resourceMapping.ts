import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import {
	CORRECTION_RECORD_FIELDS,
	INVOICE_RECORD_FIELDS,
	PAYMENT_RECORD_FIELDS,
	type RecordField,
} from '../records/recordFields';

/**
 * The field mapper's schema (node version 2, Map Each Field): each Amili field of the record kind,
 * from the same table version 1's parameters come from. Amili has no schema endpoint, so nothing is
 * asked of Amili and no credential is needed.
 */
function mapperFields(fields: readonly RecordField[]): ResourceMapperFields {
	return {
		fields: fields.map(({ field, displayName, required, type, v1Default }) => ({
			id: field,
			displayName,
			required: required === true,
			defaultMatch: false,
			display: true,
			type: type ?? 'string',
			// A plain preset (NOK) carries over; an expression is version 1's guess at the input's names.
			...(v1Default !== undefined && !v1Default.startsWith('=') && { defaultValue: v1Default }),
		})),
	};
}

export async function getPaymentFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return mapperFields(PAYMENT_RECORD_FIELDS);
}

export async function getInvoiceFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return mapperFields(INVOICE_RECORD_FIELDS);
}

export async function getCorrectionFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return mapperFields(CORRECTION_RECORD_FIELDS);
}
