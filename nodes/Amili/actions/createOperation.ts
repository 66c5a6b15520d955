import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forgetSentOperation } from './forgetSentOperation';
import { markRegisteredOperation } from './markRegisteredOperation';
import { createRecords } from '../create/createRecords';
import type { RecordKind } from '../create/types';
import {
	createOperationDescription,
	fieldParameterOf,
	mappedFields,
	mappingModeProperty,
} from '../descriptions/createFields';
import { createOptionsProperty, type CreateWording } from '../descriptions/createOptions';
import type { RecordField } from '../records/recordFields';

/** What a resource's Create says of its own; the rest is the same for payments, invoices, corrections. */
export interface CreateSpec<R> {
	/** The resource's value in the Amili node, e.g. 'payment'. */
	resource: string;
	wording: CreateWording;
	/** Map Automatically's notice: which fields an item needs. */
	autoMapNotice: string;
	/** The fields a user maps (records/recordFields.ts) and the field mapper's schema method. */
	fields: readonly RecordField[];
	fieldsMethod: string;
	/** The JSON mapping mode's parameter. */
	jsonParameter: INodeProperties;
	/** What differs in behaviour: the record's key, reading, request body and outcomes. */
	kind: Pick<
		RecordKind<R>,
		'keyOf' | 'identityFields' | 'jsonExample' | 'prepare' | 'body' | 'outcomes'
	>;
}

/**
 * A resource's Create operation, its Forget Sent and Mark as Registered, from what differs (engine: create/createRecords.ts):
 * `properties` for the Amili Payment node, `description` for the Amili node (its record fields
 * shared with Forget Sent), the record `kind` and `execute`.
 */
export function createOperation<R>(spec: CreateSpec<R>) {
	const { resource, wording, jsonParameter, fields } = spec;
	const recordProperties: INodeProperties[] = [
		mappingModeProperty(wording),
		...mappedFields(spec.autoMapNotice, fields, spec.fieldsMethod, jsonParameter),
	];
	const kind: RecordKind<R> = {
		...wording,
		...spec.kind,
		jsonParameter,
		fieldParameters: fields.map(fieldParameterOf),
	};
	return {
		properties: [...recordProperties, createOptionsProperty(wording)],
		description: createOperationDescription(resource, wording, recordProperties),
		kind,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
			return await createRecords.call(this, kind);
		},
		forgetSent: forgetSentOperation(resource, kind),
		markRegistered: markRegisteredOperation(kind),
	};
}
