import { readBrokerList } from './broker-list';

describe('readBrokerList (KAFKA_BROKERS for services and the CLI alike)', () => {
  it('reads one or more host:port entries, blanks around them ignored', () => {
    expect(readBrokerList('localhost:9092')).toEqual({ ok: true, brokers: ['localhost:9092'] });
    expect(readBrokerList(' kafka-1:9092 , 10.0.0.7:9093,kafka-3.internal:19092 ')).toEqual({
      ok: true,
      brokers: ['kafka-1:9092', '10.0.0.7:9093', 'kafka-3.internal:19092'],
    });
  });

  it.each([
    ['', 'no broker given'],
    ['localhost', 'entry 1 ("localhost") must be host:port'],
    ['a:9092,,b:9092', 'entry 2 ("") is empty'],
    ['a:9092,b:0', 'entry 2 ("b:0") has port 0: must be 1 to 65535'],
    ['a:70000', 'has port 70000'],
    ['[::1]:9092', 'IPv6 address literal'],
    ['::1:9092', 'must be host:port'],
    ['a b:9092', 'must be host:port'],
  ])('refuses %j, naming the entry and the rule', (value, problem) => {
    const reading = readBrokerList(value);
    expect(reading.ok).toBe(false);
    expect(reading.ok === false && reading.problem).toContain(problem);
  });
});
