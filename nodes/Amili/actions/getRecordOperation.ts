import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties } from '../descriptions/sharedFields';
import { getRecord } from './shared';

/** What a resource's Get of one record by its ID says of its own (Invoice → Get, Settlement → Get). */
export interface GetRecordSpec {
	/** The resource's value in the Amili node, e.g. 'invoice'. */
	resource: string;
	/** The record's name as the panel shows it. */
	subject: 'Invoice' | 'Settlement';
	/** The ID's parameter, e.g. 'invoiceId'. */
	parameter: string;
	/** The resource locator's search (methods/listSearch.ts). */
	searchListMethod: string;
	/** The organization's list the record is in, e.g. 'invoices'. */
	plural: string;
}

/** A Get operation for the router (per item): `GET /orgs/{organizationId}/<plural>/{id}`. */
export function getRecordOperation({
	resource,
	subject,
	parameter,
	searchListMethod,
	plural,
}: GetRecordSpec) {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [resource], operation: ['get'] } },
			recordIdProperties(parameter, subject, searchListMethod),
		),
		async executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			return await getRecord(this, itemIndex, {
				parameter,
				subject: subject.toLowerCase(),
				plural,
			});
		},
	};
}
