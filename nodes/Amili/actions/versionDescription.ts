import type { INodeProperties } from 'n8n-workflow';

import { resources } from './resources';
import { authenticationProperty, organizationIdProperty } from '../descriptions/common';

/**
 * The Amili node's parameters: the shared Authentication and Organization ID, the resource, then
 * each resource's operations and fields. The node's own identity (name, icon, subtitle, …) stays in
 * Amili.node.ts, where n8n's community-node checks read it.
 */
export const properties: INodeProperties[] = [
	authenticationProperty,
	organizationIdProperty,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Batch', value: 'batch' },
			{ name: 'Case', value: 'case' },
			{ name: 'Correction', value: 'correction' },
			{ name: 'Invoice', value: 'invoice' },
			{ name: 'Payment', value: 'payment' },
			{ name: 'Settlement', value: 'settlement' },
		],
		default: 'invoice',
	},
	...Object.values(resources).flatMap((resource) => resource.description),
];
