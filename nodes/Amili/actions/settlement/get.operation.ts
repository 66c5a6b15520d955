import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties } from '../../descriptions/sharedFields';
import { getRecord } from '../shared';

/** Settlement → Get: `GET /orgs/{organizationId}/settlements/{settlementId}` (documented, docs/amili-api.md, "Get a settlement"). */

const properties: INodeProperties[] = recordIdProperties(
	'settlementId',
	'Settlement',
	'searchSettlements',
);

export const description = updateDisplayOptions(
	{ show: { resource: ['settlement'], operation: ['get'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	return await getRecord(this, itemIndex, {
		parameter: 'settlementId',
		subject: 'settlement',
		plural: 'settlements',
	});
}
