import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { markRegistered } from '../create/markRegistered';
import type { RecordKind } from '../create/types';

/**
 * <Resource> → Mark as Registered, for each resource with a Create: tells this workflow's memory
 * that Amili has these records (a person checked), so Create never sends them and no longer reports
 * an unknown outcome for them. Its fields are Create's record fields (descriptions/createFields.ts);
 * the behaviour is create/markRegistered.ts.
 */
export function markRegisteredOperation<R>(kind: RecordKind<R>) {
	return {
		description: [],
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
			return await markRegistered.call(this, kind);
		},
	};
}
