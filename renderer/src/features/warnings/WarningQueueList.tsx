import { Badge, Box, Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { GradeSetting } from '@shared/schemas/warning';
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
  const colourOf = (grade: string) => grades.find((g) => g.grade === grade)?.colour ?? FALLBACK_COLOUR[grade] ?? 'gray';

  return (
    <Box ref={scrollRef} style={{ height, overflowY: 'auto' }} data-testid="warning-queue" role="listbox" aria-label={t('warnings.tab')}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index] as QueueItem;
          const overdue = isItemOverdue(item, now);
          return (
            <Box
              key={item.id}
              role="option"
              aria-selected={item.id === selectedId}
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
                background: overdue ? 'var(--mantine-color-red-1)' : item.id === selectedId ? 'var(--mantine-color-blue-0)' : undefined,
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
                    {t(`fraudType.${item.fraudType}`, { defaultValue: item.fraudType })}
                  </Text>
                </Group>
                <Group gap={6} wrap="nowrap">
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
