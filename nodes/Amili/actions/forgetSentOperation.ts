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
				description:
					kind.identityFields.length === 1
						? `The ${kind.plural} of the input items, by ${kind.identityFields[0]} alone (the other fields are not needed): their next Create sends them. Each item says whether this workflow remembered it.`
						: `The ${kind.plural} of the input items, read as Create reads them: their next Create sends them. Each item says whether this workflow remembered it.`,
			},
			{
				name: 'Everything This Workflow Sent',
				value: 'all',
				description:
					"Clear this workflow's whole memory: every payment, invoice and correction it sent, in every organization and environment, and the history of any Remove Duplicates node with scope Workflow in it. Its next runs send everything again.",
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
