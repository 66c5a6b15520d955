import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { amiliApiRequest } from '../transport';
import { recordOf } from '../transport/envelope';
import { type PickedRecord, pickedRecordPath, pickedRecordProperties } from './pickedRecords';

/** A Get operation for the router (per item): `GET /orgs/{organizationId}/<plural>/{id}`, the record out of Amili's envelope. */
export function getRecordOperation(record: PickedRecord) {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [record.resource], operation: ['get'] } },
			pickedRecordProperties(record),
		),
		async executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const { body } = await amiliApiRequest.call(this, {
				method: 'GET',
				path: pickedRecordPath(this, itemIndex, record).path,
				repeatable: true,
			});
			return recordOf(body);
		},
	};
}
