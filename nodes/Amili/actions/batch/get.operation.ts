import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchLocator, simplifyBatchField } from '../../descriptions/sharedFields';
import { batchOutput } from '../../batches/batchOutput';
import { readBatch } from '../../batches/batchResult';
import { addHints } from '../../helpers/hints';
import { releaseFailedPayments } from '../../memory/releaseFailed';
import { recordOf } from '../../transport/envelope';
import { amiliApiRequest } from '../../transport';
import { batchIdOf, organizationIdOf } from '../shared';

/** Batch → Get: `GET /orgs/{organizationId}/batches/{batchId}` (documented, docs/amili-api.md, "Get a batch"). */

const properties: INodeProperties[] = [batchLocator, simplifyBatchField];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['get'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const organizationId = organizationIdOf(this, itemIndex);
	const batchId = batchIdOf(this, itemIndex, organizationId);
	const { body } = await amiliApiRequest.call(this, {
		method: 'GET',
		path: `/orgs/${organizationId}/batches/${batchId}`,
		repeatable: true,
	});
	const batch = readBatch(body);
	if (batch?.final) addHints(this, await releaseFailedPayments(this, organizationId, batch));
	return batchOutput(recordOf(body), this.getNodeParameter('simplify', itemIndex, true) as boolean);
}
