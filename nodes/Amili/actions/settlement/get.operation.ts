import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordIdProperties } from '../../descriptions/sharedFields';
import { recordOf } from '../../transport/envelope';
import { amiliApiRequest } from '../../transport';
import { organizationIdOf, recordIdOf } from '../shared';

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
	const organizationId = organizationIdOf(this, itemIndex);
	const settlementId = recordIdOf(this, itemIndex, 'settlementId', 'settlement');
	const { body } = await amiliApiRequest.call(this, {
		method: 'GET',
		path: `/orgs/${organizationId}/settlements/${settlementId}`,
		repeatable: true,
	});
	return recordOf(body);
}
