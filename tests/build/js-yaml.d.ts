// The one function of js-yaml (a development dependency without bundled types) the deployment tests use.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
