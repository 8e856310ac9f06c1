import { Textarea, type TextareaProps } from '@mantine/core';
import { forwardRef, type CSSProperties } from 'react';

export interface GrowingTextareaProps extends Omit<TextareaProps, 'autosize' | 'minRows' | 'maxRows' | 'rows'> {
  /** Lines shown when empty (default 1). */
  minRows?: number;
  /** Lines it grows to before it scrolls (no limit when unset). */
  maxRows?: number;
}

/** `n` lines of text plus the input's padding and border, as a CSS length. */
const lines = (n: number) => `calc(${n}lh + 2 * var(--input-padding-y, 0px) + 2px)`;

/**
 * A Mantine textarea that grows with its text through CSS (`field-sizing: content`, Chromium
 * 123+, so every Electron we ship). Mantine's `autosize` measures the text in a hidden copy with
 * `getComputedStyle` after every render, a forced style and layout: 10-34 ms of each answer in
 * the soak bench, as the note editor and the case form re-render while the call connects.
 */
export const GrowingTextarea = forwardRef<HTMLTextAreaElement, GrowingTextareaProps>(function GrowingTextarea({ minRows = 1, maxRows, ...props }, ref) {
  const input = {
    fieldSizing: 'content',
    minHeight: lines(minRows),
    ...(maxRows === undefined ? {} : { maxHeight: lines(maxRows) }),
  } as CSSProperties;
  return <Textarea ref={ref} rows={minRows} {...props} styles={{ input }} />;
});
