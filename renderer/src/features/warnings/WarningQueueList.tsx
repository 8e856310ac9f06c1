import { Badge, Box, Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GradeSetting } from '@shared/schemas/warning';
import { autoCallBadge } from './auto-call-progress';
import { isItemOverdue, type QueueItem } from './queue-order';

const ROW_HEIGHT = 52;
const FALLBACK_COLOUR: Record<string, string> = { extreme: '#7b1fa2', high: '#d32f2f', medium: '#f57c00', low: '#1976d2' };

export interface WarningQueueListProps {
  items: QueueItem[];
  grades: GradeSetting[];
  selectedId: string | null;
  onSelect(id: string): void;
  now: number;
  height?: number;
}

/**
 * The queue, virtualised: only the rows in view (plus a few) are in the DOM, so a day's
 * 10,000 instructions scroll smoothly. Overdue rows are tinted and marked.
 */
export function WarningQueueList({ items, grades, selectedId, onSelect, now, height = 420 }: WarningQueueListProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualiser's functions are only read during this render; nothing memoised receives them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // jsdom and the first paint have no layout yet; start from the intended viewport.
    initialRect: { width: 400, height },
  });
  const selectedIndex = items.findIndex((i) => i.id === selectedId);
  // The selected row stays in view (picked by key, or the list shrank under it).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, height, virtualizer]);
  /** ↑/↓ move the selection, Home/End jump; the list is one Tab stop (a listbox). */
  const onKeyDown = (e: KeyboardEvent) => {
    const last = items.length - 1;
    const next = e.key === 'ArrowDown' ? Math.min(last, selectedIndex + 1) : e.key === 'ArrowUp' ? Math.max(0, selectedIndex - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null || last < 0) return;
    e.preventDefault();
    onSelect(items[next]!.id);
  };
  const colourOf = (grade: string) => grades.find((g) => g.grade === grade)?.colour ?? FALLBACK_COLOUR[grade] ?? 'gray';

  return (
    <Box
      ref={scrollRef}
      style={{ height, overflowY: 'auto' }}
      data-testid="warning-queue"
      role="listbox"
      aria-label={t('warnings.tab')}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={selectedId ? `warning-row-${selectedId}` : undefined}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index] as QueueItem;
          const overdue = isItemOverdue(item, now);
          const auto = autoCallBadge(item);
          return (
            <Box
              key={item.id}
              role="option"
              id={`warning-row-${item.id}`}
              aria-selected={item.id === selectedId}
              data-selected={item.id === selectedId || undefined}
              data-testid="warning-row"
              data-id={item.id}
              data-overdue={overdue || undefined}
              onClick={() => onSelect(item.id)}
              px="xs"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
                cursor: 'pointer',
                borderLeft: `4px solid ${colourOf(item.grade)}`,
                background: overdue ? 'var(--mantine-color-red-1)' : item.id === selectedId ? 'var(--mantine-color-blue-1)' : undefined,
                outline: item.id === selectedId ? '2px solid var(--mantine-color-blue-7)' : undefined,
                outlineOffset: -2,
              }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={6} wrap="nowrap">
                  <Badge color={colourOf(item.grade)} size="sm">
                    {t(`warnings.grade.${item.grade}`)}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {item.personName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`case.fraudType.${item.fraudType}`)}
                  </Text>
                </Group>
                <Group gap={6} wrap="nowrap">
                  {auto && (
                    <Badge color={auto.color} variant="light" size="xs" data-testid="warning-auto-call">
                      {t(auto.key, auto.values)}
                    </Badge>
                  )}
                  {overdue && (
                    <Badge color="red" variant="filled" size="xs">
                      {t('warnings.overdue')}
                    </Badge>
                  )}
                  <Badge variant="light" size="sm" data-testid="warning-state">
                    {t(`warnings.state.${item.state}`)}
                  </Badge>
                </Group>
              </Group>
              <Text size="xs" c="dimmed">
                {t('warnings.age', { minutes: Math.max(0, Math.floor((now - item.issuedAt) / 60_000)) })}
              </Text>
            </Box>
          );
        })}
      </div>
    </Box>
  );
}
