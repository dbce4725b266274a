import './style.css';
import { ApiError, login, logout, session, setUnauthenticatedHandler, describeError, type Role } from './api';
import { clear, h } from './dom';
import { disposeCharts } from './charts';
import { statisticsPage } from './pages/statistics';
import { registrationQueuePage, claimsQueuePage, claimPage, policiesPage, auditPage } from './pages/bureau';
import { applyPage, bankPledgesPage, bankLoansPage, bankClaimsPage } from './pages/bank';
import { pledgePage } from './pages/pledge';
import { calendarPage } from './pages/calendar';

interface Route {
  path: string;
  title: string;
  roles: Role[];
  render: (main: HTMLElement, params: string[]) => void;
  nav?: boolean;
}

const ROUTES: Route[] = [
  { path: '/stats', title: '统计', roles: ['statistician', 'bureau'], render: (main) => statisticsPage(main), nav: true },
  { path: '/bureau/pledges', title: '质押登记', roles: ['bureau'], render: (main) => registrationQueuePage(main), nav: true },
  { path: '/bureau/pledges/:id', title: '质押', roles: ['bureau'], render: (main, [id]) => pledgePage(main, id ?? '', 'bureau') },
  { path: '/bureau/claims', title: '补偿审核', roles: ['bureau'], render: (main) => claimsQueuePage(main, navigate), nav: true },
  { path: '/bureau/claims/:id', title: '补偿申请', roles: ['bureau'], render: (main, [id]) => claimPage(main, id ?? '') },
  { path: '/bureau/policies', title: '补偿政策', roles: ['bureau'], render: (main) => policiesPage(main), nav: true },
  { path: '/bureau/audit', title: '审计日志', roles: ['bureau'], render: (main) => auditPage(main), nav: true },
  { path: '/bureau/calendar', title: '工作日历', roles: ['bureau'], render: (main) => calendarPage(main), nav: true },
  { path: '/bank/apply', title: '质押申请', roles: ['bank'], render: (main) => applyPage(main, navigate), nav: true },
  { path: '/bank/pledges', title: '我的质押', roles: ['bank'], render: (main) => bankPledgesPage(main), nav: true },
  { path: '/bank/pledges/:id', title: '质押', roles: ['bank'], render: (main, [id]) => pledgePage(main, id ?? '', 'bank') },
  { path: '/bank/loans', title: '贷款与还款', roles: ['bank'], render: (main) => bankLoansPage(main), nav: true },
  { path: '/bank/claims', title: '补偿申请', roles: ['bank'], render: (main) => bankClaimsPage(main), nav: true },
];

const ROLE_LABELS: Record<string, string> = {
  bank: '银行',
  bureau: '知识产权局',
  statistician: '统计',
  appraiser: '评估机构',
  guarantor: '担保机构',
  insurer: '保险机构',
};
const HOME: Partial<Record<Role, string>> = { statistician: '/stats', bureau: '/bureau/pledges', bank: '/bank/apply' };

const app = document.getElementById('app') as HTMLElement;

function match(pathname: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const pattern = new RegExp(`^${route.path.replace(/:[a-z]+/g, '([^/]+)')}/?$`);
    const found = pattern.exec(pathname);
    if (found) return { route, params: found.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  render();
}

function render(): void {
  disposeCharts();
  clear(app);
  const current = session();
  if (current === null) return renderLogin();
  const home = HOME[current.role];
  if (home === undefined) {
    app.appendChild(
      h(
        'div',
        { class: 'login' },
        h('p', {}, `角色「${ROLE_LABELS[current.role] ?? current.role}」暂无控制台页面。`),
        h('button', { onclick: signOut }, '退出'),
      ),
    );
    return;
  }
  const found = match(location.pathname);
  if (found === undefined || !found.route.roles.includes(current.role)) {
    history.replaceState(null, '', home);
    return render();
  }
  const main = h('main', { 'data-testid': 'page' });
  const nav = h(
    'nav',
    {},
    ROUTES.filter((route) => route.nav && route.roles.includes(current.role)).map((route) =>
      h(
        'a',
        {
          href: route.path,
          class: location.pathname.startsWith(route.path) ? 'active' : undefined,
          onclick: (event: Event) => {
            event.preventDefault();
            navigate(route.path);
          },
        },
        route.title,
      ),
    ),
  );
  app.appendChild(
    h(
      'div',
      { class: 'shell' },
      h(
        'header',
        {},
        h('span', { class: 'brand' }, 'iPledger 知识产权质押融资'),
        nav,
        h(
          'span',
          { class: 'who', 'data-testid': 'who' },
          `${current.subject}（${ROLE_LABELS[current.role] ?? current.role} · ${current.orgId}）`,
        ),
        h('button', { class: 'link', onclick: signOut }, '退出'),
      ),
      main,
    ),
  );
  document.title = `${found.route.title} · iPledger`;
  found.route.render(main, found.params);
}

function signOut(): void {
  logout();
  history.pushState(null, '', '/login');
  render();
}

function renderLogin(): void {
  if (location.pathname !== '/login') history.replaceState({ next: location.pathname }, '', '/login');
  document.title = '登录 · iPledger';
  const message = h('div', { class: 'form-message' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, '登录');
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        submit.disabled = true;
        clear(message);
        try {
          const signedIn = await login(username.value.trim(), password.value);
          history.replaceState(null, '', HOME[signedIn.role] ?? '/');
          render();
        } catch (error) {
          message.appendChild(
            h(
              'div',
              { class: 'error', role: 'alert' },
              error instanceof ApiError && error.status === 401 ? '用户名或密码错误' : describeError(error),
            ),
          );
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, 'iPledger 知识产权质押融资管理平台'),
    h('label', {}, '用户名', username),
    h('label', {}, '密码', password),
    submit,
    message,
  );
  app.appendChild(form);
  username.focus();
}

setUnauthenticatedHandler(() => {
  if (location.pathname !== '/login') {
    history.pushState(null, '', '/login');
    render();
  }
});
window.addEventListener('popstate', render);
render();
