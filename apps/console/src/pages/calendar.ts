// 工作日历: the PRC working-day calendar as the bureau maintains it. Every year's revisions (the one
// in force marked), a form to draft a year or a correction from the State Council notice, and
// publishing, which the server allows only to a bureau user other than the drafter (四眼原则).
import { get, post } from '../api';
import { clear, h, table } from '../dom';
import { dateTime, status } from '../format';
import { badge, card, errorBox, load, notice, showFieldErrors } from '../ui';

interface CalendarYear {
  id: string;
  year: number;
  revision: number;
  status: string;
  inForce: boolean;
  source: string;
  holidays: string[];
  makeUpWorkingDays: string[];
  draftedByUserId: string | null;
  publishedByUserId: string | null;
  publishedAt: string | null;
}

/** Dates typed one per line or separated by commas or spaces. */
function dates(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function calendarPage(main: HTMLElement): void {
  const list = h('div');
  const editor = h('div');
  const flash = h('div');
  main.append(
    h('div', { class: 'page-title' }, h('h2', {}, '工作日历'), h('button', { class: 'secondary', onclick: () => draftForm() }, '录入年度')),
    h(
      'p',
      { class: 'muted' },
      '按国务院办公厅节假日安排通知录入；未录入的年度按周一至周五计算，相关期限标为“暂定”。发布须由起草人以外的局内人员进行。',
    ),
    flash,
    card('年度与修订', list),
    editor,
  );
  const refresh = () =>
    void load(list, async () => {
      const { items } = await get<{ items: CalendarYear[] }>('/api/calendar/years');
      return table(
        ['年度', '修订', '状态', '节假日（工作日休息）', '调休上班', '依据', '起草 / 发布', '操作'],
        [...items]
          .sort((a, b) => b.year - a.year || b.revision - a.revision)
          .map((year) => [
            String(year.year),
            `第 ${year.revision} 版`,
            year.inForce ? badge('现行', 'approved') : badge(status(year.status), year.status.toLowerCase()),
            `${year.holidays.length} 天`,
            year.makeUpWorkingDays.join('、') || '—',
            year.source,
            `${year.draftedByUserId ?? '随系统发布'} / ${year.publishedByUserId ?? (year.publishedAt ? '随系统发布' : '—')}${year.publishedAt ? `（${dateTime(year.publishedAt)}）` : ''}`,
            h(
              'span',
              { class: 'actions' },
              year.status === 'DRAFT' ? h('button', { class: 'small', onclick: () => publish(year) }, '发布') : null,
              year.status === 'PUBLISHED' && year.inForce
                ? h('button', { class: 'small secondary', onclick: () => draftForm(year) }, '更正')
                : null,
            ),
          ]),
        '暂无日历',
        'calendar-years',
      );
    });
  const publish = async (year: CalendarYear) => {
    clear(flash);
    try {
      await post(`/api/calendar/years/${year.id}/publish`);
      flash.appendChild(notice(`已发布 ${year.year} 年第 ${year.revision} 版`));
      refresh();
    } catch (error) {
      flash.appendChild(errorBox(error));
    }
  };
  const draftForm = (base?: CalendarYear) => {
    clear(editor);
    const year = h('input', {
      type: 'number',
      min: '1949',
      max: '9999',
      value: String(base?.year ?? new Date().getFullYear() + 1),
      'data-field': 'year',
    });
    const source = h('input', {
      type: 'text',
      value: base?.source ?? '',
      placeholder: '国务院办公厅关于……年部分节假日安排的通知',
      'data-field': 'source',
    });
    const holidays = h('textarea', { rows: 6, 'data-field': 'holidays', placeholder: '每行一个日期，如 2027-01-01' });
    holidays.value = (base?.holidays ?? []).join('\n');
    const makeUp = h('textarea', { rows: 3, 'data-field': 'makeUpWorkingDays', placeholder: '调休上班的周六、周日' });
    makeUp.value = (base?.makeUpWorkingDays ?? []).join('\n');
    const message = h('div');
    const form: HTMLFormElement = h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          clear(message);
          try {
            await post('/api/calendar/years', {
              year: Number(year.value),
              source: source.value.trim(),
              holidays: dates(holidays.value),
              makeUpWorkingDays: dates(makeUp.value),
            });
            clear(editor);
            clear(flash);
            flash.appendChild(notice('草稿已保存，须由另一位局内人员发布'));
            refresh();
          } catch (error) {
            showFieldErrors(form, message, error);
          }
        },
      },
      h('label', {}, '年度', year),
      h('label', {}, '依据（通知名称与文号）', source),
      h('label', {}, '节假日（逢工作日的休息日）', holidays),
      h('label', {}, '调休上班日（周六、周日）', makeUp),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, '保存草稿'),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear(editor) }, '取消'),
      ),
      message,
    );
    editor.appendChild(card(base ? `更正 ${base.year} 年日历` : '录入年度日历', form));
  };
  refresh();
}
