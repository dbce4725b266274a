// The risk-compensation service in-process on the test run's real PostgreSQL and Kafka, as its
// integration specs start it, with the calls they make: POST and GET that answer the error body
// too, and the server's clock set to a day. Call it inside a describe (it registers the hooks that
// start and stop the service); restore the clock with jest.restoreAllMocks.
import type { ErrorBody, TopicId } from '@ipledger/contracts';
import { Clock, createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { serviceUnderTest } from '@ipledger/testing';
import { PrismaClient } from '../database';
import { RiskCompensationModule } from '../risk-compensation.module';

export type Answer<T> = Promise<{ status: number; body: T & ErrorBody }>;

export function riskCompensationUnderTest(readTopics: TopicId[]) {
  const sut = serviceUnderTest(
    {
      service: 'risk-compensation',
      schema: 'risk_compensation',
      prismaClient: PrismaClient,
      consumer: 'risk-compensation',
      module: RiskCompensationModule,
    },
    {
      createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)),
      readTopics,
    },
  );
  return {
    sut,
    post: <T>(path: string, headers: Record<string, string>, body: unknown = {}): Answer<T> =>
      sut.call<T & ErrorBody>('POST', path, headers, body),
    get: <T>(path: string, headers: Record<string, string>): Answer<T> => sut.call<T & ErrorBody>('GET', path, headers),
    /** The server's clock at 10:00 in China on `date`: every date of a command comes from it. */
    today: (date: string): void => {
      jest.spyOn(sut.app.get(Clock), 'now').mockReturnValue(new Date(`${date}T02:00:00.000Z`));
    },
  };
}
