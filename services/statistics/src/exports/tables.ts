// Each statistics answer as a table for download: the same figures as the JSON, headers in Chinese
// with their units. Amounts: exact yuan, and 万元 / 亿元 rounded half-up to two places.
import type {
  AnnualStatisticsResponse,
  BreakdownResponse,
  MonthlyStatisticsResponse,
  ProjectionResponse,
  StatAmount,
  SubsidyStatisticsRow,
} from '@ipledger/contracts';
import { DIMENSION_LABELS } from '../domain/categories';
import { inWan, inYi } from '../stat-amount';
import { decimal, integer, optionalDecimal, optionalInteger, text, type Cell, type Table, type TableSection } from './table';

const AMOUNT_HEADERS = ['金额（元）', '金额（万元）', '金额（亿元）'];
const amountCells = (amount: StatAmount): Cell[] => [decimal(amount.yuan), decimal(inWan(amount.yuan)), decimal(inYi(amount.yuan))];

const FIGURE_HEADERS = ['指标', '数值', '单位'];
const yuanFigure = (label: string, amount: StatAmount): Cell[] => [text(label), decimal(amount.yuan), text('元')];

/** Subsidies are 万元-sized: exact yuan and 万元, approved and paid side by side. */
const SUBSIDY_HEADERS = ['代码', '核准笔数', '核准金额（元）', '核准金额（万元）', '支付笔数', '支付金额（元）', '支付金额（万元）'];
const subsidyCells = (row: Pick<SubsidyStatisticsRow, 'approved' | 'paid'>): Cell[] => [
  integer(row.approved.count),
  decimal(row.approved.amount.yuan),
  decimal(inWan(row.approved.amount.yuan)),
  integer(row.paid.count),
  decimal(row.paid.amount.yuan),
  decimal(inWan(row.paid.amount.yuan)),
];

/** A subsidy breakdown ("扶持资金按区县") with its total row: the year's approved and paid. */
function subsidySection(
  by: string,
  rows: readonly SubsidyStatisticsRow[],
  total: Pick<SubsidyStatisticsRow, 'approved' | 'paid'>,
): TableSection {
  return {
    headers: [`扶持资金按${by}`, ...SUBSIDY_HEADERS],
    rows: [...rows.map((row) => [text(row.label), text(row.key), ...subsidyCells(row)]), [text('合计'), null, ...subsidyCells(total)]],
  };
}

export function annualTable(report: AnnualStatisticsResponse): Table {
  return {
    title: `年度统计 ${report.year}`,
    name: `ipledger-annual-${report.year}`,
    sections: [
      {
        headers: ['类别', '笔数', ...AMOUNT_HEADERS, '上年金额（元）', '同比增长（%）'],
        rows: [
          ...report.categories.map((entry) => [
            text(entry.label),
            integer(entry.count),
            ...amountCells(entry.amount),
            decimal(entry.previousAmount.yuan),
            optionalDecimal(entry.growthPercent),
          ]),
          [text('合计'), integer(report.count), ...amountCells(report.total), null, optionalDecimal(report.growthPercent)],
        ],
      },
      {
        headers: FIGURE_HEADERS,
        rows: [
          yuanFigure('年度目标', report.target),
          [text('目标完成进度'), decimal(report.targetProgressPercent), text('%')],
          [text('翻番基准年'), integer(report.baseYear), text('年')],
          yuanFigure('翻番目标', report.doublingGoal),
          [text('翻番完成进度'), decimal(report.doublingProgressPercent), text('%')],
          [text('质押申请'), integer(report.pledges.applications), text('笔')],
          [text('质押登记'), integer(report.pledges.registrations), text('笔')],
          [text('申请至登记用时中位数'), optionalInteger(report.pledges.medianDaysToRegistration), text('天')],
          [text('申请至登记用时90分位'), optionalInteger(report.pledges.p90DaysToRegistration), text('天')],
          [text('发放质押贷款'), integer(report.loans.disbursed), text('笔')],
          [text('违约贷款'), integer(report.loans.defaulted), text('笔')],
          [text('违约率'), optionalDecimal(report.loans.defaultRatePercent), text('%')],
          yuanFigure('核准风险补偿', report.compensation.approved),
          yuanFigure('支付风险补偿', report.compensation.paid),
          yuanFigure('追偿回收', report.compensation.recovered),
          yuanFigure('补偿资金年度预算', report.compensation.budgetAppropriated),
          yuanFigure('补偿资金预算已使用', report.compensation.budgetUsed),
          [text('核准扶持资金笔数'), integer(report.subsidies.approved.count), text('笔')],
          yuanFigure('核准扶持资金', report.subsidies.approved.amount),
          [text('支付扶持资金笔数'), integer(report.subsidies.paid.count), text('笔')],
          yuanFigure('支付扶持资金', report.subsidies.paid.amount),
        ],
      },
      subsidySection('类型', report.subsidies.byKind, report.subsidies),
      subsidySection(DIMENSION_LABELS.district, report.subsidies.byDistrict, report.subsidies),
      subsidySection(DIMENSION_LABELS.bank, report.subsidies.byBank, report.subsidies),
      subsidySection(DIMENSION_LABELS.industry, report.subsidies.byIndustry, report.subsidies),
    ],
  };
}

const BREAKDOWN_LABELS: Readonly<Record<BreakdownResponse['by'], string>> = {
  category: '类别',
  district: DIMENSION_LABELS.district,
  bank: DIMENSION_LABELS.bank,
  'ip-type': DIMENSION_LABELS['ip-type'],
  industry: DIMENSION_LABELS.industry,
};

export function breakdownTable(breakdown: BreakdownResponse): Table {
  const dimension = BREAKDOWN_LABELS[breakdown.by];
  const count = breakdown.rows.reduce((sum, row) => sum + row.count, 0);
  return {
    title: `按${dimension}统计 ${breakdown.year}`,
    name: `ipledger-breakdown-${breakdown.by}-${breakdown.year}`,
    sections: [
      {
        headers: [dimension, '代码', '笔数', ...AMOUNT_HEADERS],
        rows: [
          ...breakdown.rows.map((row) => [text(row.label), text(row.key), integer(row.count), ...amountCells(row.amount)]),
          [text('合计'), null, integer(count), ...amountCells(breakdown.total)],
        ],
      },
    ],
  };
}

export function monthlyTable(monthly: MonthlyStatisticsResponse): Table {
  return {
    title: `月度统计 ${monthly.year}`,
    name: `ipledger-monthly-${monthly.year}`,
    sections: [
      {
        headers: ['月份', '许可（元）', '转让（元）', '出资入股（元）', '质押融资（元）', '合计（元）', '合计（万元）', '合计（亿元）'],
        rows: monthly.rows.map((row) => [
          integer(row.month),
          decimal(row.licensing.yuan),
          decimal(row.transfer.yuan),
          decimal(row.capitalContribution.yuan),
          decimal(row.pledgeFinancing.yuan),
          ...amountCells(row.total),
        ]),
      },
    ],
  };
}

const METHOD_LABELS: Readonly<Record<ProjectionResponse['method'], string>> = {
  'same-month-share': '往年同期占比',
  linear: '线性外推',
};

export function projectionTable(projection: ProjectionResponse): Table {
  return {
    title: `年末预测 ${projection.year}`,
    name: `ipledger-projection-${projection.year}`,
    sections: [
      {
        headers: ['指标', ...AMOUNT_HEADERS],
        rows: [
          [text(`截至${projection.throughMonth}月累计`), ...amountCells(projection.yearToDate)],
          [text('预计全年'), ...amountCells(projection.projected)],
          [text('年度目标'), ...amountCells(projection.target)],
        ],
      },
      {
        headers: ['项目', '内容'],
        rows: [
          [text('测算方法'), text(METHOD_LABELS[projection.method])],
          [text('往年同期占比（%）'), optionalDecimal(projection.historicalSharePercent)],
          [text('参考年份'), text(projection.yearsUsed.join('、'))],
        ],
      },
      {
        headers: ['预警', '说明'],
        rows: projection.warnings.map((warning) => [text(warning.code), text(warning.message)]),
      },
    ],
  };
}
