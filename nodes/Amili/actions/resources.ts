import type { INodeProperties } from 'n8n-workflow';

import * as batch from './batch/Batch.resource';
import * as collectionCase from './case/Case.resource';
import * as correction from './correction/Correction.resource';
import * as invoice from './invoice/Invoice.resource';
import type { Operation } from './operation';
import * as payment from './payment/Payment.resource';
import * as settlement from './settlement/Settlement.resource';

/**
 * The Amili node's resources, by the value of its Resource field: the one list the router and the
 * node's description are built from. An operation is registered by one entry in its resource's
 * `operations` and one option of its Operation field (CONTRIBUTING.md, "Adding an operation").
 */
export const resources: Record<
	string,
	{ description: INodeProperties[]; operations: Record<string, Operation> }
> = {
	batch,
	case: collectionCase,
	correction,
	invoice,
	payment,
	settlement,
};
