import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterReader } from './parameterReader';
import type { ItemFailure, RecordKind, Run } from './types';
import { checkedOrganizationId } from '../helpers/organizationId';
import { describeProblems, isMissing } from '../records/values';
import { hasVersion1Shapes } from '../versions';

/**
 * Step 1 of a Create run: every item read in the chosen mapping mode and checked as a record of its
 * kind, with its organization; what cannot be sent becomes a failure of that item.
 */
export function readItems<R>(run: Pick<Run<R>, 'context' | 'kind' | 'items' | 'failures'>): {
	records: Array<R | undefined>;
	organizationIds: Array<string | undefined>;
	twins: Map<number, number>;
} {
	const { context, kind, items, failures } = run;
	const sources = readSources(context, kind, items, failures);
	const { records, problems, twins } = kind.prepare(sources);
	const fail = (itemIndex: number) => {
		const itemProblems = problems.get(itemIndex) ?? [];
		failures.set(itemIndex, {
			error: new NodeOperationError(context.getNode(), describeProblems(itemIndex, itemProblems), {
				itemIndex,
			}),
			details: { item: itemIndex, fields: itemProblems.map(({ field }) => field) },
		});
	};
	const skipTwins = !hasVersion1Shapes(context.getNode());
	for (const itemIndex of problems.keys()) if (!skipTwins || !twins.has(itemIndex)) fail(itemIndex);
	const organizationIds = readOrganizationIds(context, items.length, failures);
	// One rule in a run and across runs: an exact repeat of an earlier item of the same organization
	// is that record, not sent twice; version 1 refuses it, as it always did.
	const sameRecord = new Map<number, number>();
	if (skipTwins)
		for (const [itemIndex, first] of twins) {
			const sameOrganization =
				organizationIds[itemIndex] !== undefined &&
				organizationIds[itemIndex]?.toLowerCase() === organizationIds[first]?.toLowerCase();
			if (sameOrganization && !failures.has(itemIndex)) sameRecord.set(itemIndex, first);
			else if (!failures.has(itemIndex)) fail(itemIndex);
		}
	return { records, organizationIds, twins: sameRecord };
}

/** Each item's fields, as the chosen mapping mode gives them; a failure where it cannot. */
export function readSources<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	items: INodeExecutionData[],
	failures: Map<number, ItemFailure>,
): Array<Record<string, unknown> | undefined> {
	const mappingMode = context.getNodeParameter('mappingMode', 0, 'autoMapInputData') as string;
	if (mappingMode === 'autoMapInputData') return items.map((item) => item.json);

	const readOne = (itemIndex: number, read: () => Record<string, unknown> | undefined) => {
		try {
			return read();
		} catch (error) {
			failures.set(itemIndex, {
				error: new NodeOperationError(context.getNode(), error as Error, { itemIndex }),
				details: { item: itemIndex },
			});
			return undefined;
		}
	};

	if (mappingMode === 'json') {
		const readJson = parameterReader<unknown>(context, kind.jsonParameter.name, '');
		return items.map((_, itemIndex) =>
			readOne(itemIndex, () => jsonObjectOf(context, kind, readJson(itemIndex), itemIndex)),
		);
	}

	const readers = fieldReaders(context, kind);
	return items.map((_, itemIndex) =>
		readOne(itemIndex, () => {
			const source: Record<string, unknown> = {};
			for (const { field, read } of readers) source[field] = read(itemIndex);
			return source;
		}),
	);
}

type FieldReader = { field: string; read: (itemIndex: number) => unknown };

/**
 * Map Each Field. Version 1: one node parameter per field. Version 2: n8n's field mapper, whose
 * values are saved per field under `columns.value`; each is read by its own path, so a plain
 * `{{ $json.amount }}` is read straight from the item as in version 1, and a field the user left
 * empty or removed is simply absent from the record.
 */
function fieldReaders<R>(context: IExecuteFunctions, kind: RecordKind<R>): FieldReader[] {
	const node = context.getNode();
	if (hasVersion1Shapes(node)) {
		return kind.fieldParameters.map(({ field, property }) => ({
			field,
			read: parameterReader<unknown>(context, property.name, ''),
		}));
	}
	const mapper = node.parameters.columns as { value?: Record<string, unknown> | null } | undefined;
	const values = mapper?.value ?? {};
	return kind.fieldParameters
		.filter(({ field }) => !isMissing(values[field]))
		.map(({ field }) => ({
			field,
			read: parameterReader<unknown>(context, `columns.value.${field}`, '', values[field]),
		}));
}

/** The JSON mapping mode's value: one object, given as an object or as JSON text. */
function jsonObjectOf<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	raw: unknown,
	itemIndex: number,
): Record<string, unknown> {
	const { displayName } = kind.jsonParameter;
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex}: ${displayName} is not valid JSON`,
				{
					itemIndex,
					description: 'Check the quotes and commas; text values need double quotes, numbers none.',
				},
			);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex}: ${displayName} must be one object`,
			{
				itemIndex,
				description: `Give one ${kind.singular} object per item, e.g. ${kind.jsonExample}.`,
			},
		);
	}
	return value as Record<string, unknown>;
}

export function readOrganizationIds(
	context: IExecuteFunctions,
	count: number,
	failures: Map<number, ItemFailure>,
): Array<string | undefined> {
	const read = parameterReader<unknown>(context, 'organizationId', '');
	const ids = new Array<string | undefined>(count);
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		if (failures.has(itemIndex)) continue;
		try {
			ids[itemIndex] = checkedOrganizationId(context.getNode(), read(itemIndex), {
				itemIndex,
				item: true,
			});
		} catch (error) {
			failures.set(itemIndex, {
				error: error as NodeOperationError,
				details: { item: itemIndex, field: 'organizationId' },
			});
		}
	}
	return ids;
}
