import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllFields } from '../descriptions/sharedFields';
import { type PickedRecord, pickedRecordPath, pickedRecordProperties } from './pickedRecords';
import { listRecords } from './shared';

/** What a list under one record says of its own (Invoice → Get Payments). */
export interface ListUnderRecordSpec {
	/** The operation's value in the Operation field, e.g. 'getPayments'. */
	operation: string;
	/** The list's segment below the record, e.g. 'payments'. */
	list: string;
}

/**
 * A list under one picked record for the router (per item):
 * `GET /orgs/{organizationId}/<plural>/{id}/<list>`, with Return All / Limit, read as every Amili
 * list (it ends as soon as an answer carries no nextPageToken).
 */
export function listUnderRecordOperation(
	record: PickedRecord,
	{ operation, list }: ListUnderRecordSpec,
) {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [record.resource], operation: [operation] } },
			[...pickedRecordProperties(record), ...returnAllFields],
		),
		async executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
			const { path } = pickedRecordPath(this, itemIndex, record);
			return await listRecords(this, itemIndex, { path: `${path}/${list}` });
		},
	};
}
