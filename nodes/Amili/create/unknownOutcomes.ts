import { NodeOperationError } from 'n8n-workflow';

import { describeAccepted, joinDescription } from './messages';
import type { Accepted, Run } from './types';
import { count, listIds } from '../helpers/hints';
import { hasVersion1Shapes } from '../versions';

/**
 * An unknown outcome is never quiet (docs/payment-node.md → "The ledger"): every run that meets a
 * record an earlier run sent without learning Amili's answer logs it in n8n's log; from version 2
 * each such record is an error item (Continue On Fail, the error output too), or, without that, the
 * run ends as an error once everything else is sent, so n8n's error workflow tells someone. Either
 * way the message names the two ways out, which settle the record so that it stops being reported.
 */
export function reportUnknownOutcomes<R>(run: Run<R>, accepted: Accepted): void {
	const items = run.memory?.unknownItems ?? [];
	if (items.length === 0) return;
	const { context, kind, records } = run;
	const ids = items.map((itemIndex) => kind.keyOf(records[itemIndex] as R));
	const what = `${count(items.length, `${kind.singular} of unknown outcome`, `${kind.plural} of unknown outcome`)}, not sent again: ${listIds(ids)}`;
	context.logger.warn(`Amili: ${what}`, { workflowId: context.getWorkflow().id });
	if (hasVersion1Shapes(context.getNode())) return;
	if (run.continueOnFail) {
		for (const itemIndex of items)
			run.failures.set(itemIndex, {
				error: new NodeOperationError(
					context.getNode(),
					`Item ${itemIndex}: ${kind.singular} ${String(kind.keyOf(records[itemIndex] as R))} has an unknown outcome`,
					{ itemIndex, description: waysOut(run, 1) },
				),
				details: {
					item: itemIndex,
					outcome: 'unknown',
					[kind.keyField]: kind.keyOf(records[itemIndex] as R),
				},
			});
		return;
	}
	throw new NodeOperationError(context.getNode(), `This workflow has ${what}`, {
		itemIndex: items[0],
		description: joinDescription(
			waysOut(run, items.length),
			`Everything else of this run was done. ${describeAccepted(run, accepted)}`,
		),
	});
}

function waysOut<R>({ kind }: Run<R>, n: number): string {
	const it = n === 1 ? 'it' : 'each';
	return `An earlier run of this workflow sent ${n === 1 ? `this ${kind.singular}` : `these ${kind.plural}`} but never learnt whether Amili registered ${n === 1 ? 'it' : 'them'}: Amili's answer was lost, or n8n stopped first. ${n === 1 ? 'It is' : 'They are'} not sent again, and reported on every run until settled. Check ${it} at Amili by ${kind.keyField}. If Amili has ${n === 1 ? 'it' : 'one'}, run Amili → ${kind.title} → Mark as Registered with ${n === 1 ? 'it' : 'that one'}: later runs skip it as sent before. If Amili does not have ${n === 1 ? 'it' : 'one'}, run Amili → ${kind.title} → Forget Sent with ${n === 1 ? 'it' : 'that one'}: the next run sends it.`;
}
