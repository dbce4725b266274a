// What both e2e scenarios need besides the system: today's dates and waiting for a command that
// depends on facts other services learn through events.
import { pollUntil } from '@ipledger/testing';
import type { ApiResponse } from './api-client';

/** Dates in China (Asia/Shanghai), as the services date what they decide (a registration is dated by the server). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const today = new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
export const nextYear = new Date(Date.now() + CHINA_OFFSET_MS + 365 * 86_400_000).toISOString().slice(0, 10);

/** Repeats a request until it answers `status` (other services learn of commands through events). */
export function until<T>(status: number, request: () => Promise<ApiResponse<T>>, description: string): Promise<T> {
  return pollUntil(
    async () => {
      const response = await request();
      return response.status === status ? response.body : undefined;
    },
    { description },
  );
}
