import ExcelJS from 'exceljs';
import type { AnnualStatisticsResponse, BreakdownResponse } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { inWan, inYi, statAmount } from '../stat-amount';
import { toCsv } from './csv';
import { decimal, integer, text, type Table } from './table';
import { annualTable, breakdownTable } from './tables';
import { DECIMAL_FORMAT, toXlsx } from './xlsx';

const amount = (yuan: string) => statAmount(Money.of(yuan));

describe('amounts in 万元 and 亿元', () => {
  it('rounds half-up to two places, with the unit stated for display and plain for files', () => {
    expect(amount('2000050.00')).toEqual({ yuan: '2000050.00', wan: '200.01 万元', yi: '0.02 亿元' });
    expect(amount('12345678901.23')).toEqual({ yuan: '12345678901.23', wan: '1,234,567.89 万元', yi: '123.46 亿元' });
    expect(inWan('2000049.99')).toBe('200.00');
    expect(inWan('2000050.00')).toBe('200.01');
    expect(inYi('1500000000.00')).toBe('15.00');
    expect(inYi('0.00')).toBe('0.00');
  });
});

const breakdown: BreakdownResponse = {
  year: 2025,
  by: 'district',
  rows: [
    { key: '500112', label: '渝北区', count: 3, amount: amount('8000000.00') },
    { key: '500103', label: '渝中区', count: 2, amount: amount('7000050.00') },
  ],
  total: amount('15000050.00'),
};

describe('tables', () => {
  it('turn a breakdown into Chinese headers with units, exact yuan and a total row', () => {
    const table = breakdownTable(breakdown);
    expect(table.name).toBe('ipledger-breakdown-district-2025');
    expect(table.sections[0].headers).toEqual(['区县', '代码', '笔数', '金额（元）', '金额（万元）', '金额（亿元）']);
    expect(table.sections[0].rows[2]).toEqual([
      text('合计'),
      null,
      integer(5),
      decimal('15000050.00'),
      decimal('1500.01'),
      decimal('0.15'),
    ]);
  });
});

describe('the annual table’s subsidies', () => {
  const zero = amount('0.00');
  const figures = (count: number, yuan: string) => ({ count, amount: amount(yuan) });
  const report: AnnualStatisticsResponse = {
    year: 2025,
    categories: [],
    total: zero,
    count: 0,
    growthPercent: null,
    target: amount('10000000000.00'),
    targetProgressPercent: '0.00',
    baseYear: 2015,
    doublingGoal: amount('10000000000.00'),
    doublingProgressPercent: '0.00',
    pledges: { applications: 0, registrations: 0, medianDaysToRegistration: null, p90DaysToRegistration: null },
    loans: { disbursed: 0, defaulted: 0, defaultRatePercent: null },
    compensation: { approved: zero, paid: zero, recovered: zero, budgetAppropriated: zero, budgetUsed: zero },
    subsidies: {
      approved: figures(2, '75000.01'),
      paid: figures(1, '45000.00'),
      byKind: [
        { key: 'interest', label: '贴息', approved: figures(1, '45000.00'), paid: figures(1, '45000.00') },
        { key: 'evaluation-fee', label: '评估费补贴', approved: figures(1, '30000.01'), paid: figures(0, '0.00') },
        { key: 'guarantee-fee', label: '担保费补贴', approved: figures(0, '0.00'), paid: figures(0, '0.00') },
        { key: 'insurance-premium', label: '保险费补贴', approved: figures(0, '0.00'), paid: figures(0, '0.00') },
      ],
      byDistrict: [{ key: '500112', label: '渝北区', approved: figures(2, '75000.01'), paid: figures(1, '45000.00') }],
      byBank: [{ key: 'bank-cq-a', label: 'bank-cq-a', approved: figures(2, '75000.01'), paid: figures(1, '45000.00') }],
      byIndustry: [{ key: 'unclassified', label: '未分类', approved: figures(2, '75000.01'), paid: figures(1, '45000.00') }],
    },
  };

  it('adds the year’s figures and a section per breakdown, approved and paid in yuan and 万元, with a total row', () => {
    const table = annualTable(report);
    expect(table.sections[1].rows.slice(-4)).toEqual([
      [text('核准扶持资金笔数'), integer(2), text('笔')],
      [text('核准扶持资金'), decimal('75000.01'), text('元')],
      [text('支付扶持资金笔数'), integer(1), text('笔')],
      [text('支付扶持资金'), decimal('45000.00'), text('元')],
    ]);
    expect(table.sections.slice(2).map((section) => section.headers[0])).toEqual([
      '扶持资金按类型',
      '扶持资金按区县',
      '扶持资金按银行',
      '扶持资金按行业',
    ]);
    const [byKind] = table.sections.slice(2);
    expect(byKind.headers).toEqual([
      '扶持资金按类型',
      '代码',
      '核准笔数',
      '核准金额（元）',
      '核准金额（万元）',
      '支付笔数',
      '支付金额（元）',
      '支付金额（万元）',
    ]);
    expect(byKind.rows[1]).toEqual([
      text('评估费补贴'),
      text('evaluation-fee'),
      integer(1),
      decimal('30000.01'),
      decimal('3.00'),
      integer(0),
      decimal('0.00'),
      decimal('0.00'),
    ]);
    expect(byKind.rows[4]).toEqual([
      text('合计'),
      null,
      integer(2),
      decimal('75000.01'),
      decimal('7.50'),
      integer(1),
      decimal('45000.00'),
      decimal('4.50'),
    ]);
  });
});

describe('CSV', () => {
  const table: Table = {
    title: 't',
    name: 't',
    sections: [
      {
        headers: ['名称', '金额（元）'],
        rows: [
          [text('甲, "乙"'), decimal('1234.50')],
          [text('=HYPERLINK()'), null],
        ],
      },
      { headers: ['指标'], rows: [[integer(7)]] },
    ],
  };

  it('starts with the UTF-8 BOM, quotes what needs quoting, neutralises formulas and separates sections', () => {
    const bytes = toCsv(table);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1)).toBe('名称,金额（元）\r\n"甲, ""乙""",1234.50\r\n\'=HYPERLINK(),\r\n\r\n指标\r\n7\r\n');
  });
});

describe('XLSX', () => {
  it('writes one sheet with bold headers and numbers as numbers with thousands separators', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(breakdownTable(breakdown))) as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('按区县统计 2025');
    expect(sheet.getRow(1).getCell(4).value).toBe('金额（元）');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(3).values).toEqual([undefined, '渝中区', '500103', 2, 7000050, 700.01, 0.07]);
    expect(sheet.getRow(3).getCell(4).numFmt).toBe(DECIMAL_FORMAT);
    expect(sheet.getRow(4).getCell(1).value).toBe('合计');
    expect(sheet.getRow(4).getCell(4).value).toBe(15000050);
  });
});
