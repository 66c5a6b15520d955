import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forgetSent } from '../create/forgetSent';
import type { RecordKind } from '../create/types';

/**
 * <Resource> → Forget Sent, for each resource with a Create: lets this workflow send records again
 * that it remembers as sent (Skip Sent Before), e.g. after checking at Amili that one whose outcome
 * was unknown is not there; Remove Duplicates' "clear", for this memory. Its
 * record fields are Create's (descriptions/createFields.ts, createOperationDescription); the behaviour is
 * create/forgetSent.ts.
 */
export function forgetSentOperation<R>(resource: string, kind: RecordKind<R>) {
	const forget: INodeProperties = {
		displayName: 'Forget',
		name: 'forget',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'These Records',
				value: 'records',
				description: `The ${kind.plural} of the input items, read as Create reads them: their next Create sends them`,
			},
			{
				name: 'Everything This Workflow Sent',
				value: 'all',
				description:
					'Clear the whole memory of this workflow (payments, invoices and corrections): its next runs send everything again',
			},
		],
		default: 'records',
	};
	return {
		description: updateDisplayOptions(
			{ show: { resource: [resource], operation: ['forgetSent'] } },
			[forget],
		),
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
			return await forgetSent.call(this, kind);
		},
	};
}
