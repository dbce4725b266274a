// The statistics endpoints. JSON by default; format=csv|xlsx answers the same table as a file.
import { Controller, type StreamableFile } from '@nestjs/common';
import type {
  AnnualStatisticsResponse,
  BreakdownQuery,
  BreakdownResponse,
  MonthlyStatisticsResponse,
  ProjectionResponse,
  StatisticsYearQuery,
} from '@ipledger/contracts';
import { ApiRoute, ValidQuery } from '@ipledger/service-kit';
import type { z } from 'zod';
import { download } from './exports/download';
import type { Table } from './exports/table';
import { annualTable, breakdownTable, monthlyTable, projectionTable } from './exports/tables';
import { StatisticsService } from './statistics.service';

type YearQuery = z.infer<typeof StatisticsYearQuery>;

@Controller()
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @ApiRoute('GET', '/api/statistics/annual')
  async annual(@ValidQuery() query: YearQuery): Promise<AnnualStatisticsResponse | StreamableFile> {
    return answer(query.format, await this.statistics.annual(query.year), annualTable);
  }

  @ApiRoute('GET', '/api/statistics/breakdown')
  async breakdown(@ValidQuery() query: z.infer<typeof BreakdownQuery>): Promise<BreakdownResponse | StreamableFile> {
    return answer(query.format, await this.statistics.breakdown(query.year, query.by), breakdownTable);
  }

  @ApiRoute('GET', '/api/statistics/monthly')
  async monthly(@ValidQuery() query: YearQuery): Promise<MonthlyStatisticsResponse | StreamableFile> {
    return answer(query.format, await this.statistics.monthly(query.year), monthlyTable);
  }

  @ApiRoute('GET', '/api/statistics/projection')
  async projection(@ValidQuery() query: YearQuery): Promise<ProjectionResponse | StreamableFile> {
    return answer(query.format, await this.statistics.projection(query.year), projectionTable);
  }
}

function answer<R>(format: YearQuery['format'], response: R, toTable: (response: R) => Table): R | Promise<StreamableFile> {
  return format === 'json' ? response : download(toTable(response), format);
}
