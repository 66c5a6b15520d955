import {
	describeValue,
	type FieldProblem,
	type PreparedRecords,
	Problems,
	readText,
	type RecordCheck,
} from './values';
import { sameContent } from '../memory/memoryKeys';

/** What makes two records of a kind the same record within one run. */
export interface UniqueRule {
	/** e.g. 'payment', for the fix. */
	singular: string;
	/** Fields no two items of a run may share; none where twins are legitimate. */
	fields: readonly string[];
}

/**
 * Every item of a run read into a record of one kind (`build`), undefined where the item could not
 * be read (the caller has reported it), with one duplicate rule for every kind: an item whose
 * unique field repeats an earlier item's is refused, so one run never sends one record twice. An
 * item refused for another reason still claims its values: a later twin is more likely a copy than
 * a new record.
 */
export function prepareRecords<R>(
	sources: ReadonlyArray<Record<string, unknown> | undefined>,
	build: (source: Record<string, unknown>) => RecordCheck<R>,
	unique: UniqueRule,
): PreparedRecords<R> {
	const records: Array<R | undefined> = new Array(sources.length);
	const problems = new Map<number, FieldProblem[]>();
	const twins = new Map<number, number>();
	const firstItem = new Map<string, number>();
	const claim = (field: string, value: string | undefined, index: number) => {
		if (value !== undefined && !firstItem.has(`${field}\n${value}`))
			firstItem.set(`${field}\n${value}`, index);
	};
	for (let index = 0; index < sources.length; index++) {
		const source = sources[index];
		if (source === undefined) continue;
		const check = build(source);
		if (check.problems) {
			problems.set(index, check.problems);
			for (const field of unique.fields)
				claim(field, readText(source, field, new Problems()), index);
			continue;
		}
		const values = unique.fields.map((field) => {
			const value = (check.record as Record<string, unknown>)[field];
			return typeof value === 'string' ? value : undefined;
		});
		const duplicates = duplicatesOf(unique, values, firstItem);
		if (duplicates.length > 0) {
			problems.set(index, duplicates);
			const first = twinOf(unique, values, firstItem, records, check.record as R);
			if (first !== undefined) twins.set(index, first);
			continue;
		}
		unique.fields.forEach((field, i) => claim(field, values[i], index));
		records[index] = check.record;
	}
	return { records, problems, twins };
}

/** The earlier item this record repeats exactly: every unique field its, and the same content. */
function twinOf<R>(
	{ fields }: UniqueRule,
	values: Array<string | undefined>,
	firstItem: Map<string, number>,
	records: Array<R | undefined>,
	record: R,
): number | undefined {
	const firsts = new Set(
		fields
			.map((field, i) => (values[i] === undefined ? undefined : `${field}\n${values[i]}`))
			.filter((key): key is string => key !== undefined)
			.map((key) => firstItem.get(key)),
	);
	const [first] = firsts;
	if (firsts.size !== 1 || first === undefined) return undefined;
	const earlier = records[first];
	return earlier !== undefined && sameContent(earlier, record) ? first : undefined;
}

function duplicatesOf(
	{ singular, fields }: UniqueRule,
	values: Array<string | undefined>,
	firstItem: Map<string, number>,
): FieldProblem[] {
	return fields.flatMap((field, i) => {
		const value = values[i];
		const first = value === undefined ? undefined : firstItem.get(`${field}\n${value}`);
		if (first === undefined) return [];
		return [
			{
				field,
				problem: `${describeValue(value)} is already used by item ${first}`,
				fix: `Each ${singular} needs its own ${field}: remove the duplicate item or correct it.`,
			},
		];
	});
}
