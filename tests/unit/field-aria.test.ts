// fieldAria: a form control names its error (first, so it is read first) and its hint, and only ids that exist.
import { describe, expect, it } from 'vitest';
import { fieldAria } from '../../src/components/field-aria.ts';

describe('fieldAria', () => {
  it('marks a field with an error invalid and points at the error first, then the hint', () => {
    expect(fieldAria('number', '校验位不符', { hint: true })).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'number-error number-hint' });
  });
  it('points at the hint alone while the field is fine', () => {
    expect(fieldAria('number', undefined, { hint: true })).toEqual({ 'aria-invalid': undefined, 'aria-describedby': 'number-hint' });
  });
  it('sets nothing for a fine field without a hint (no dangling id reference)', () => {
    expect(fieldAria('kind', undefined)).toEqual({ 'aria-invalid': undefined, 'aria-describedby': undefined });
    expect(fieldAria('kind', '')).toEqual({ 'aria-invalid': undefined, 'aria-describedby': undefined });
  });
  it('points at the error alone when there is no hint', () => {
    expect(fieldAria('kind', '请选择')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'kind-error' });
  });
});
