import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { laterEnd, parsePartialDate } from './dates';

describe('parsePartialDate', () => {
  it.each([
    // single dates, at the precision given
    ['2022', '2022', '2022'],
    ['2022-03', '2022-03', '2022-03'],
    ['2022-3', '2022-03', '2022-03'],
    ['2022-03-14', '2022-03-14', '2022-03-14'],
    ['March 2022', '2022-03', '2022-03'],
    ['Mar 2022', '2022-03', '2022-03'],
    ['mar. 2022', '2022-03', '2022-03'],
    ['Sept 2021', '2021-09', '2021-09'],
    ['14 March 2022', '2022-03-14', '2022-03-14'],
    ['14th March 2022', '2022-03-14', '2022-03-14'],
    ['March 14, 2022', '2022-03-14', '2022-03-14'],
    ['March 14 2022', '2022-03-14', '2022-03-14'],
    ['2024-02-29', '2024-02-29', '2024-02-29'],
    // periods
    ['2021/2023', '2021', '2023'],
    ['2021-2023', '2021', '2023'],
    ['2021 - 2023', '2021', '2023'],
    ['2021–2023', '2021', '2023'],
    ['2021 to 2023', '2021', '2023'],
    ['from 2021 until 2023', '2021', '2023'],
    ['between 2021 and 2023', '2021', '2023'],
    ['2022-03/2022-06', '2022-03', '2022-06'],
    ['2021-03-2023-05', '2021-03', '2023-05'],
    ['March–June 2022', '2022-03', '2022-06'],
    ['March-June 2022', '2022-03', '2022-06'],
    ['March 2022 to June 2023', '2022-03', '2023-06'],
    ['14–16 March 2022', '2022-03-14', '2022-03-16'],
    ['March 14–16, 2022', '2022-03-14', '2022-03-16'],
    ['November 2023 – January 2024', '2023-11', '2024-01'],
    // named spans
    ['early 2022', '2022-01', '2022-04'],
    ['mid-2022', '2022-05', '2022-08'],
    ['late 2022', '2022-09', '2022-12'],
    ['Q3 2021', '2021-07', '2021-09'],
    ['2021 Q1', '2021-01', '2021-03'],
    ['1990s', '1990', '1999'],
  ])('reads %j as %s .. %s', (input, start, end) => {
    expect(parsePartialDate(input)).toEqual({ text: input.trim(), start, end });
  });

  it('treats empty input as no date and trims what it keeps', () => {
    expect(parsePartialDate('')).toBeNull();
    expect(parsePartialDate('   ')).toBeNull();
    expect(parsePartialDate('  March   2022 ')).toEqual({ text: 'March 2022', start: '2022-03', end: '2022-03' });
  });

  it.each(['yesterday', 'March', '14 March', '2022-13', '2022-02-30', '2023-02-29', '31 April 2022', '22', '2022-03-14-01', 'March 2022 2023', '0000', '12/03/2022'])(
    'refuses %j with an example of what works',
    (input) => {
      let error: unknown;
      try {
        parsePartialDate(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('invalid_argument');
      expect((error as ApiError).message).toMatch(/2022-03/);
    },
  );

  it('refuses a period that ends before it starts', () => {
    expect(() => parsePartialDate('2023-2021')).toThrow(/ends before it starts/);
    expect(() => parsePartialDate('June–March 2022')).toThrow(/ends before it starts/);
  });

  it('compares upper bounds across precisions', () => {
    expect(laterEnd('2022', '2022-03')).toBe('2022');
    expect(laterEnd('2022-03', '2022-03-31')).toBe('2022-03');
    expect(laterEnd('2021-12-31', '2022')).toBe('2022');
  });
});
