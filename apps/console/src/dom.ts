// A tiny element builder: text is always set as text (never parsed as HTML).
type Child = Node | string | number | null | undefined | false;
/** An event handler may be async: its promise is settled here, a rejection reported like an uncaught error. */
type Handler = (event: Event) => void | Promise<void>;
type Attrs = Record<string, string | number | boolean | undefined | null | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.replace(/^on/, '').toLowerCase(), listener(value));
    else if (key === 'value' && 'value' in element) (element as HTMLInputElement).value = String(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function listener(handler: Handler): (event: Event) => void {
  return (event) => {
    void Promise.resolve(handler(event)).catch(reportError);
  };
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function table(headers: string[], rows: Child[][], empty = '暂无数据', testId?: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty', 'data-testid': testId ? `${testId}-empty` : undefined }, empty);
  return h(
    'table',
    { 'data-testid': testId },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', {}, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}
