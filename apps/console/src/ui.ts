import { describeError, type ErrorDetail, ApiError } from './api';
import { clear, h } from './dom';

/** Fills `target` with a loading line, then what `render` builds, or an error state (never a crash). */
export async function load(target: HTMLElement, render: () => Promise<Node | Node[]>): Promise<void> {
  clear(target);
  target.appendChild(h('p', { class: 'loading' }, '加载中…'));
  try {
    const built = await render();
    clear(target);
    for (const node of Array.isArray(built) ? built : [built]) target.appendChild(node);
  } catch (error) {
    clear(target);
    target.appendChild(errorBox(error));
  }
}

export function errorBox(error: unknown): HTMLElement {
  const details: ErrorDetail[] = error instanceof ApiError ? error.details : [];
  return h(
    'div',
    { class: 'error', role: 'alert', 'data-testid': 'error' },
    h('strong', {}, '出错了：'),
    describeError(error),
    details.length > 0
      ? h(
          'ul',
          {},
          details.map((detail) => h('li', {}, `${detail.field}：${detail.rule}`)),
        )
      : null,
  );
}

export function notice(text: string): HTMLElement {
  return h('div', { class: 'notice', role: 'status', 'data-testid': 'notice' }, text);
}

export function card(title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h3', {}, title), ...children);
}

export function badge(text: string, kind = ''): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}

/** Shows the API's validation errors next to the fields (`data-field` = the API's field path) and in a summary. */
export function showFieldErrors(form: HTMLElement, summary: HTMLElement, error: unknown): void {
  for (const old of Array.from(form.querySelectorAll('.field-error'))) old.remove();
  clear(summary);
  summary.appendChild(errorBox(error));
  if (!(error instanceof ApiError)) return;
  for (const detail of error.details) {
    const field = form.querySelector(`[data-field="${CSS.escape(detail.field)}"]`);
    field?.parentElement?.appendChild(h('span', { class: 'field-error', 'data-testid': `field-error-${detail.field}` }, detail.rule));
  }
}
