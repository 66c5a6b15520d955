/**
 * Dragging an input field onto a parameter as n8n's editor (2.41) needs it, with real mouse events:
 *
 *   await dragOnto(editor.page, pill, target, '{{ $json.paidAmount }}', 'paidAmount onto amount');
 *
 * How n8n's editor-ui does it: the pill (Draggable.vue) starts a drag on the first mouse move past
 * 10 px after a press; a target (DraggableTarget.vue) counts as hovered only after a `mouseenter`
 * on its own element once the drag is on, and emits the drop only on a `mouseup` over that element
 * while it is the active target. The parameter input then shows it: the class `droppable` while a
 * drag is on, `activeDrop` while it is the active target (a resource locator or an expression
 * editor puts CSS-module classes `_droppable_<hash>` / `_activeDrop_<hash>` on an element inside).
 *
 * A dropped value also moves what is below it: the input turns into an expression editor (a number
 * input grows by 4 px), and 200 ms later (n8n debounces it) its preview line appears under it,
 * pushing every field below down by ~20 px. So the target's position is read only while the
 * pointer is already dragging, from a layout that holds still, and the pointer is released only
 * once n8n shows the target as the active drop target under the pointer.
 */
import type { Locator, Page } from 'playwright-core';

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The little of the DOM the page-side functions use (the project compiles without the DOM lib). */
interface PageElement {
	readonly tagName: string;
	readonly className: unknown;
	getBoundingClientRect(): Box;
	matches(selector: string): boolean;
	querySelector(selector: string): PageElement | null;
	contains(other: PageElement | null): boolean;
}
interface PageWindow {
	document: { elementFromPoint(x: number, y: number): PageElement | null };
	requestAnimationFrame(callback: () => void): number;
}

/** What the target shows now, and what is under `point` (if given). */
interface Probe {
	box: Box;
	state: 'off' | 'droppable' | 'active';
	/** Whether the element under `point` is the target or inside it. */
	hit: boolean;
	/** The element under `point`, for error messages. */
	under: string;
	/** Whether the box held still over the frames asked for. */
	stable: boolean;
}

/**
 * Runs in the page: polls on animation frames until the target's box is the same `frames` frames in
 * a row and `want` holds (or `timeoutMs` passes); resolves with the last probe.
 */
function probeUntil(
	target: Locator,
	options: {
		point?: { x: number; y: number };
		frames: number;
		want: 'stable' | 'dragging' | 'active';
	},
	timeoutMs: number,
): Promise<Probe> {
	return target.evaluate(
		(el: PageElement, { point, frames, want, timeoutMs }) => {
			const win = globalThis as unknown as PageWindow;
			const marked = (selector: string) =>
				el.matches(selector) || el.querySelector(selector) !== null;
			const deadline = Date.now() + timeoutMs;
			let last = '';
			let same = 0;
			return new Promise<Probe>((resolve) => {
				const tick = () => {
					const r = el.getBoundingClientRect();
					const box = { x: r.x, y: r.y, width: r.width, height: r.height };
					const key = `${box.x},${box.y},${box.width},${box.height}`;
					same = key === last ? same + 1 : 0;
					last = key;
					const state = marked('[class*="activeDrop"]')
						? 'active'
						: marked('[class*="droppable"]')
							? 'droppable'
							: 'off';
					const at = point ? win.document.elementFromPoint(point.x, point.y) : null;
					const probe: Probe = {
						box,
						state,
						hit: at !== null && el.contains(at),
						under: at
							? `${at.tagName.toLowerCase()}.${String(at.className).slice(0, 50)}`
							: 'nothing',
						stable: same >= frames,
					};
					const done =
						probe.stable &&
						(want === 'stable' ||
							(want === 'dragging' && state !== 'off') ||
							(want === 'active' && state === 'active' && probe.hit));
					if (done || Date.now() > deadline) resolve(probe);
					else win.requestAnimationFrame(tick);
				};
				win.requestAnimationFrame(tick);
			});
		},
		{ ...options, timeoutMs },
	);
}

/** The target's box once it holds still for three frames (the layout after a drop has settled). */
export async function settledBox(target: Locator, timeoutMs = 10_000): Promise<Box> {
	const probe = await probeUntil(target, { frames: 3, want: 'stable' }, timeoutMs);
	if (!probe.stable) throw new Error(`the target kept moving for ${timeoutMs} ms`);
	return probe.box;
}

const round = (box: Box) => [box.x, box.y, box.width, box.height].map(Math.round).join(',');

/**
 * With a drag on: brings the target into view, reads its box once it holds still, moves onto its
 * middle in steps, and waits until n8n shows it as the active drop target under the pointer. A
 * target that moves meanwhile (a preview line appearing above it) is followed: read again, moved
 * onto again. Throws, saying what the pointer was over, if n8n never shows the active state.
 */
async function enterTarget(page: Page, target: Locator, what: string): Promise<void> {
	const seen: string[] = [];
	for (let attempt = 1; attempt <= 4; attempt++) {
		// A field pushed down by the previous drop may now be cut off at the panel's bottom edge.
		await target.scrollIntoViewIfNeeded();
		const box = await settledBox(target);
		const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
		await page.mouse.move(point.x, point.y, { steps: 8 });
		const probe = await probeUntil(target, { point, frames: 1, want: 'active' }, 5_000);
		if (probe.state === 'active' && probe.hit) return;
		seen.push(
			`pointer at ${Math.round(point.x)},${Math.round(point.y)} for box ${round(box)}: ` +
				`target ${probe.state}, box now ${round(probe.box)}, under the pointer ${probe.under}`,
		);
	}
	throw new Error(
		`${what}: n8n never showed the target as the active drop target (${seen.join('; ')})`,
	);
}

/**
 * Drags `source` onto `target` and checks the drop: presses on the source, moves past n8n's drag
 * threshold, waits until the target shows n8n's drop-target state, then enters the target
 * (enterTarget) and releases there. Waits until the target shows `expected`. On a failure the
 * pointer is taken back to the source before it is released, so no other field gets the drop, and
 * the error names `what` was dragged where.
 */
export async function dragOnto(
	page: Page,
	source: Locator,
	target: Locator,
	expected: string,
	what: string,
): Promise<void> {
	await source.scrollIntoViewIfNeeded();
	await target.scrollIntoViewIfNeeded();
	await source.hover();
	const from = await settledBox(source);
	const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
	await page.mouse.move(start.x, start.y);
	await page.mouse.down();
	let dropped = false;
	try {
		await page.mouse.move(start.x + 20, start.y + 6, { steps: 4 });
		const dragging = await probeUntil(target, { frames: 1, want: 'dragging' }, 10_000);
		if (dragging.state === 'off') {
			throw new Error(
				`${what}: the target never showed n8n's droppable state (no drag started, or the target takes no drops)`,
			);
		}
		await enterTarget(page, target, what);
		await page.mouse.up();
		dropped = true;
	} finally {
		// Kept quiet: the error that brought us here is the one to report.
		if (!dropped) {
			await page.mouse.move(start.x, start.y, { steps: 4 }).catch(() => undefined);
			await page.mouse.up().catch(() => undefined);
		}
	}
	await target
		.getByText(expected, { exact: false })
		.first()
		.waitFor({ timeout: 10_000 })
		.catch(async () => {
			const shows = (await target.innerText().catch(() => '?')).replace(/\s+/g, ' ').trim();
			throw new Error(
				`${what}: released on the active target, but it does not show ${expected} (it shows "${shows}")`,
			);
		});
}
