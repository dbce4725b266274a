import { Controller, Param } from '@nestjs/common';
import type { CalendarYearListResponse, CalendarYearResponse, DraftCalendarYearRequest, ListCalendarYearsQuery } from '@ipledger/contracts';
import { ApiRoute, Context, ValidBody, ValidQuery, type CommandContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import { CalendarService } from './calendar.service';

@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @ApiRoute('GET', '/api/calendar/years')
  async list(@ValidQuery() query: z.infer<typeof ListCalendarYearsQuery>): Promise<z.infer<typeof CalendarYearListResponse>> {
    return { items: await this.calendar.list(query) };
  }

  @ApiRoute('POST', '/api/calendar/years')
  draft(@ValidBody() body: DraftCalendarYearRequest, @Context() ctx: CommandContext): Promise<CalendarYearResponse> {
    return this.calendar.draft(body, ctx);
  }

  @ApiRoute('POST', '/api/calendar/years/{calendarYearId}/publish')
  publish(@Param('calendarYearId') calendarYearId: string, @Context() ctx: CommandContext): Promise<CalendarYearResponse> {
    return this.calendar.publish(calendarYearId, ctx);
  }
}
