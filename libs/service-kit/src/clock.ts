import { Injectable } from '@nestjs/common';
import { todayInChina } from './dates';

/**
 * The server's clock: every date that decides money (when a command was received, decided,
 * approved or paid) comes from here, never from the caller. One provider per process, so an
 * integration test can move time (`jest.spyOn(app.get(Clock), 'now')`) without any HTTP way to
 * do the same.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date in China (Asia/Shanghai, UTC+8), YYYY-MM-DD. */
  today(): string {
    return todayInChina(() => this.now());
  }
}
